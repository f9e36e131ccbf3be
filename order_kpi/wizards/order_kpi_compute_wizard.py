# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class OrderKpiComputeWizard(models.TransientModel):
    """Compute the scorecards of one month (the cron does the last month)."""

    _name = "order.kpi.compute.wizard"
    _description = "Compute Monthly Scorecards"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    month = fields.Date(
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        ),
        help="Any day of the month to compute.",
    )

    # === CONSTRAINT METHODS === #

    @api.constrains("company_id")
    def _check_company_allowed(self):
        """Refuse a company the user is not allowed in (a client may send any)."""
        if self.env.su:
            return
        allowed = self.env.user.company_ids
        for wizard in self:
            if wizard.company_id not in allowed:
                raise AccessError(
                    self.env._(
                        "You can compute scorecards only for your allowed "
                        "companies: %(companies)s. Choose one of them.",
                        companies=", ".join(allowed.mapped("name")),
                    )
                )

    # === ACTION METHODS === #

    def action_compute(self):
        self.ensure_one()
        scorecards = self.env["order.kpi.scorecard"]
        scorecards._check_kpi_auditor()
        self._check_company_allowed()
        month = self.month.replace(day=1)
        scorecards._order_kpi_compute_month(self.company_id, month)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_kpi.order_kpi_scorecard_action"
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("month", "=", month),
        ]
        action["context"] = {}
        return action
