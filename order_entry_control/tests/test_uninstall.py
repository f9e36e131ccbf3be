# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Uninstalling Order Entry Control leaves no stock held for a quotation."""

from odoo.tests import TransactionCase, tagged

from ..hooks import uninstall_hook
from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestUninstall(OrderControlFixtures, TransactionCase):
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

    def _free(self, product):
        product.invalidate_recordset()
        return product.with_context(warehouse_id=self.warehouse.id).free_qty

    def test_uninstall_hook_ends_every_active_reservation(self):
        full = self._submit(self._create_order([(self.cement, 6)]))
        partial = self._submit(
            self._create_order([(self.sand, 7), (self.cement, 2)], client_order_ref="P")
        )
        rejected = self._submit(
            self._create_order([(self.cement, 1)], client_order_ref="R")
        )
        rejected.with_user(self.reviewer).action_reject(reason="Wrong price")
        self.assertEqual(self._free(self.cement), 2.0)
        self.assertEqual(self._free(self.sand), 0.0)
        reservations = (full | partial | rejected).reservation_ids
        moves = reservations.move_id

        uninstall_hook(self.env)

        self.assertEqual(self._free(self.cement), 10.0)
        self.assertEqual(self._free(self.sand), 4.0)
        self.env["stock.quant"].invalidate_model()
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "in", (self.cement | self.sand).ids),
                ("location_id", "child_of", self.stock.id),
            ]
        )
        self.assertEqual(sum(quants.mapped("reserved_quantity")), 0.0)
        self.assertEqual(set(moves.mapped("state")), {"cancel"})
        self.assertFalse(moves.move_line_ids, "no move line of a reservation is left")
        self.assertFalse(
            self.env["stock.move"].search_count(
                [
                    ("id", "in", moves.ids),
                    ("state", "in", ("assigned", "partially_available")),
                ]
            )
        )
        ended = (full | partial).reservation_ids
        self.assertEqual(set(ended.mapped("state")), {"released"})
        self.assertEqual(rejected.reservation_ids.state, "released")
        for order in full | partial:
            self.assertIn(
                "Order Entry Control was uninstalled", order.message_ids[0].body
            )
        # nothing left to end: a second call changes nothing
        uninstall_hook(self.env)
        self.assertEqual(self._free(self.cement), 10.0)
