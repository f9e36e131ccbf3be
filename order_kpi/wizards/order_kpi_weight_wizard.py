# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models

from ..models.order_kpi_definition import DEFER_WEIGHT_CHECK


class OrderKpiWeightWizard(models.TransientModel):
    """Change the weights of several KPIs at once, checked together."""

    _name = "order.kpi.weight.wizard"
    _description = "Set KPI Weights"

    line_ids = fields.One2many(
        comodel_name="order.kpi.weight.wizard.line", inverse_name="wizard_id"
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "line_ids" in fields_list:
            definitions = self.env["order.kpi.definition"].search([])
            res["line_ids"] = [
                Command.create({"definition_id": d.id, "weight": d.weight})
                for d in definitions
            ]
        return res

    def action_apply(self):
        """Write every weight, then check each role's total once."""
        self.ensure_one()
        definitions = self.env["order.kpi.definition"].with_context(
            order_kpi_defer_weight_check=DEFER_WEIGHT_CHECK
        )
        for line in self.line_ids:
            if line.definition_id.weight != line.weight:
                definitions.browse(line.definition_id.id).write({"weight": line.weight})
        self.line_ids.definition_id._check_weights()
        return {"type": "ir.actions.act_window_close"}


class OrderKpiWeightWizardLine(models.TransientModel):
    _name = "order.kpi.weight.wizard.line"
    _description = "Set KPI Weights: Line"

    wizard_id = fields.Many2one(
        comodel_name="order.kpi.weight.wizard", required=True, ondelete="cascade"
    )
    definition_id = fields.Many2one(
        comodel_name="order.kpi.definition", string="KPI", required=True
    )
    role = fields.Selection(related="definition_id.role")
    company_id = fields.Many2one(related="definition_id.company_id")
    weight = fields.Float(string="Weight (%)")
