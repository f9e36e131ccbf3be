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
        # the packaging recomputes the quantity
        "product_packaging_id",
        "product_packaging_qty",
        # where the units come from (the warehouse of the line follows it)
        "route_id",
    }
)


# Line fields of a controlled order that only the actions write: the
# down-payment flag (Odoo's invoicing wizard), the computed amounts the order
# total is summed from, and, once the line exists, the order it belongs to.
CONTROLLED_LINE_FIELDS = frozenset(
    {"is_downpayment", "price_subtotal", "price_tax", "price_total"}
)


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "order.field.policy"]

    order_reserved_qty = fields.Float(
        string="Reserved",
        digits="Product Unit of Measure",
        compute="_compute_order_reserved_qty",
        help="Quantity held in stock for this quotation, in the product's unit.",
    )

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        names = super()._order_owned_field_names(vals)
        if vals is not None:
            orders = self.env["sale.order"].browse(
                vals.get("order_id") or self.env.context.get("default_order_id")
            )
        else:
            orders = self.order_id
        if any(orders.sudo().mapped("order_control_active")):
            names = names | CONTROLLED_LINE_FIELDS
            if vals is None:
                names = names | {"order_id"}
        return names

    @api.model
    def _order_owned_default_names(self):
        # the order of the line is not known yet
        return super()._order_owned_default_names() | CONTROLLED_LINE_FIELDS

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
