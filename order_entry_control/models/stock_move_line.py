# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.move.line: Odoo lets any internal user write move lines; those of a
move holding a quotation's reservation are the reservation's (stock_move.py)."""

from odoo import api, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["stock.move"].browse(
                {vals["move_id"] for vals in vals_list if vals.get("move_id")}
            )._check_order_reservation_moves()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.move_id._check_order_reservation_moves()
            if vals.get("move_id"):
                self.move_id.browse(vals["move_id"])._check_order_reservation_moves()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.move_id._check_order_reservation_moves()
        return super().unlink()
