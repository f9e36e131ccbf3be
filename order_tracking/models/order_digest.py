# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The late milestones' part of the daily digest (order_entry_control's
``order.digest``): each tracker (else the salesperson) sees the late open
milestones of their orders."""

from odoo import api, models


class OrderDigest(models.AbstractModel):
    _inherit = "order.digest"

    @api.model
    def _order_digest_sections(self):
        sections = super()._order_digest_sections()
        sections["milestones"] = self.env._("Late milestones of your orders")
        return sections

    @api.model
    def _order_digest_items(self, companies, now):
        items = super()._order_digest_items(companies, now)
        milestones = (
            self.env["order.milestone"]
            .sudo()
            .search(
                [
                    ("is_late", "=", True),
                    ("date_actual", "=", False),
                    ("company_id", "in", companies.ids),
                    ("order_id.state", "=", "sale"),
                ],
                order="date_planned, id",
            )
        )
        for milestone in milestones:
            order = milestone.order_id
            user = order.tracker_id or order.user_id
            if not user:
                continue
            items.setdefault(user.id, []).append(
                {
                    "section": "milestones",
                    "name": milestone.type_id,
                    "document": order.name,
                    "model": "sale.order",
                    "res_id": order.id,
                    "deadline": milestone.date_planned,
                    "late": True,
                }
            )
        return items
