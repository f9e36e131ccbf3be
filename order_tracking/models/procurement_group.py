# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Procurement groups of controlled orders: their order is the system's."""

from odoo import models
from odoo.exceptions import AccessError


class ProcurementGroup(models.Model):
    _inherit = "procurement.group"

    def write(self, vals):
        if "sale_id" in vals and not self.env.su:
            self._check_order_link_unchanged(vals["sale_id"])
        return super().write(vals)

    def _check_order_link_unchanged(self, sale_id):
        """Refuse to move the transfers of a controlled order, through their
        group, away from it or into it (every internal user writes groups)."""
        new_order = self.env["sale.order"].browse(sale_id)
        for group in self:
            order = group.sale_id
            if order == new_order:
                continue
            if (order | new_order).sudo().filtered("order_control_active"):
                raise AccessError(
                    self.env._(
                        "The transfers of %(group)s belong to sales order "
                        "%(order)s, whose deliveries are controlled: their order "
                        "cannot be changed.",
                        group=group.name,
                        order=(order or new_order).name,
                    )
                )
