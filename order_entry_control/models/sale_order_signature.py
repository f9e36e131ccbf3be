# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The line signature of a sale order: a hash of its sorted (product, quantity)
pairs, stored and indexed with the customer so that the duplicate-order check
(order_control_rule.py) finds the orders with the same lines by one index
lookup instead of reading every line of the customer's orders.

The ORM keeps it up to date when lines are created, written or deleted, in
batch. ``LINE_SIGNATURE_SQL`` computes the same value in SQL, for the migration
that fills it and for the benchmarks that insert orders by SQL.
"""

import hashlib

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

# The same signature as ``_order_line_signature`` over the lines ``l`` of the
# orders of a GROUP BY l.order_id (product lines only, quantities to 4 places).
LINE_SIGNATURE_SQL = SQL(
    """md5(string_agg(
           l.product_id::text || ':' || round(l.product_uom_qty::numeric, 4)::text,
           ';' ORDER BY l.product_id, round(l.product_uom_qty::numeric, 4)))"""
)


def fill_line_signatures(cr, order_ids=None):
    """Write the line signature of every order (or of ``order_ids``) by SQL."""
    where = SQL("AND l.order_id = ANY(%s)", list(order_ids)) if order_ids else SQL()
    cr.execute(
        SQL(
            """
            UPDATE sale_order o
               SET line_signature = s.signature
              FROM (SELECT l.order_id, %s AS signature
                      FROM sale_order_line l
                     WHERE l.display_type IS NULL AND l.product_id IS NOT NULL %s
                  GROUP BY l.order_id) s
             WHERE s.order_id = o.id
               AND o.line_signature IS DISTINCT FROM s.signature
            """,
            LINE_SIGNATURE_SQL,
            where,
        )
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    line_signature = fields.Char(
        compute="_compute_line_signature",
        store=True,
        copy=False,
        help="Hash of the order's products and quantities, for the duplicate check.",
    )

    # === COMPUTE METHODS === #

    @api.depends(
        "order_line.product_id", "order_line.product_uom_qty", "order_line.display_type"
    )
    def _compute_line_signature(self):
        for order in self:
            order.line_signature = order._order_line_signature()

    # === CRUD === #

    def init(self):
        res = super().init()
        create_index(
            self.env.cr,
            "sale_order_partner_line_signature_index",
            self._table,
            ["partner_id", "line_signature"],
            where="line_signature IS NOT NULL",
        )
        create_index(
            self.env.cr,
            "sale_order_partner_client_order_ref_index",
            self._table,
            ["partner_id", "btrim(client_order_ref)"],
            where="client_order_ref IS NOT NULL",
        )
        return res

    # === BUSINESS METHODS === #

    def _order_line_signature(self):
        """The signature of this order's product lines (False without any);
        override to match duplicates on more than products and quantities."""
        self.ensure_one()
        pairs = sorted(
            (line.product_id.id, round(line.product_uom_qty or 0.0, 4))
            for line in self.order_line
            if not line.display_type and line.product_id
        )
        if not pairs:
            return False
        text = ";".join(f"{product}:{qty:.4f}" for product, qty in pairs)
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
