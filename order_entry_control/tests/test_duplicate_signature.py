# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The line signature behind the duplicate check: kept up to date by the ORM
and by the SQL of the migration alike, not writable by users, and a check
whose cost does not grow with the customer's orders."""

import hashlib

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..models.sale_order_signature import fill_line_signatures
from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestDuplicateSignature(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _duplicates(self, order):
        rule = self.env["order.control.rule"]
        return [message for __, __, message, __ in rule._order_check_duplicate(order)]

    def test_signature_follows_the_lines(self):
        order = self._create_order(lines=[(self.product, 2), (self.product_b, 5)])
        # worked out by hand: sorted by product id, quantities to 4 places
        pairs = sorted([(self.product.id, 2.0), (self.product_b.id, 5.0)])
        text = ";".join(f"{p}:{q:.4f}" for p, q in pairs)
        self.assertEqual(order.line_signature, hashlib.md5(text.encode()).hexdigest())
        before = order.line_signature
        line = order.order_line.filtered(lambda x: x.product_id == self.product)
        line.product_uom_qty = 3
        self.assertNotEqual(order.line_signature, before)
        line.product_uom_qty = 2
        self.assertEqual(order.line_signature, before)
        # the same lines entered in another order give the same signature
        other = self._create_order(lines=[(self.product_b, 5), (self.product, 2)])
        self.assertEqual(other.line_signature, before)
        # a note is not a line of products
        order.write(
            {"order_line": [Command.create({"display_type": "line_note", "name": "x"})]}
        )
        self.assertEqual(order.line_signature, before)
        order.order_line.filtered("product_id").unlink()
        self.assertFalse(order.line_signature)

    def test_sql_fill_matches_the_orm(self):
        order = self._create_order(lines=[(self.product, 2.5), (self.product_b, 40)])
        expected = order.line_signature
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET line_signature = NULL WHERE id = %s", [order.id]
        )
        fill_line_signatures(self.env.cr, order.ids)
        order.invalidate_recordset(["line_signature"])
        self.assertEqual(order.line_signature, expected)

    def test_users_cannot_write_the_signature(self):
        order = self._create_order()
        with self.assertRefused(AccessError, "line_signature|Line Signature"):
            order.with_user(self.clerk).write({"line_signature": "0" * 32})

    def test_duplicate_found_and_not_found(self):
        first = self._create_order(lines=[(self.product, 4)], client_order_ref=" A-1 ")
        same = self._create_order(lines=[(self.product, 4)])
        self.assertEqual(
            self._duplicates(same),
            [
                f"Order Lines: possible duplicate of {first.name}, same customer, "
                "products and quantities within 7 days."
            ],
        )
        by_ref = self._create_order(lines=[(self.product, 9)], client_order_ref="A-1")
        self.assertEqual(
            self._duplicates(by_ref),
            [
                f"Customer Reference: possible duplicate of {first.name}, which has "
                "the same reference 'A-1'."
            ],
        )
        other = self._create_order(lines=[(self.product, 4), (self.product_b, 1)])
        self.assertEqual(self._duplicates(other), [])

    def test_cost_does_not_grow_with_the_customers_orders(self):
        first = self._create_order(lines=[(self.product, 4)])
        probe = self._create_order(lines=[(self.product, 6)])
        self._duplicates(probe)  # warm up: the caches of the records
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.assertEqual(self._duplicates(probe), [])
        vals = self._order_vals([(self.product, 6)])
        # 49 more earlier orders of the customer, one with the same lines
        self.env["sale.order"].create([vals] * 48 + [self._order_vals()])
        self.assertTrue(first)
        self._duplicates(probe)
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.assertEqual(len(self._duplicates(probe)), 48)
