# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The intake data the entry regulation lists: honest receipt times, the
customer's stated total by channel, the delivery date range, special requests
on the delivery slip, the order taker, the clerk who enters orders for the
sales reps, the customer's full legal name and the form of phone and e-mail."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CLERK, MANAGER, OrderControlFixtures

VALID_USCC = "91110000600037341L"
WRONG_CHECK_DIGIT = "91110000600037341A"


@tagged("post_install", "-at_install")
class TestIntake(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.rep = cls.salesman  # a sales rep who took orders from customers

    def _kinds(self, order):
        order.with_user(self.clerk).action_run_checks()
        return sorted(set(order.finding_ids.mapped("kind")))

    def _messages(self, order, kind):
        order.with_user(self.clerk).action_run_checks()
        return " ".join(
            order.finding_ids.filtered(lambda f: f.kind == kind).mapped("message")
        )

    # === RECEIPT TIME === #

    def test_phone_order_without_received_time_cannot_be_submitted(self):
        order = self._create_order(entry_channel="phone", received_datetime=False)
        self.assertFalse(order.received_datetime, "no default for a phone order")
        self.assertFalse(order.entry_deadline)
        with self.assertRefused(UserError, r"fill in Received On"):
            self._submit(order)
        self.assertEqual(order.review_state, "draft")
        # entered as the clerk heard it: then the order goes
        order.with_user(self.clerk).received_datetime = order.entered_datetime
        self._submit(order)
        self.assertEqual(order.review_state, "to_review")

    def test_new_order_of_a_person_channel_has_no_received_time(self):
        form = Form(self.env["sale.order"].with_user(self.clerk))
        form.partner_id = self.customer
        form.entry_channel = "fax"
        self.assertFalse(form.received_datetime)

    def test_received_time_later_than_entry_is_refused(self):
        an_hour_ago = fields.Datetime.now() - timedelta(hours=1)
        with freeze_time(an_hour_ago):
            order = self._create_order(entry_channel="phone", received_datetime=False)
        self.assertEqual(order.entered_datetime, an_hour_ago.replace(microsecond=0))
        with self.assertRefused(ValidationError, r"later than its entry"):
            order.with_user(self.clerk).write(
                {"received_datetime": order.entered_datetime + timedelta(minutes=5)}
            )

    def test_received_time_in_the_future_is_refused(self):
        order = self._create_order(entry_channel="phone", received_datetime=False)
        with self.assertRefused(ValidationError, r"is in the future"):
            order.with_user(self.clerk).write(
                {"received_datetime": fields.Datetime.now() + timedelta(hours=2)}
            )

    def test_web_and_portal_orders_carry_the_system_time(self):
        for channel in ("web", "portal"):
            # whatever a client sends, the system's time stands
            order = self._create_order(entry_channel=channel, received_datetime=False)
            self.assertEqual(order.received_datetime, order.entered_datetime)
            order.with_user(self.clerk).received_datetime = (
                order.entered_datetime - timedelta(hours=3)
            )
            self.assertEqual(order.received_datetime, order.entered_datetime)
            self.assertTrue(order.entry_deadline, "the entry timeliness counts it")

    # === STATED TOTAL BY CHANNEL === #

    def test_web_order_without_stated_total_passes(self):
        order = self._create_order(
            stated=False, entry_channel="web", received_datetime=False
        )
        self.assertNotIn("amount", self._kinds(order))
        self._submit(order)
        self.assertEqual(order.review_state, "to_review")

    def test_stated_total_required_only_with_a_customer_document(self):
        emailed = self._create_order(stated=False, entry_channel="email")
        self.assertIn("total written", self._messages(emailed, "amount"))
        phoned = self._create_order(stated=False, entry_channel="phone")
        self.assertNotIn("amount", self._kinds(phoned))
        # a stated total, when given, is still compared
        phoned.customer_stated_total = phoned.amount_total + 5
        self.assertIn("differs", self._messages(phoned, "amount"))

    def test_company_policy_takes_the_place_of_the_shared_one(self):
        self.env["order.channel.policy"].with_user(self.manager).create(
            {
                "channel": "phone",
                "company_id": self.company.id,
                "received_by_person": True,
                "customer_document": True,
            }
        )
        phoned = self._create_order(stated=False, entry_channel="phone")
        self.assertIn("amount", self._kinds(phoned))

    def test_channel_policy_refusals(self):
        Policy = self.env["order.channel.policy"].with_user(self.manager)
        with self.assertRefused(ValidationError, r"already has a policy"):
            Policy.create({"channel": "email"})
        with self.assertRefused(ValidationError, r"through a person"):
            Policy.create(
                {
                    "channel": "fax",
                    "company_id": self.company.id,
                    "received_by_person": False,
                }
            )

    # === DELIVERY DATE RANGE === #

    def test_range_with_end_before_start_is_refused(self):
        order = self._create_order()
        with self.assertRefused(ValidationError, r"is before the delivery date"):
            order.with_user(self.clerk).commitment_date_end = (
                order.commitment_date - timedelta(days=1)
            )

    def test_delivery_check_uses_both_ends_of_the_range(self):
        now = fields.Datetime.now()
        open_range = self._create_order(
            commitment_date=now - timedelta(days=1),
            commitment_date_end=now + timedelta(days=5),
        )
        self.assertNotIn("delivery_date", self._kinds(open_range))
        past = self._create_order(
            commitment_date=now - timedelta(days=3),
            commitment_date_end=now - timedelta(days=1),
        )
        self.assertIn("in the past", self._messages(past, "delivery_date"))
        self.product.sale_delay = 7
        short = self._create_order(
            commitment_date=now + timedelta(days=1),
            commitment_date_end=now + timedelta(days=3),
        )
        self.assertIn("lead time", self._messages(short, "delivery_date"))

    # === SPECIAL REQUESTS === #

    def test_special_requests_reach_the_delivery_slip(self):
        text = "Deliver between 9:00 and 11:00; call Li Wei before unloading."
        order = self._create_order(special_requests=text)
        self._submit(order)
        self._approve_fully(order)
        order.with_user(self.clerk).action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.special_requests, text)
        stock_user = new_test_user(
            self.env,
            login="oc_driver_desk",
            groups="base.group_user,stock.group_stock_user",
            company_id=self.company.id,
        )
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(stock_user)
            ._render_qweb_html("stock.action_report_delivery", picking.ids)
        )
        self.assertIn("Special Requests", html.decode())
        self.assertIn("call Li Wei before unloading", html.decode())

    # === ORDER TAKER === #

    def test_order_taker_is_the_salesperson_not_the_clerk(self):
        form = Form(self.env["sale.order"].with_user(self.clerk))
        form.partner_id = self.customer
        form.user_id = self.rep
        self.assertEqual(form.order_taker_id, self.rep)
        order = self._create_order(user_id=self.rep.id)
        self.assertEqual(order.order_taker_id, self.rep)

    def test_order_taker_required_at_submission(self):
        order = self._create_order()
        order.with_user(self.clerk).order_taker_id = False
        with self.assertRefused(UserError, r"fill in Order Taker"):
            self._submit(order)

    # === A CLERK ENTERS ORDERS FOR THE SALES REPS === #

    def test_clerk_keeps_the_orders_entered_for_a_rep(self):
        order = self._create_order(user_id=self.rep.id)
        as_clerk = order.with_user(self.clerk)
        as_clerk.invalidate_recordset()
        self.assertEqual(as_clerk.user_id, self.rep)
        self.assertEqual(as_clerk.order_line.product_id, self.product)
        as_clerk.note = "Checked with the customer"
        as_clerk.action_submit_review()
        self.assertEqual(as_clerk.review_state, "to_review")
        self.assertTrue(as_clerk.finding_ids.ids is not None)
        self.assertTrue(as_clerk.review_ids)

    def test_clerk_does_not_read_orders_entered_by_others(self):
        clerk2 = new_test_user(
            self.env,
            login="oc_clerk2_intake",
            groups=f"base.group_user,{CLERK}",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        theirs = self._create_order(user=clerk2, user_id=self.rep.id)
        with (
            mute_logger("odoo.addons.base.models.ir_rule"),
            self.assertRefused(AccessError, r"."),
        ):
            theirs.with_user(self.clerk).read(["name"])
        self.assertNotIn(
            theirs, self.env["sale.order"].with_user(self.clerk).search([])
        )

    # === CUSTOMER: LEGAL NAME, PHONE, E-MAIL === #

    def _chinese_customer(self, name, **vals):
        customer = self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "country_id": self.env.ref("base.cn").id,
                "street": "1 Bantian",
                "city": "Shenzhen",
                **vals,
            }
        )
        self.env["res.partner"].create(
            {"name": "Wang Fang", "parent_id": customer.id, "mobile": "13800138000"}
        )
        return customer

    def test_abbreviation_fails_the_customer_check(self):
        order = self._create_order(partner_id=self._chinese_customer("华为").id)
        messages = self._messages(order, "customer")
        self.assertIn("does not end with a legal form", messages)
        self.assertIn("有限公司", messages)

    def test_legal_form_ending_passes(self):
        customer = self._chinese_customer("华为技术有限公司")
        order = self._create_order(partner_id=customer.id)
        self.assertNotIn("customer", self._kinds(order))

    def test_valid_credit_code_passes_a_short_name(self):
        customer = self._chinese_customer("华为", vat=VALID_USCC)
        order = self._create_order(partner_id=customer.id)
        self.assertNotIn("customer", self._kinds(order))

    def test_wrong_check_digit_fails(self):
        customer = self._chinese_customer("华为", company_registry=WRONG_CHECK_DIGIT)
        order = self._create_order(partner_id=customer.id)
        messages = self._messages(order, "customer")
        self.assertIn(f"code {WRONG_CHECK_DIGIT} is not valid", messages)
        self.assertIn("does not end with a legal form", messages)

    def test_legal_forms_are_editable_on_the_rule(self):
        rule = self.env.ref("order_entry_control.rule_customer")
        rule.with_user(self.manager).legal_forms = "有限公司\n研究院"
        customer = self._chinese_customer("中科院计算技术研究院")
        order = self._create_order(partner_id=customer.id)
        self.assertNotIn("customer", self._kinds(order))

    def test_phone_and_email_are_checked_for_form(self):
        self.contact.write({"phone": "call the office", "email": "li.wei@"})
        order = self._create_order()
        messages = self._messages(order, "customer")
        self.assertIn(
            "Customer: the phone number 'call the office' of the contact 'Li Wei' "
            "is not valid",
            messages,
        )
        self.assertIn(
            "Customer: the e-mail address 'li.wei@' of the contact 'Li Wei' is not "
            "valid",
            messages,
        )
        self.contact.write({"phone": "+86 21 5555 0101 转 12", "email": "li@hd.cn"})
        self.assertNotIn("customer", self._kinds(order))


