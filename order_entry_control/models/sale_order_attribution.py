# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who and when an order counts for, once it is submitted (DESIGN, principle
10): its salesperson, sales team, order taker (拿单人) and order date are
inputs of the checks (pricelist date, credit conversion, duplicates) and of
the KPI figures (order_kpi's facts count per salesperson, team and order
taker). While a controlled order is under review or approved, and once it is
released, only an Order Control manager changes them; the confirmation's own
order date is the workflow's."""

from odoo import models
from odoo.exceptions import UserError

from .sale_order import UNDER_REVIEW

ATTRIBUTION_FIELDS = frozenset({"date_order", "user_id", "team_id", "order_taker_id"})
MANAGER_GROUP = "order_entry_control.group_order_control_manager"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        if ATTRIBUTION_FIELDS.intersection(vals) and not (
            self._order_policy_bypassed() or self.env.user.has_group(MANAGER_GROUP)
        ):
            self._check_order_attribution_unchanged(vals)
        return super().write(vals)

    def _check_order_attribution_unchanged(self, vals):
        """Refuse a change of who or when these orders count for once they are
        submitted; override to free another case."""
        names = ATTRIBUTION_FIELDS.intersection(vals)
        held = self.filtered(
            lambda o: (
                o.order_control_active
                and (o.review_state in UNDER_REVIEW or o.state == "sale")
                and not all(
                    o._order_same_value(name, vals[name], o[name]) for name in names
                )
            )
        )
        if held:
            fields_desc = ", ".join(
                sorted(
                    self._fields[name]._description_string(self.env) for name in names
                )
            )
            raise UserError(
                self.env._(
                    "Order %(orders)s is submitted or released: its %(fields)s count "
                    "in the checks and the KPI figures and are changed now only by an "
                    "Order Control manager. Ask one, or have the order rejected to "
                    "correct it.",
                    orders=", ".join(held.mapped("name")),
                    fields=fields_desc,
                )
            )
