# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestPaymentGate(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.company.order_payment_gate = True

    def _prepay_order(self):
        return self._released_order(order_payment_method="prepay")

    def test_unpaid_prepay_delivery_is_refused(self):
        order = self._prepay_order()
        self.assertTrue(order.payment_gate_blocked)
        with self.assertRefused(UserError, "paid before shipping.*register"):
            self._validate_delivery(order)
        self.assertNotEqual(self._delivery(order).state, "done")
        # invoiced but not paid: still refused
        self._invoice(order)
        with self.assertRefused(UserError, "paid before shipping"):
            self._validate_delivery(order)

    def test_paid_prepay_delivery_passes(self):
        order = self._prepay_order()
        self._pay(self._invoice(order))
        self.assertFalse(order.payment_gate_blocked)
        picking = self._delivery(order)
        self._validate_delivery(order)
        self.assertEqual(picking.state, "done")
        self.assertTrue(self._milestone(order, "paid").date_actual)
        self.assertTrue(self._milestone(order, "shipped").date_actual)

    def test_gate_off_or_other_methods_do_not_wait(self):
        credit = self._released_order(order_payment_method="credit")
        self._validate_delivery(credit)
        self.assertEqual(credit.picking_ids.state, "done")
        self.company.order_payment_gate = False
        prepay = self._prepay_order()
        self.assertFalse(prepay.payment_gate_blocked)
        self._validate_delivery(prepay)
        self.assertEqual(prepay.picking_ids.state, "done")

    def test_finance_manager_overrides_with_a_reason(self):
        order = self._prepay_order()
        action = order.with_user(self.finance).action_override_payment_gate()
        self.assertEqual(action["res_model"], "order.payment.gate.wizard")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.finance)
            .with_context(**action["context"])
        )
        wizard.reason = "Key account, payment confirmed by phone by the CFO"
        wizard.save().action_confirm()
        self.assertEqual(order.payment_gate_override_by_id, self.finance)
        self.assertIn("confirmed by phone", order.message_ids[0].body)
        self.assertFalse(order.payment_gate_blocked)
        picking = self._delivery(order)
        self._validate_delivery(order)
        self.assertEqual(picking.state, "done")

    def test_override_without_reason_is_refused(self):
        order = self._prepay_order()
        with self.assertRefused(UserError, "Give a reason"):
            order.with_user(self.finance).action_override_payment_gate(reason="  ")
        wizard = (
            self.env["order.payment.gate.wizard"]
            .with_user(self.finance)
            .create({"order_ids": [(6, 0, order.ids)]})
        )
        with self.assertRefused(UserError, "Give a reason"):
            wizard.action_confirm()
        self.assertTrue(order.payment_gate_blocked)

    def test_only_finance_managers_override(self):
        order = self._prepay_order()
        for user in (self.salesman, self.manager, self.tracker, self.storekeeper):
            with self.subTest(user=user.login):
                with self.assertRefused(AccessError, "finance managers"):
                    order.with_user(user).action_override_payment_gate(reason="why not")
        self.assertTrue(order.payment_gate_blocked)

    def test_cash_on_delivery_amount_on_the_delivery_slip(self):
        order = self._released_order(order_payment_method="cod")
        picking = self._delivery(order)
        self.assertEqual(picking.order_cod_amount, order.amount_total)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("stock.action_report_delivery", picking.ids)[0]
            .decode()
        )
        self.assertIn("Cash on Delivery", html)
        self.assertIn("200.00", html)  # 2 x 100.00
        credit = self._released_order()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "stock.action_report_delivery", self._delivery(credit).ids
            )[0]
            .decode()
        )
        self.assertNotIn("Cash on Delivery", html)
