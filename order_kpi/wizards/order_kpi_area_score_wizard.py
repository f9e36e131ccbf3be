# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Score dialog of a scorecard's manual area (coordination, attitude)."""

from odoo import fields, models


class OrderKpiAreaScoreWizard(models.TransientModel):
    _name = "order.kpi.area.score.wizard"
    _description = "Score an Assessment Area"

    area_line_id = fields.Many2one(
        comodel_name="order.kpi.scorecard.area",
        string="Area of the Scorecard",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    scorecard_id = fields.Many2one(related="area_line_id.scorecard_id")
    area_id = fields.Many2one(related="area_line_id.area_id")
    area_description = fields.Text(related="area_line_id.area_id.description")
    score = fields.Integer(
        required=True, help="Whole points from 0 to 10: 8-10 good, 5-7 fair, 0-4 poor."
    )
    reason = fields.Text(required=True, help="Why this score: what the person did.")

    def action_confirm(self):
        """Score the area (the checks are the area's)."""
        self.ensure_one()
        self.area_line_id._order_kpi_set_score(self.score, self.reason)
        return {"type": "ir.actions.act_window_close"}
