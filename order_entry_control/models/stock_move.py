# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .sale_order import INTERNAL


class StockMove(models.Model):
    _inherit = "stock.move"

    def _prepare_analytic_lines(self):
        # A reservation move only holds stock inside the warehouse and never
        # carries analytic lines. Ending it unlinks its move lines, after which
        # stock_account re-reads the analytic lines move by move (the unlink
        # empties the cache): skip that work for the moves being ended.
        if self.env.context.get("order_reservation_ending") is INTERNAL:
            return False
        return super()._prepare_analytic_lines()
