# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    order_kpi_review_fine = fields.Monetary(
        related="company_id.order_kpi_review_fine", readonly=False
    )
    order_kpi_entry_accuracy_target = fields.Float(
        related="company_id.order_kpi_entry_accuracy_target", readonly=False
    )
