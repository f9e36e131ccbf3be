# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invoice lines: a controlled order is invoiced once it is released, and a
posted invoice does not change the order lines it invoices."""

from odoo import api, models
from odoo.exceptions import UserError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if any(vals.get("sale_line_ids") for vals in vals_list):
            lines._check_order_control_invoiced_lines()
        return lines

    def write(self, vals):
        if "sale_line_ids" in vals and not self.env.su:
            posted = self.filtered(lambda line: line.parent_state == "posted")
            if posted.sale_line_ids.order_id.sudo().filtered("order_control_active"):
                raise UserError(
                    self.env._(
                        "A posted invoice keeps the order lines it invoices: reset "
                        "it to draft first."
                    )
                )
        res = super().write(vals)
        if vals.get("sale_line_ids"):
            self._check_order_control_invoiced_lines()
        return res

    def _check_order_control_invoiced_lines(self):
        """Refuse invoicing lines of controlled orders that are not released."""
        orders = self.sale_line_ids.order_id.sudo().filtered(
            lambda o: o.order_control_active and o.state in ("draft", "sent")
        )
        if orders:
            raise UserError(
                self.env._(
                    "Order %(orders)s is not released yet: it is invoiced only "
                    "once it is approved and confirmed.",
                    orders=", ".join(orders.mapped("name")),
                )
            )
