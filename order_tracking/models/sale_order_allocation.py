# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: the flag of allocations nobody answers for yet (no department or
no owner), shown on the order's tracking tab and as a filter of the orders."""

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    allocation_unassigned_count = fields.Integer(
        string="Unassigned Allocations",
        compute="_compute_allocation_unassigned_count",
        search="_search_allocation_unassigned_count",
        help="Open allocation lines without a department or an owner.",
    )

    # === COMPUTE METHODS === #

    @api.depends("allocation_ids.is_unassigned")
    def _compute_allocation_unassigned_count(self):
        for order in self:
            order.allocation_unassigned_count = len(
                order.allocation_ids.filtered("is_unassigned")
            )

    def _search_allocation_unassigned_count(self, operator, value):
        """Only "has unassigned allocations" (> 0) and its negation are searched."""
        if operator not in (">", "!=", "=") or value != 0:
            raise NotImplementedError(operator)
        domain = [("allocation_ids.is_unassigned", "=", True)]
        return domain if operator in (">", "!=") else ["!", *domain]
