# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who attaches tracking documents (change and closure requests, exceptions)
to an order: whoever may change the order (DESIGN, principle 10), not anyone
who knows its id."""

from odoo import models
from odoo.exceptions import AccessError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _order_tracking_check_user_may_change(self, document):
        """Refuse ``document`` (the description of the model being created) on
        these orders unless the current user may change each of them (access
        rights and record rules, as core checks them); override to let more
        people attach documents."""
        self._order_tracking_check_write(
            lambda: self.env._(
                "%(document)s can be created only for an order you may change "
                "yourself: ask the order's salesperson or an Order Control "
                "Manager.",
                document=document,
            )
        )

    def _order_tracking_check_write(self, message):
        """Refuse unless the current user may change each of these orders
        (access rights and record rules, as core checks them), with the
        AccessError of ``message()`` (what to do) instead of core's."""
        try:
            self.check_access("write")
        except AccessError:
            raise AccessError(message()) from None
