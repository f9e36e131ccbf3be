# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A released controlled order changes only through an applied change
request, and its payment gate and deliveries hold against their users."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import TrackingFixtures

ORM_LOG = "odoo.models"


@tagged("post_install", "-at_install")
class TestReleasedLock(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.order = cls._released_order(user=cls.salesman)
        cls.line = cls.order.order_line[0]

    def _line_vals(self, **vals):
        values = {
            "order_id": self.order.id,
            "product_id": self.product_b.id,
            "product_uom_qty": 3,
        }
        values.update(vals)
        return values

    def test_cancel_button_does_not_cancel_a_released_order(self):
        """Cancelling a released order is a closure by agreement, approved by a
        department head; the Cancel button (or its wizard) refuses it."""
        for user in (self.salesman, self.manager):
            with self.assertRaisesRegex(UserError, "closure request"):
                self.order.with_user(user).with_context(
                    disable_cancel_warning=True
                ).action_cancel()
        self.assertEqual(self.order.state, "sale")
        self.assertNotIn("cancel", self.order.picking_ids.mapped("state"))

    @mute_logger(ORM_LOG)
    def test_adding_a_line_through_a_context_default_is_refused(self):
        vals = self._line_vals()
        del vals["order_id"]
        Line = (
            self.env["sale.order.line"]
            .with_user(self.salesman)
            .with_context(default_order_id=self.order.id)
        )
        with self.assertRefused(UserError, "is released"):
            Line.create(vals)
        self.assertEqual(len(self.order.order_line), 1)

    @mute_logger(ORM_LOG)
    def test_adding_a_line_is_refused(self):
        total = self.order.amount_total
        Line = self.env["sale.order.line"].with_user(self.salesman)
        with self.assertRefused(UserError, "is released"):
            Line.create(self._line_vals())
        with self.assertRefused(UserError, "is released"):
            self.order.with_user(self.salesman).write(
                {"order_line": [Command.create(self._line_vals())]}
            )
        # a down-payment line is not a way in either, whatever the context says
        with self.assertRefused(UserError, "is released"):
            Line.with_context(order_tracking_down_payment=True).create(
                self._line_vals(is_downpayment=True)
            )
        with self.assertRefused(UserError, "is released"):
            Line.create(self._line_vals(display_type="line_note", name="Note"))
        self.assertEqual(self.order.amount_total, total)
        self.assertEqual(len(self.order.order_line), 1)

    @mute_logger(ORM_LOG)
    def test_a_line_cannot_be_moved_into_a_released_order(self):
        quotation = self._create_order(user=self.salesman)
        with self.assertRefused(UserError, "is released"):
            quotation.order_line.with_user(self.salesman).write(
                {"order_id": self.order.id}
            )
        with self.assertRefused(UserError, "is released"):
            self.line.with_user(self.salesman).write({"order_id": quotation.id})

    @mute_logger(ORM_LOG)
    def test_the_down_payment_flag_does_not_lift_the_lock(self):
        with self.assertRefused(UserError, "is released"):
            self.line.with_user(self.salesman).write({"is_downpayment": True})
        self.assertFalse(self.line.is_downpayment)
        with self.assertRefused(UserError, "is released"):
            self.line.with_user(self.salesman).write(
                {"is_downpayment": True, "product_uom_qty": 50}
            )

    @mute_logger(ORM_LOG)
    def test_packaging_does_not_change_the_quantity(self):
        packaging = self.env["product.packaging"].create(
            {"name": "Box of 10", "product_id": self.line.product_id.id, "qty": 10}
        )
        qty = self.line.product_uom_qty
        for vals in (
            {"product_packaging_id": packaging.id},
            {"product_packaging_id": packaging.id, "product_packaging_qty": 5},
            {"product_packaging_qty": 5},
        ):
            with self.subTest(vals=vals), self.assertRefused(UserError, "is released"):
                self.line.with_user(self.salesman).write(vals)
        self.assertEqual(self.line.product_uom_qty, qty)

    @mute_logger(ORM_LOG)
    def test_a_note_line_does_not_become_a_product_line(self):
        # a note added before the release
        quotation = self._create_order(
            user=self.salesman,
            lines=[(self.product, 1)],
        )
        quotation.write(
            {
                "order_line": [
                    Command.create({"display_type": "line_note", "name": "Gate 3"})
                ]
            }
        )
        self._release(quotation, self.salesman)
        note = quotation.order_line.filtered("display_type")
        with self.assertRefused(UserError, "is released"):
            note.with_user(self.salesman).write(
                {
                    "display_type": False,
                    "product_id": self.product_b.id,
                    "product_uom_qty": 10,
                    "price_unit": 1.0,
                }
            )
        # its text is not commercial content
        note.with_user(self.salesman).write({"name": "Gate 4"})

    def test_down_payment_wizard_still_invoices_a_released_order(self):
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=self.order.ids)
            .create({"advance_payment_method": "fixed", "fixed_amount": 50.0})
        )
        wizard.create_invoices()
        down_payments = self.order.order_line.filtered("is_downpayment")
        self.assertTrue(down_payments)
        invoice = down_payments.invoice_lines.move_id
        self.assertEqual(invoice.amount_total, 50.0)
        invoice.sudo().action_post()
        self.assertEqual(invoice.state, "posted")


@tagged("post_install", "-at_install")
class TestPaymentGateForgery(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.company.order_payment_gate = True
        cls.order = cls._released_order(
            user=cls.salesman, order_payment_method="prepay"
        )

    @mute_logger(ORM_LOG)
    def test_payment_method_is_fixed_at_release(self):
        self.assertTrue(self.order.payment_gate_blocked)
        for user in (self.salesman, self.manager):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "is released"),
            ):
                self.order.with_user(user).write({"order_payment_method": "credit"})
        self.assertTrue(self.order.payment_gate_blocked)

    @mute_logger(ORM_LOG)
    def test_override_fields_belong_to_the_override_action(self):
        values = {
            "payment_gate_override_reason": "Forged",
            "payment_gate_override_by_id": self.finance.id,
            "payment_gate_override_date": "2026-01-01 00:00:00",
        }
        for user in (self.salesman, self.finance, self.manager):
            for name, value in values.items():
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaises(AccessError),
                ):
                    self.order.with_user(user).write({name: value})
        self.assertTrue(self.order.payment_gate_blocked)
        copy = (
            self.order.with_user(self.salesman)
            .with_context(default_payment_gate_override_date="2026-01-01 00:00:00")
            .copy()
        )
        self.assertFalse(copy.payment_gate_override_date)

    @mute_logger(ORM_LOG)
    def test_a_stock_user_cannot_unlink_the_delivery_from_its_order(self):
        picking = self._delivery(self.order)
        user_picking = picking.with_user(self.storekeeper)
        with self.assertRaises(AccessError):
            user_picking.write({"sale_id": False})
        other = self._released_order(user=self.salesman, order_payment_method="credit")
        with self.assertRaises(AccessError):
            user_picking.write({"sale_id": other.id})
        with self.assertRaises(AccessError):
            user_picking.write({"group_id": False})
        with self.assertRaises(AccessError):
            picking.group_id.with_user(self.storekeeper).write({"sale_id": False})
        self.assertEqual(picking.sale_id, self.order)
        with self.assertRefused(UserError, "paid before shipping"):
            self._validate_delivery(self.order)
        # what the delivery's users fill in stays theirs
        user_picking.write(
            {"shipping_tracking_ref": "SF1234567890", "shipping_mode": "rail"}
        )
