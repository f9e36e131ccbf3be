# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The tracking forms as users print them: real PDFs of records made by the
real flows, read back as text (pdftotext), in zh_CN."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.order_entry_control.tests.report_tester import ReportTester

from .common import TrackingFixtures
from .request_common import OrderRequestFixtures

CHANGE_FORM = "order_tracking.action_report_order_change_request"
CLOSURE_FORM = "order_tracking.action_report_order_closure_request"
ALLOCATION_FORM = "order_tracking.action_report_order_allocation"
TRACKING_FORM = "order_tracking.action_report_order_tracking"
NOTICE_FORM = "order_tracking.action_report_shipping_notice"
ORDER_NOTICE_FORM = "order_tracking.action_report_order_shipping_notice"
SECONDS = r"\d{1,2}:\d{2}:\d{2}|秒"


@tagged("post_install", "-at_install")
class TestRequestForms(ReportTester, OrderRequestFixtures, HttpCase):
    """订单变更申请表 and 订单关闭申请表."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls._setup_report_languages(["order_entry_control", "order_tracking"])
        for user in (cls.clerk, cls.head, cls.reviewer, cls.approver):
            user.lang = "zh_CN"
        cls.order = cls._released_order()

    def test_header_only_change_prints_old_and_new_address(self):
        address = self.env["res.partner"].create(
            {
                "name": "Huadong Ningbo Warehouse",
                "parent_id": self.customer.id,
                "type": "delivery",
                "street": "9 Port Road",
                "city": "Ningbo",
            }
        )
        request = self._change(
            self.order,
            new_partner_shipping_id=address.id,
            impact="Transport to Ningbo: one more day.",
        )
        self.assertFalse(request.line_ids)
        text = self._pdf_text(CHANGE_FORM, request, self.clerk)
        self.assertIn("订单变更申请表", text)
        self.assertIn(request.name, text)
        # old and new side by side, the addresses in full
        self.assertIn("88 Century Avenue", text)
        self.assertIn("9 Port Road", text)
        self.assertIn("Ningbo", text)
        self.assertIn("Transport to Ningbo", text)
        self.assertRegex(text, r"申请人\s+部门负责人\s+审核")
        self.assertNotIn(self.head.name, text)

        self._approve_change(request)
        text = self._pdf_text(CHANGE_FORM, request, self.clerk)
        signatures = text[text.index("部门负责人") :]
        self.assertIn(self.clerk.name, signatures)
        self.assertIn(self.head.name, signatures)
        self.assertRegex(signatures, r"\d{4}年\d{2}月\d{2}日 \d{2}时\d{2}分")
        self.assertNotRegex(text, SECONDS)

    def test_line_change_prints_old_and_new_quantities(self):
        bolt_line = self.order.order_line.filtered(
            lambda line: line.product_id == self.bolt
        )
        request = self._change(
            self.order, [{"sale_line_id": bolt_line.id, "new_qty": 12}]
        )
        text = self._pdf_text(CHANGE_FORM, request, self.clerk, lang="en_US")
        self.assertIn("Order Change Request Form", text)
        self.assertIn("Hex bolt M12", text)
        self.assertRegex(text, r"10\.00\s+12\.00")

    def test_closure_request_with_its_evidence(self):
        picking = self._deliver(self.order)
        invoice = self._invoice_and_pay(self.order)
        request = self._closure(self.order)
        request.with_user(self.clerk).action_submit()
        request.with_user(self.head).action_approve()
        self.assertEqual(request.state, "approved")
        text = self._pdf_text(CLOSURE_FORM, request, self.clerk)
        self.assertIn("订单关闭申请表", text)
        self.assertIn(request.name, text)
        self.assertIn(picking.name, text)
        self.assertIn(invoice.name, text)
        self.assertRegex(text, r"申请人\s+部门负责人")
        signatures = text[text.index("部门负责人") :]
        self.assertIn(self.head.name, signatures)
        self.assertNotRegex(text, SECONDS)

    def test_access_rules_hold_for_the_request_forms(self):
        request = self._change(self.order, new_client_order_ref="PO-1")
        outsider = self.env["res.users"].create(
            {
                "name": "Portal Outsider",
                "login": "oc_outsider",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRefused(AccessError, "."):
            self._render_pdf(CHANGE_FORM, request, outsider)


@tagged("post_install", "-at_install")
class TestTrackingForms(ReportTester, TrackingFixtures, HttpCase):
    """订单分配表, 订单跟踪表 and 发货通知单."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls._setup_report_languages(["order_entry_control", "order_tracking"])
        for user in (cls.clerk, cls.storekeeper):
            user.lang = "zh_CN"
        cls.order = cls._released_order(order_payment_method="cod")

    def test_allocation_table(self):
        text = self._pdf_text(ALLOCATION_FORM, self.order, self.clerk)
        self.assertIn("订单分配表", text)
        self.assertIn(self.order.name, text)
        self.assertIn("Plan and produce", text)
        self.assertIn(self.head.name, text)
        self.assertRegex(text, r"制单\s+部门负责人\s+跟踪员")
        self.assertNotRegex(text, SECONDS)

    def test_tracking_table_shows_lateness_in_hours(self):
        # released on Monday 2 November 2026 at 09:00 in Shanghai
        with freeze_time(self._shanghai(2026, 11, 2, 9, 0)):
            order = self._released_order()
        milestone = order.milestone_ids.filtered(lambda m: not m.date_actual)[:1]
        # planned at 10:00, done at 13:30 the same day: 2.5 working hours late
        # (the break from 12:00 to 13:00 does not count)
        milestone.sudo().write(
            {
                "date_planned": self._shanghai(2026, 11, 2, 10, 0),
                "date_actual": self._shanghai(2026, 11, 2, 13, 30),
            }
        )
        self.assertEqual(milestone._get_report_late_hours(), 2.5)
        text = self._pdf_text(TRACKING_FORM, order, self.clerk)
        self.assertIn("订单跟踪表", text)
        self.assertRegex(
            text, r"2026年11月02日 10时00分\s+2026年11月02日 13时30分\s+2\.5"
        )
        self.assertNotRegex(text, SECONDS)

    def test_shipping_notice_from_the_delivery_and_the_order(self):
        picking = self._delivery(self.order)
        text = self._pdf_text(NOTICE_FORM, picking, self.storekeeper)
        self.assertIn("发货通知单", text)
        self.assertIn(picking.name, text)
        self.assertIn(self.order.name, text)
        self.assertIn("Steel bracket M8", text)
        self.assertIn("88 Century Avenue", text)
        self.assertRegex(text, r"仓库\s+发货人\s+客户签收")
        # cash on delivery: 2 × 100.00 to collect
        self.assertIn("货到付款", text)
        self.assertRegex(text, r"200\.00")
        self.assertNotRegex(text, SECONDS)
        text = self._pdf_text(ORDER_NOTICE_FORM, self.order, self.clerk)
        self.assertIn("发货通知单", text)
        self.assertIn(picking.name, text)

    def test_dates_print_to_the_minute(self):
        order = self._create_order(
            commitment_date=self._shanghai(2026, 12, 4, 16, 46, 53)
        )
        text = self._pdf_text(ALLOCATION_FORM, order, self.clerk)
        self.assertIn("2026年12月04日 16时46分", text)
        self.assertNotIn("53秒", text)
