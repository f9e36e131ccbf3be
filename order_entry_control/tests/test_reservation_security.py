# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reservations hold against their users: no context key a client sends
diverts a quant reservation or fills a reservation's field, users only read
reservations, and the expiry cron goes on past one order that fails."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.order_field_policy import MAGIC_FIELDS
from .common import OrderControlFixtures

RESERVATION_LOGGER = "odoo.addons.order_entry_control.models.order_stock_reservation"


@tagged("post_install", "-at_install")
class TestReservationSecurity(OrderControlFixtures, TransactionCase):
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
        cls.stock_user = new_test_user(
            cls.env,
            login="oc_stock_user_sec",
            groups="base.group_user,stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _free(self, product):
        product.invalidate_recordset()
        return product.with_context(warehouse_id=self.warehouse.id).free_qty

    def _reserved_in_quants(self, product):
        self.env["stock.quant"].invalidate_model()
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id", "child_of", self.stock.id),
            ]
        )
        return sum(quants.mapped("reserved_quantity"))

    # --- a client's context diverts nothing -------------------------------------

    def test_client_batch_list_does_not_divert_a_picking_reservation(self):
        # reserved by the button, not at confirmation
        self.warehouse.out_type_id.reservation_method = "manual"
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Cement",
                            "product_id": self.cement.id,
                            "product_uom_qty": 4,
                            "product_uom": self.cement.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        self.assertEqual(picking.move_ids.quantity, 0.0)
        # what an RPC client can put in its context: a JSON list
        sent = []
        picking.with_user(self.stock_user).with_context(
            order_reservation_batch=sent
        ).action_assign()
        self.assertEqual(picking.move_ids.quantity, 4.0)
        self.assertEqual(self._reserved_in_quants(self.cement), 4.0)
        self.assertEqual(self._free(self.cement), 6.0)
        self.assertEqual(sent, [], "nothing was collected into the client's list")

    def test_client_batch_list_at_submission_reserves_real_stock(self):
        order = self._create_order([(self.cement, 6)])
        order.with_user(self.clerk).with_context(
            order_reservation_batch=[]
        ).action_submit_review()
        self.assertEqual(order.reservation_ids.reserved_qty, 6.0)
        self.assertEqual(self._reserved_in_quants(self.cement), 6.0)
        self.assertEqual(self._free(self.cement), 4.0)

    def test_client_batch_list_at_cancellation_releases_real_stock(self):
        order = self._submit(self._create_order([(self.cement, 6)]))
        order.with_user(self.clerk).with_context(
            order_reservation_batch=[]
        ).action_cancel()
        self.assertEqual(order.reservation_ids.state, "released")
        self.assertEqual(self._reserved_in_quants(self.cement), 0.0)
        self.assertEqual(self._free(self.cement), 10.0)

    def test_reserving_under_a_client_context_takes_none_of_its_defaults(self):
        # whatever path reaches the reservation, the caller's context may be a
        # client's: the moves and reservations are created through sudo(),
        # which drops every default_* key of a non-superuser context
        order = self._create_order([(self.sand, 2)])
        reservation = (
            self.env["order.stock.reservation"]
            .with_user(self.clerk)
            .with_context(
                default_state="released",
                default_end_reason="Forged",
                default_ended_on="2020-01-01 00:00:00",
                default_picking_type_id=self.warehouse.out_type_id.id,
            )
            ._reserve(
                [
                    {
                        "order": order,
                        "line": order.order_line,
                        "product": self.sand,
                        "qty": 2.0,
                        "warehouse": self.warehouse,
                    }
                ],
                fields.Datetime.now(),
            )
        )
        self.assertEqual(reservation.state, "active")
        self.assertFalse(reservation.end_reason)
        self.assertFalse(reservation.ended_on)
        self.assertFalse(reservation.move_id.picking_type_id)
        self.assertEqual(self._free(self.sand), 2.0)

    # --- the field policy: users only read ----------------------------------------

    def test_every_stored_field_is_owned(self):
        Reservation = self.env["order.stock.reservation"]
        stored = {
            name
            for name, field in Reservation._fields.items()
            if field.store and name not in MAGIC_FIELDS
        }
        self.assertEqual(stored - Reservation._order_owned_field_names(), set())
        self.assertFalse(Reservation._order_user_field_names())

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_no_role_writes_or_creates_a_reservation(self):
        order = self._submit(self._create_order([(self.cement, 6)]))
        reservation = order.reservation_ids
        for user in (self.clerk, self.salesman, self.manager, self.stock_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    reservation.with_user(user).write({"state": "released"})
                with self.assertRaises(AccessError):
                    self.env["order.stock.reservation"].with_user(user).create(
                        {
                            "order_id": order.id,
                            "product_id": self.cement.id,
                            "warehouse_id": self.warehouse.id,
                            "location_id": self.stock.id,
                            "state": "released",
                        }
                    )
                with self.assertRaises(AccessError):
                    reservation.with_user(user).copy({"state": "released"})
        self.assertEqual(reservation.state, "active")
        self.assertEqual(self._free(self.cement), 4.0)

    # --- the expiry cron goes on past one bad order --------------------------------

    def test_expiry_cron_goes_on_when_one_order_fails(self):
        cron = self.env.ref("order_entry_control.ir_cron_order_reservation_expiry")
        with freeze_time(self._shanghai(2026, 11, 2, 9, 0)):
            bad = self._submit(self._create_order([(self.cement, 6)]))
            good = self._submit(
                self._create_order([(self.sand, 3)], client_order_ref="GOOD")
            )
        Reservation = type(self.env["order.stock.reservation"])
        end = Reservation._end

        def _end(reservations, state, reason):
            # the bad order's release gets half-way, then fails
            result = end(reservations, state, reason)
            if bad in reservations.order_id:
                raise RuntimeError("Simulated failure")
            return result

        expiry = max(bad.reservation_ids.expiry_date, good.reservation_ids.expiry_date)
        with (
            freeze_time(expiry + timedelta(minutes=1)),
            patch.object(Reservation, "_end", _end),
            self.assertLogs(RESERVATION_LOGGER, level="ERROR") as logs,
        ):
            cron.method_direct_trigger()
        self.assertIn("could not be released", logs.output[0])
        self.assertEqual(good.reservation_ids.state, "expired")
        self.assertEqual(self._free(self.sand), 4.0)
        # the bad order's half-done release was rolled back: it still holds stock
        self.assertEqual(bad.reservation_ids.state, "active")
        self.assertEqual(bad.reservation_ids.reserved_qty, 6.0)
        self.assertEqual(self._reserved_in_quants(self.cement), 6.0)
        self.assertEqual(self._free(self.cement), 4.0)
        self.assertEqual(bad.reservation_ids.move_id.state, "assigned")
        # the next run, without the failure, releases it
        with freeze_time(expiry + timedelta(minutes=20)):
            cron.method_direct_trigger()
        self.assertEqual(bad.reservation_ids.state, "expired")
        self.assertEqual(self._free(self.cement), 10.0)
