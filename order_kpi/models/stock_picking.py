# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who validated a transfer: the person the warehouse's shipping accuracy
(KPI) scores for a delivery. Odoo 18 keeps when a transfer was done
(``date_done``), not by whom."""

from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    validated_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Validated By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The user who validated the transfer (its shipping accuracy counts "
        "on their warehouse scorecard).",
    )

    # Shipping accuracy counts the deliveries validated in the month
    # (order_kpi_scorecard_events.py): indexed so that a month does not scan
    # every transfer of the database.
    date_done = fields.Datetime(index="btree_not_null")

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        # stamped by the validation (_action_done), by nothing else
        return super()._order_owned_field_names(vals) | {"validated_by_id"}

    # === CORE OVERRIDES === #

    def _action_done(self):
        res = super()._action_done()
        self._order_kpi_stamp_validator()
        return res

    # === BUSINESS METHODS === #

    def _order_kpi_stamp_validator(self):
        """Record the current user as who validated these done transfers."""
        done = self.filtered(lambda p: p.state == "done" and not p.validated_by_id)
        if done:
            done._order_as_owner().sudo().write({"validated_by_id": self.env.uid})
