# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.payment.tests.common import PaymentCommon

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestOnlinePayment(OrderControlFixtures, PaymentCommon):
    """An online payment submits a controlled quotation instead of confirming it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _pay(self, order, amount=None):
        tx = self._create_transaction(
            flow="redirect",
            sale_order_ids=[order.id],
            state="done",
            amount=order.amount_total if amount is None else amount,
            currency_id=order.currency_id.id,
            partner_id=order.partner_id.id,
            reference=f"TX-{order.name}",
        )
        return tx._check_amount_and_confirm_order()

    def test_full_payment_submits_for_review(self):
        order = self._create_order()
        confirmed = self._pay(order)
        self.assertFalse(confirmed)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "to_review")

    def test_partial_payment_does_nothing(self):
        order = self._create_order()
        self._pay(order, amount=order.amount_total / 10)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "draft")

    def test_payment_of_an_approved_order_confirms_it(self):
        order = self._approve_fully(self._submit(self._create_order()))
        confirmed = self._pay(order)
        self.assertEqual(confirmed, order)
        self.assertEqual(order.state, "sale")

    def test_switch_off_confirms_as_usual(self):
        self.company.order_control_enabled = False
        order = self._create_order()
        self.assertEqual(self._pay(order), order)
        self.assertEqual(order.state, "sale")
