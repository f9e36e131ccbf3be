# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    order_kpi_review_fine = fields.Monetary(
        string="Fine per Review Error",
        currency_field="currency_id",
        default=20.0,
        help="Penalty recorded on a scorecard for each review error.",
    )
    order_kpi_entry_accuracy_target = fields.Float(
        string="Entry Accuracy Target (%)",
        default=98.0,
        help="Share of orders entered without error that counts as on target.",
    )

    @api.constrains("order_kpi_review_fine", "order_kpi_entry_accuracy_target")
    def _check_order_kpi_settings(self):
        for company in self:
            if company.order_kpi_review_fine < 0:
                raise ValidationError(
                    self.env._("The fine per review error cannot be negative.")
                )
            if not 0 <= company.order_kpi_entry_accuracy_target <= 100:
                raise ValidationError(
                    self.env._("The entry accuracy target is a percentage: 0 to 100.")
                )