@tagged("post_install", "-at_install")
class TestChannelPolicyAccess(OrderControlFixtures, TransactionCase):
    """One test per role on the channel policies, and their company rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.other_manager = new_test_user(
            cls.env,
            login="oc_other_manager",
            groups=f"base.group_user,{MANAGER}",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.Policy = cls.env["order.channel.policy"]
        cls.shared_phone = cls.env.ref("order_entry_control.channel_policy_phone")

    def test_clerk_reads_but_does_not_change(self):
        policies = self.Policy.with_user(self.clerk).search([])
        self.assertIn(self.shared_phone, policies)
        with mute_logger("odoo.addons.base.models.ir_model"):
            with self.assertRefused(AccessError, r"."):
                self.shared_phone.with_user(self.clerk).customer_document = True
            with self.assertRefused(AccessError, r"."):
                self.Policy.with_user(self.clerk).create(
                    {"channel": "phone", "company_id": self.company.id}
                )

    def test_reviewer_and_approver_read_only(self):
        for user in (self.reviewer, self.approver):
            with (
                mute_logger("odoo.addons.base.models.ir_model"),
                self.assertRefused(AccessError, r"."),
            ):
                self.shared_phone.with_user(user).received_by_person = False

    def test_manager_configures_their_company(self):
        own = self.Policy.with_user(self.manager).create(
            {"channel": "phone", "company_id": self.company.id}
        )
        own.with_user(self.manager).customer_document = False
        self.assertFalse(own.customer_document)

    def test_other_companys_manager_neither_sees_nor_changes_ours(self):
        own = self.Policy.create({"channel": "fax", "company_id": self.company.id})
        self.assertNotIn(own, self.Policy.with_user(self.other_manager).search([]))
        with (
            mute_logger("odoo.addons.base.models.ir_rule"),
            self.assertRefused(AccessError, r"."),
        ):
            own.with_user(self.other_manager).customer_document = False
        # the shared policy applies to every company: not theirs to change
        with self.assertRefused(AccessError, r"applies to every company"):
            self.shared_phone.with_user(self.other_manager).customer_document = True
