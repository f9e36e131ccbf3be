# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Line fields whose change makes the order's findings outdated and that are
# frozen while the order is under review.
CHECKED_LINE_FIELDS = frozenset(
    {
        "product_id",
        "product_uom_qty",
        "product_uom",
        "price_unit",
        "discount",
        "customer_lead",
        "display_type",
        "tax_id",
    }
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    order_reserved_qty = fields.Float(
        string="Reserved",
        digits="Product Unit of Measure",
        compute="_compute_order_reserved_qty",
        help="Quantity held in stock for this quotation, in the product's unit.",
    )

    def _compute_order_reserved_qty(self):
        held = {}
        reservations = (
            self.env["order.stock.reservation"]
            .sudo()
            .search([("sale_line_id", "in", self.ids), ("state", "=", "active")])
        )
        for reservation in reservations:
            key = reservation.sale_line_id.id
            held[key] = held.get(key, 0.0) + reservation.reserved_qty
        for line in self:
            line.order_reserved_qty = held.get(line.id, 0.0)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._order_control_lines_changed()
        return lines

    def write(self, vals):
        checked = CHECKED_LINE_FIELDS.intersection(vals)
        if checked:
            self.order_id._order_control_lines_changing()
        res = super().write(vals)
        if checked:
            self.order_id._order_control_lines_changed()
        return res

    def unlink(self):
        orders = self.order_id
        orders._order_control_lines_changing()
        res = super().unlink()
        orders.exists()._order_control_lines_changed()
        return res
