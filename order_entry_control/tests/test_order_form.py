# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The printed order (销售订单 / 订单确认单): real PDFs read back as text, and
the amount in Chinese capitals."""

import re

import cn2an

from odoo.exceptions import AccessError
from odoo.tests import BaseCase, HttpCase, tagged

from ..models.ir_qweb_field_datetime import strip_seconds
from ..tools.amount_capitals import amount_to_chinese_capitals
from .common import OrderControlFixtures
from .report_tester import ReportTester

ORDER_FORM = "order_entry_control.action_report_order_form"


@tagged("post_install", "-at_install")
class TestAmountCapitals(BaseCase):
    """大写金额 as written on Chinese invoices (worked out by hand)."""

    def test_invoice_convention(self):
        cases = {
            # fen only: no 元, no 整 after 分
            "0.05": "人民币伍分",
            # whole yuan: 整; 壹拾, not 拾
            "10.00": "人民币壹拾元整",
            # zeros inside the yuan: one 零
            "1001.00": "人民币壹仟零壹元整",
            # 角 without 分: 整 (cn2an drops it)
            "1234.50": "人民币壹仟贰佰叁拾肆元伍角整",
            # yuan digit 0 before 角: 零 after 元 (cn2an drops it), then 整
            "100000.10": "人民币壹拾万元零壹角整",
            "1000001.00": "人民币壹佰万零壹元整",
            # 角 of 0 before 分: 零 after 元, no 整
            "1.05": "人民币壹元零伍分",
            "0.50": "人民币伍角整",
            "0": "人民币零元整",
        }
        for amount, words in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_chinese_capitals(amount), words)

    def test_what_cn2an_gives_and_why_it_is_corrected(self):
        # cn2an's own "rmb" mode: no 整 after 角, no 零 after a yuan digit of 0
        # (the helper spells the integer part with cn2an and the rest itself)
        self.assertEqual(cn2an.an2cn("1234.50", "rmb"), "壹仟贰佰叁拾肆元伍角")
        self.assertEqual(cn2an.an2cn("100000.10", "rmb"), "壹拾万元壹角")

    def test_floats_round_half_up_to_the_fen(self):
        self.assertEqual(
            amount_to_chinese_capitals(1234.5), "人民币壹仟贰佰叁拾肆元伍角整"
        )
        self.assertEqual(amount_to_chinese_capitals(0.125), "人民币壹角叁分")
        self.assertEqual(amount_to_chinese_capitals(-3.2), "人民币负叁元贰角整")

    def test_seconds_stripped_from_every_time_format(self):
        cases = {
            "%H时%M分%S秒": "%H时%M分",
            "%H:%M:%S": "%H:%M",
            "%I:%M:%S %p": "%I:%M %p",
            "%H시 %M분 %S초": "%H시 %M분",
            "%H,%M,%S": "%H,%M",
        }
        for pattern, expected in cases.items():
            with self.subTest(pattern=pattern):
                self.assertEqual(strip_seconds(pattern), expected)


@tagged("post_install", "-at_install")
class TestOrderForm(ReportTester, OrderControlFixtures, HttpCase):
    """The order form in zh_CN: capitals, signatures, minutes, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls._setup_report_languages(["order_entry_control"])
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "CNY", "currency_id": cny.id, "company_id": cls.company.id}
        )
        cls.product_cny = cls._create_product("Steel bracket M12", 617.25)
        for user in (cls.clerk, cls.reviewer, cls.approver, cls.salesman):
            user.lang = "zh_CN"

    def _cny_order(self):
        # 2 × 617.25 = 1,234.50 yuan, no taxes
        order = self._create_order(
            lines=[(self.product_cny, 2, {"price_unit": 617.25})],
            pricelist_id=self.pricelist.id,
            received_datetime=self._shanghai(2026, 12, 4, 16, 46, 53),
        )
        self.assertEqual(order.currency_id.name, "CNY")
        self.assertEqual(order.amount_total, 1234.50)
        return order

    def test_capitals_and_minutes(self):
        order = self._cny_order()
        text = self._pdf_text(ORDER_FORM, order, self.clerk)
        self.assertIn("销售订单", text)
        self.assertIn(order.name, text)
        self.assertIn("人民币壹仟贰佰叁拾肆元伍角整", text)
        # received 16:46:53 in Shanghai: printed to the minute
        self.assertIn("2026年12月04日 16时46分", text)
        self.assertNotIn("秒", text)
        self.assertNotRegex(text, r"\d{1,2}:\d{2}:\d{2}")
        # the date of issue and the page numbers
        self.assertIn("签发日期", text)
        self.assertRegex(text, r"1\s*/\s*1")

    def test_no_capitals_outside_yuan(self):
        order = self._create_order()
        self.assertNotEqual(order.currency_id.name, "CNY")
        text = self._pdf_text(ORDER_FORM, order, self.clerk, lang="en_US")
        self.assertIn("Sales Order", text)
        self.assertNotIn("人民币", text)
        self.assertNotRegex(text, r"\d{1,2}:\d{2}:\d{2}")

    def test_delivery_range_and_special_requests(self):
        order = self._create_order(
            commitment_date=self._shanghai(2026, 12, 14, 9, 0),
            commitment_date_end=self._shanghai(2026, 12, 16, 17, 30),
            special_requests="Call Mr Li before unloading; dock 3 only",
        )
        text = self._pdf_text(ORDER_FORM, order, self.clerk)
        self.assertIn("2026年12月14日 09时00分", text)
        self.assertIn("2026年12月16日 17时30分", text)
        self.assertIn("Call Mr Li before unloading; dock 3 only", text)

    def _signature_text(self, text):
        """The part of the form from the signature labels on."""
        start = text.index("制单")
        return text[start:]

    def test_signatures_from_the_review(self):
        order = self._cny_order()
        # a draft: three blank boxes for a pen
        signatures = self._signature_text(self._pdf_text(ORDER_FORM, order, self.clerk))
        self.assertRegex(signatures, r"制单\s+审核\s+批准")
        for name in (self.clerk.name, self.reviewer.name, self.approver.name):
            self.assertNotIn(name, signatures)
        # submitted: who made the order signs 制单, the review boxes stay blank
        self._submit(order)
        signatures = self._signature_text(self._pdf_text(ORDER_FORM, order, self.clerk))
        self.assertIn(self.clerk.name, signatures)
        self.assertNotIn(self.reviewer.name, signatures)
        self.assertNotIn(self.approver.name, signatures)
        # reviewed and approved through the engine: who decided, and when
        self._approve_fully(order)
        text = self._pdf_text(ORDER_FORM, order, self.clerk)
        signatures = self._signature_text(text)
        self.assertIn(self.reviewer.name, signatures)
        self.assertIn(self.approver.name, signatures)
        decided = order.review_ids.filtered(lambda r: r.state == "done")
        self.assertEqual(len(decided), 2)
        self.assertEqual(
            len(re.findall(r"\d{4}年\d{2}月\d{2}日 \d{2}时\d{2}分", signatures)), 3
        )
        self.assertNotIn("秒", text)

    def test_traditional_chinese(self):
        order = self._cny_order()
        text = self._pdf_text(ORDER_FORM, order, self.clerk, lang="zh_TW")
        self.assertIn("銷售訂單", text)
        self.assertRegex(text, r"製單\s+審核\s+批准")
        self.assertIn("2026年12月04日 16時46分", text)
        self.assertNotIn("秒", text)

    def test_confirmed_order_is_an_order_confirmation(self):
        order = self._approve_fully(self._submit(self._cny_order()))
        order.with_user(self.clerk).action_confirm()
        text = self._pdf_text(ORDER_FORM, order, self.clerk)
        self.assertIn("订单确认单", text)

    def test_access_rules_hold_for_the_form(self):
        order = self._cny_order()
        # a salesman sees his own orders only: the clerk's is not his
        with self.assertRefused(AccessError, "sale.order|销售订单|Sales Order"):
            self._render_pdf(ORDER_FORM, order, self.salesman)
        with self.assertRefused(AccessError, "sale.order|销售订单|Sales Order"):
            order.with_user(self.salesman)._get_report_signature_boxes()
