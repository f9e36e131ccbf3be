# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finance in the second review (processing regulation): the shipped finance
step (Credit approval) joins every order, the orders on credit terms or paid
before shipping, or only the orders with a credit finding (the default), as
Settings > Finance Review says."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import OrderControlFixtures

FINANCE_STEP = "Credit approval"


@tagged("post_install", "-at_install")
class TestFinanceReview(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.step = cls.env.ref("order_entry_control.step_credit_approval")
        cls.immediate = cls.env.ref("account.account_payment_term_immediate")
        cls.thirty_days = cls.env.ref("account.account_payment_term_30days")

    def _steps(self, payment_method="cod", term=None, **vals):
        order = self._create_order(
            order_payment_method=payment_method,
            payment_term_id=(term or self.immediate).id,
            **vals,
        )
        self._submit(order)
        return order.review_ids.sorted("sequence").mapped("name")

    def test_the_shipped_step_follows_the_setting(self):
        self.assertEqual(self.step.condition, "finance")
        self.assertEqual(self.company.order_finance_review, "findings")

    def test_default_only_with_credit_findings(self):
        self.assertNotIn(FINANCE_STEP, self._steps("cod"))
        self.assertNotIn(FINANCE_STEP, self._steps("credit", self.thirty_days))
        self.assertNotIn(FINANCE_STEP, self._steps("prepay"))
        # over the credit limit: the credit check finds it, finance reviews it
        self.customer.write({"use_partner_credit_limit": True, "credit_limit": 50.0})
        self.assertEqual(self._steps("cod"), ["First review", FINANCE_STEP, "Approval"])

    def test_credit_terms_or_payment_before_shipping(self):
        self.company.order_finance_review = "terms"
        # cash on delivery, immediate payment: no finance review
        self.assertEqual(self._steps("cod"), ["First review", "Approval"])
        # cash on delivery but 30 days to pay: credit terms
        self.assertIn(FINANCE_STEP, self._steps("cod", self.thirty_days))
        # the payment method says credit terms
        self.assertIn(FINANCE_STEP, self._steps("credit"))
        # payment before shipping: finance sees the payment terms
        self.assertIn(FINANCE_STEP, self._steps("prepay"))
        # no payment term at all is immediate payment
        order = self._create_order(order_payment_method="cod", payment_term_id=False)
        self._submit(order)
        self.assertNotIn(FINANCE_STEP, order.review_ids.mapped("name"))
        # a credit finding still brings finance in
        self.customer.write({"use_partner_credit_limit": True, "credit_limit": 50.0})
        self.assertIn(FINANCE_STEP, self._steps("cod"))

    def test_every_order(self):
        self.company.order_finance_review = "always"
        self.assertEqual(self._steps("cod"), ["First review", FINANCE_STEP, "Approval"])

    def test_finance_decides_its_step(self):
        self.company.order_finance_review = "always"
        order = self._submit(self._create_order(order_payment_method="cod"))
        order.with_user(self.reviewer).action_review_pass()
        self.assertEqual(order.current_review_id.name, FINANCE_STEP)
        self.assertIn(self.finance, order.current_review_id.user_ids)
        self.assertNotIn(self.approver, order.current_review_id.user_ids)
        order.with_user(self.finance).action_approve()
        order.with_user(self.approver).action_approve()
        self.assertEqual(order.review_state, "approved")

    def test_setting_in_the_settings_screen(self):
        settings = Form(self.env["res.config.settings"])
        settings.order_finance_review = "terms"
        settings.save().execute()
        self.assertEqual(self.company.order_finance_review, "terms")

    def test_a_finance_step_may_have_no_checks(self):
        # "findings" needs its checks; the finance step does not (with none,
        # the default setting reaches no order and the others still apply)
        step = self.env["order.review.step"].create(
            {
                "name": "Payment terms check",
                "group_id": self.env.ref("account.group_account_manager").id,
                "step_type": "approval",
                "condition": "finance",
                "company_id": self.company.id,
            }
        )
        self.assertFalse(step.rule_ids)
        with self.assertRefused(ValidationError, "applies on findings"):
            step.condition = "findings"
