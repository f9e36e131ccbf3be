# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestStockReservation(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.company.order_reservation_mode = "submission"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.cement = cls._create_product("Cement 50 kg", 30.0, storable=True)
        cls.sand = cls._create_product("Sand 1 t", 60.0, storable=True)
        for product, qty in ((cls.cement, 10.0), (cls.sand, 4.0)):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, qty)

    def _free(self, product, warehouse=None):
        product.invalidate_recordset()
        return product.with_context(
            warehouse_id=(warehouse or self.warehouse).id
        ).free_qty

    def _reserved_in_quants(self, product):
        self.env["stock.quant"].invalidate_model()
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id", "child_of", self.stock.id),
            ]
        )
        return sum(quants.mapped("reserved_quantity"))

    def _order(self, lines, **vals):
        return self._create_order(lines=lines, **vals)

    # --- free quantity drops for everyone ---------------------------------------

    def test_submission_reserves_real_stock(self):
        self.assertEqual(self._free(self.cement), 10.0)
        order = self._order([(self.cement, 6), (self.service, 1)])
        self.assertEqual(
            self._free(self.cement), 10.0, "nothing reserved before submission"
        )
        self._submit(order)
        self.assertEqual(self._free(self.cement), 4.0)
        self.assertEqual(self._reserved_in_quants(self.cement), 6.0)
        # the service line is ignored, not an error
        self.assertEqual(order.reservation_ids.product_id, self.cement)
        self.assertEqual(order.reservation_status, "full")
        self.assertEqual(order.order_line[0].order_reserved_qty, 6.0)
        self.assertEqual(order.order_line[1].order_reserved_qty, 0.0)
        # another user sees the lower free quantity too
        other = self._free(self.cement.with_user(self.salesman))
        self.assertEqual(other, 4.0)
        # and a second order is short
        second = self._submit(self._order([(self.cement, 6)], client_order_ref="B"))
        self.assertEqual(second.reservation_status, "partial")
        self.assertEqual(second.reservation_ids.reserved_qty, 4.0)
        self.assertEqual(second.reservation_ids.shortfall_qty, 2.0)
        self.assertEqual(self._free(self.cement), 0.0)

    def test_shortfall_is_a_finding_and_partial_stock_is_reserved(self):
        order = self._order([(self.sand, 7)])
        order.with_user(self.clerk).action_run_checks()
        finding = order.finding_ids.filtered(lambda f: f.kind == "stock")
        self.assertIn("7.0 Units ordered, 4.0 free", finding.message)
        self._submit(order)
        self.assertEqual(order.reservation_ids.reserved_qty, 4.0)
        self.assertEqual(order.reservation_ids.shortfall_qty, 3.0)
        self.assertEqual(self._free(self.sand), 0.0)

    def test_own_reservation_does_not_count_as_a_shortage(self):
        order = self._submit(self._order([(self.cement, 10)]))
        order.with_user(self.reviewer).action_reject(reason="Wrong customer reference")
        self.company.order_reservation_mode = "entry"
        order.with_user(self.clerk).action_run_checks()
        self.assertFalse(order.finding_ids.filtered(lambda f: f.kind == "stock"))

    # --- released on every path -------------------------------------------------

    def test_confirmation_hands_the_units_to_the_delivery(self):
        order = self._approve_fully(self._submit(self._order([(self.cement, 6)])))
        self.assertEqual(self._free(self.cement), 4.0)
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.reservation_ids.state, "consumed")
        move = order.picking_ids.move_ids
        self.assertEqual(move.quantity, 6.0, "the delivery holds the same units")
        self.assertEqual(self._free(self.cement), 4.0, "nobody got them in between")
        self.assertEqual(self._reserved_in_quants(self.cement), 6.0)
        self.assertEqual(order.reservation_ids.move_id.state, "cancel")

    def test_rejection_releases(self):
        order = self._submit(self._order([(self.cement, 6)]))
        order.with_user(self.reviewer).action_reject(reason="Price to check")
        self.assertEqual(order.reservation_ids.state, "released")
        self.assertEqual(self._free(self.cement), 10.0)
        self.assertEqual(self._reserved_in_quants(self.cement), 0.0)
        # resubmission reserves again
        self._submit(order)
        self.assertEqual(self._free(self.cement), 4.0)

    def test_cancellation_releases_a_partial_reservation(self):
        order = self._submit(self._order([(self.sand, 7), (self.cement, 2)]))
        self.assertEqual(order.reservation_status, "partial")
        order.with_user(self.clerk).action_cancel()
        self.assertEqual(set(order.reservation_ids.mapped("state")), {"released"})
        self.assertEqual(self._free(self.sand), 4.0)
        self.assertEqual(self._free(self.cement), 10.0)
        self.assertEqual(self._reserved_in_quants(self.sand), 0.0)

    def test_expiry_by_cron(self):
        cron = self.env.ref("order_entry_control.ir_cron_order_reservation_expiry")
        with freeze_time(self._shanghai(2026, 11, 2, 9, 0)):
            order = self._submit(self._order([(self.cement, 6)]))
        # approval SLA 8 h + margin 8 h = two 8-hour working days: Tuesday 18:00
        expiry = order.reservation_ids.expiry_date
        self.assertEqual(expiry, self._shanghai(2026, 11, 3, 18, 0))
        with freeze_time(expiry - timedelta(minutes=1)):
            cron.method_direct_trigger()
        self.assertEqual(order.reservation_ids.state, "active")
        with freeze_time(expiry + timedelta(minutes=1)):
            cron.method_direct_trigger()
        self.assertEqual(order.reservation_ids.state, "expired")
        self.assertEqual(order.reservation_status, "expired")
        self.assertEqual(self._free(self.cement), 10.0)
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: (
                    m.subtype_id
                    == self.env.ref("order_entry_control.mt_order_reservation")
                    and "expired" in m.body
                )
            )
        )

    def test_expired_reservation_is_reserved_again_at_confirmation(self):
        order = self._submit(self._order([(self.cement, 6)]))
        order.reservation_ids._end("expired", "test")
        self._approve_fully(order)
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.picking_ids.move_ids.quantity, 6.0)
        self.assertEqual(self._free(self.cement), 4.0)

    def test_mode_never_reserves_nothing(self):
        self.company.order_reservation_mode = "never"
        order = self._submit(self._order([(self.cement, 6)]))
        self.assertFalse(order.reservation_ids)
        self.assertEqual(self._free(self.cement), 10.0)

    def test_mode_entry_reserves_at_entry_and_follows_the_lines(self):
        self.company.order_reservation_mode = "entry"
        order = self._order([(self.cement, 6)])
        self.assertEqual(self._free(self.cement), 4.0)
        order.order_line.with_user(self.clerk).product_uom_qty = 3
        order.with_user(self.clerk).customer_stated_total = order.amount_total
        self.assertEqual(self._free(self.cement), 7.0)
        self.assertEqual(
            order.reservation_ids.filtered(lambda r: r.state == "active").reserved_qty,
            3.0,
        )
        self._submit(order)
        self.assertEqual(
            self._free(self.cement), 7.0, "submission keeps the entry reservation"
        )
        order.with_user(self.clerk).action_cancel()
        self.assertEqual(self._free(self.cement), 10.0)

    def test_warehouse_without_stock_location_is_refused(self):
        order = self._order([(self.cement, 1)])
        # Odoo requires a stock location on a warehouse; the guard covers a
        # warehouse record without one all the same
        empty = self.env["stock.warehouse"].new({"name": "Empty", "code": "EMP"})
        with self.assertRefused(UserError, "Empty has no stock location"):
            self.env["order.stock.reservation"]._reserve(
                [
                    {
                        "order": order,
                        "line": order.order_line,
                        "product": self.cement,
                        "qty": 1.0,
                        "warehouse": empty,
                    }
                ],
                fields.Datetime.now(),
            )
        self.assertFalse(order.reservation_ids)
        self.assertEqual(self._free(self.cement), 10.0)

    # --- stock-out routine ------------------------------------------------------

    def _stockout_wizard(self, order, product):
        order.with_user(self.clerk).action_run_checks()
        finding = order.finding_ids.filtered(
            lambda f: f.kind == "stock" and f.line_id.product_id == product
        )
        action = finding.with_user(self.clerk).action_open_stockout_wizard()
        return Form(
            self.env["order.stockout.wizard"]
            .with_user(self.clerk)
            .with_context(**action["context"])
        )

    def test_stockout_later_date_from_the_incoming_receipt(self):
        receipt_date = fields.Datetime.now() + timedelta(days=12)
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
                "scheduled_date": receipt_date,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Sand",
                            "product_id": self.sand.id,
                            "product_uom_qty": 10,
                            "product_uom": self.sand.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.stock.id,
                            "date": receipt_date,
                        },
                    )
                ],
            }
        )
        receipt.action_confirm()
        order = self._order([(self.sand, 7)])
        wizard = self._stockout_wizard(order, self.sand)
        self.assertEqual(wizard.shortfall_qty, 3.0)
        self.assertEqual(wizard.proposed_date, receipt.move_ids.date)
        wizard.outcome = "later_date"
        wizard.save().action_apply()
        self.assertEqual(order.commitment_date, receipt.move_ids.date)
        self.assertEqual(order.stockout_outcome, "later_date")

    def test_stockout_without_incoming_stock_cannot_propose_a_date(self):
        order = self._order([(self.sand, 7)])
        wizard = self._stockout_wizard(order, self.sand)
        self.assertFalse(wizard.proposed_date)
        with self.assertRefused(UserError, "No incoming receipt"):
            wizard.save().action_apply()
        self.assertFalse(order.stockout_outcome)

    def test_stockout_other_warehouse_then_transfer_on_confirmation(self):
        north = self.env["stock.warehouse"].create(
            {"name": "North", "code": "NTH", "company_id": self.company.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.sand, north.lot_stock_id, 5.0
        )
        order = self._order([(self.sand, 7)])
        self._submit(order)  # reserves 4 here, 3 short
        self.assertEqual(self._free(self.sand), 0.0)
        order.with_user(self.reviewer).action_reject(reason="Find the sand")
        self._submit(order)
        wizard = self._stockout_wizard(order, self.sand)
        self.assertEqual(wizard.shortfall_qty, 3.0)
        wizard.outcome = "other_warehouse"
        wizard.warehouse_id = north
        wizard.save().action_apply()
        self.assertEqual(order.stockout_outcome, "other_warehouse")
        self.assertEqual(self._free(self.sand, north), 2.0)
        self._approve_fully(order)
        order.with_user(self.clerk).action_confirm()
        transfer = self.env["stock.picking"].search(
            [
                ("origin", "=", order.name),
                ("picking_type_id", "=", north.int_type_id.id),
            ]
        )
        self.assertEqual(transfer.move_ids.product_uom_qty, 3.0)
        self.assertEqual(
            transfer.move_ids.quantity, 3.0, "the transfer holds the units"
        )
        self.assertEqual(transfer.location_dest_id, self.stock)

    def test_stockout_refusals(self):
        order = self._order([(self.sand, 7)])
        order.with_user(self.clerk).action_run_checks()
        # only stock findings have the routine
        other = self.env["order.control.finding"].create(
            {
                "order_id": order.id,
                "rule_id": self.env.ref("order_entry_control.rule_amount").id,
                "severity": "block",
                "message": "Enter the total",
            }
        )
        with self.assertRefused(UserError, "Only stock shortages"):
            other.with_user(self.clerk).action_open_stockout_wizard()
        # another warehouse must be chosen, and must have the stock
        wizard = self._stockout_wizard(order, self.sand)
        wizard.outcome = "other_warehouse"
        with self.assertRefused(UserError, "Choose a warehouse"):
            wizard.save().action_apply()
        # a later date cannot be written while the order is under review
        receipt_date = fields.Datetime.now() + timedelta(days=3)
        self.env["stock.move"].create(
            {
                "name": "Sand",
                "product_id": self.sand.id,
                "product_uom_qty": 10,
                "product_uom": self.sand.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
                "date": receipt_date,
            }
        )._action_confirm()
        self._submit(order)
        wizard = self._stockout_wizard(order, self.sand)
        wizard.outcome = "later_date"
        with self.assertRefused(UserError, "under review"):
            wizard.save().action_apply()
        self.assertFalse(order.stockout_outcome)

    def test_stockout_other_warehouse_without_the_stock_is_refused(self):
        north = self.env["stock.warehouse"].create(
            {"name": "North", "code": "NTH", "company_id": self.company.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.sand, north.lot_stock_id, 1.0
        )
        order = self._order([(self.sand, 7)])
        wizard = self._stockout_wizard(order, self.sand)
        wizard.outcome = "other_warehouse"
        record = wizard.save()
        record.warehouse_id = north  # set past the form's domain, as over RPC
        with self.assertRefused(UserError, "North does not have 3.0"):
            record.action_apply()
        self.assertFalse(order.reservation_ids)
        # and once the order is confirmed, there is no stock-out routine
        self.company.order_control_enabled = False
        order.with_user(self.clerk).action_confirm()
        with self.assertRefused(UserError, "no longer a quotation"):
            record.action_apply()

    def test_stockout_ask_the_customer(self):
        order = self._order([(self.sand, 7)])
        wizard = self._stockout_wizard(order, self.sand)
        wizard.outcome = "customer_asked"
        wizard.save().action_apply()
        self.assertEqual(order.stockout_outcome, "customer_asked")
        mail = order.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn("short by 3.0", mail.body)
        self.assertTrue(
            order.activity_ids.filtered(
                lambda a: "confirm the new date" in (a.summary or "")
            )
        )


@tagged("post_install", "-at_install")
class TestReleaseWindows(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.company.write(
            {
                "order_release_windows_enabled": True,
                "order_release_windows": "10:00,12:00,15:30,17:30",
            }
        )

    def _approved_at(self, *wall_clock):
        with freeze_time(self._shanghai(*wall_clock)):
            order = self._submit(self._create_order())
            self._approve_fully(order)
        return order

    def test_next_window(self):
        self.assertEqual(
            self._approved_at(2026, 11, 2, 9, 15).release_due,
            self._shanghai(2026, 11, 2, 10, 0),
        )
        self.assertEqual(
            self._approved_at(2026, 11, 2, 12, 5).release_due,
            self._shanghai(2026, 11, 2, 15, 30),
        )
        # after the last window: at closing time the same day
        self.assertEqual(
            self._approved_at(2026, 11, 2, 17, 40).release_due,
            self._shanghai(2026, 11, 2, 18, 0),
        )
        # after closing on Friday: Monday's first window
        self.assertEqual(
            self._approved_at(2026, 11, 6, 18, 30).release_due,
            self._shanghai(2026, 11, 9, 10, 0),
        )

    def test_order_approved_at_submission_waits_for_its_window(self):
        self.env["order.review.step"].search([]).active = False
        with freeze_time(self._shanghai(2026, 11, 2, 9, 15)):
            order = self._submit(self._create_order())
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.release_due, self._shanghai(2026, 11, 2, 10, 0))
        with self.assertRefused(UserError, "release"):
            order.with_user(self.clerk).action_confirm()

    def test_windowed_release_gives_no_followup(self):
        order = self._approved_at(2026, 11, 2, 9, 15)
        self.assertFalse(order.activity_ids, "the window releases it, not the clerk")

    def test_cron_releases_at_the_window_and_logs_it(self):
        order = self._approved_at(2026, 11, 2, 9, 15)
        with self.assertRefused(UserError, "release"):
            order.with_user(self.clerk).action_confirm()
        cron = self.env.ref("order_entry_control.ir_cron_order_release_windows")
        with freeze_time(self._shanghai(2026, 11, 2, 9, 59)):
            cron.method_direct_trigger()
        self.assertEqual(order.state, "draft")
        with freeze_time(self._shanghai(2026, 11, 2, 10, 0)):
            cron.method_direct_trigger()
        self.assertEqual(order.state, "sale")
        released = order.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("order_entry_control.mt_order_released")
            )
        )
        self.assertIn("10:00", released.body)

    def test_failed_release_gives_the_submitter_a_followup(self):
        order = self._approved_at(2026, 11, 2, 9, 15)
        self.assertFalse(order.activity_ids)
        cron = self.env.ref("order_entry_control.ir_cron_order_release_windows")
        sale_order = type(self.env["sale.order"])
        with (
            freeze_time(self._shanghai(2026, 11, 2, 10, 0)),
            patch.object(
                sale_order,
                "_confirmation_error_message",
                lambda self: "The customer's account is on hold.",
            ),
        ):
            cron.method_direct_trigger()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.release_due)
        followup = order.activity_ids
        self.assertEqual(followup.user_id, self.clerk)
        self.assertIn("Not released", followup.summary)
        self.assertIn("on hold", followup.summary)

    def test_release_now_is_for_managers(self):
        order = self._approved_at(2026, 11, 2, 9, 15)
        with self.assertRaises(AccessError):
            order.with_user(self.approver).action_release_now()
        order.with_user(self.manager).action_release_now()
        self.assertEqual(order.state, "sale")
        self.assertIn(
            "Released now",
            order.message_ids.filtered(
                lambda m: (
                    m.subtype_id
                    == self.env.ref("order_entry_control.mt_order_released")
                )
            ).body,
        )

    def test_release_now_needs_an_approved_order(self):
        with freeze_time(self._shanghai(2026, 11, 2, 9, 15)):
            order = self._submit(self._create_order())
        with self.assertRefused(UserError, "Only approved orders"):
            order.with_user(self.manager).action_release_now()
        self.assertEqual(order.state, "draft")

    def test_bad_windows_are_refused(self):
        from odoo.exceptions import ValidationError

        for wrong in ("25:00", "10:00,9:00", "noon", "10:00,10:00", " , "):
            with self.assertRaises(ValidationError):
                self.company.order_release_windows = wrong
