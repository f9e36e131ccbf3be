# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

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
