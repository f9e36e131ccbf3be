# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.move: the moves that hold a quotation's reservation (into the Order
Reservations location) are the reservation's. Odoo lets a salesperson write
stock moves (and any user write move lines, stock_move_line.py): nobody
unreserves, shrinks or takes over such a move; the reservation's own actions
(as superuser) reserve, end and hand it over (DESIGN, principles 6 and 10)."""

from odoo import models
from odoo.exceptions import UserError

from .order_stock_reservation import RESERVATION_LOCATION
from .sale_order import INTERNAL


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        self._check_order_reservation_moves()
        return super().write(vals)

    def unlink(self):
        self._check_order_reservation_moves()
        return super().unlink()

    def _prepare_analytic_lines(self):
        # A reservation move only holds stock inside the warehouse and never
        # carries analytic lines. Ending it unlinks its move lines, after which
        # stock_account re-reads the analytic lines move by move (the unlink
        # empties the cache): skip that work for the moves being ended.
        if self.env.context.get("order_reservation_ending") is INTERNAL:
            return False
        return super()._prepare_analytic_lines()

    def _order_reservation_moves(self):
        """Those of these moves that hold a quotation's reservation."""
        location = self.env.ref(RESERVATION_LOCATION, raise_if_not_found=False)
        if not location:
            return self.browse()
        return self.filtered(
            lambda m: (
                m.location_dest_id == location and m.state not in ("done", "cancel")
            )
        )

    def _check_order_reservation_moves(self):
        """Refuse a user's change of a move holding a quotation's reservation."""
        if self.env.su or not self:
            return
        held = self._order_reservation_moves()[:1]
        if held:
            reservation = (
                self.env["order.stock.reservation"]
                .sudo()
                .search([("move_id", "=", held.id)], limit=1)
            )
            raise UserError(
                self.env._(
                    "%(product)s is held by the reservation of %(order)s: only that "
                    "reservation changes it. The units come free when the quotation "
                    "is confirmed, rejected or cancelled, or when the reservation "
                    "expires.",
                    product=held.product_id.display_name,
                    order=reservation.order_id.name or held.origin or "",
                )
            )
