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
    order_kpi_band_excellent = fields.Float(
        related="company_id.order_kpi_band_excellent", readonly=False
    )
    order_kpi_band_good = fields.Float(
        related="company_id.order_kpi_band_good", readonly=False
    )
    order_kpi_band_pass = fields.Float(
        related="company_id.order_kpi_band_pass", readonly=False
    )
    order_kpi_bonus_excellent = fields.Float(
        related="company_id.order_kpi_bonus_excellent", readonly=False
    )
    order_kpi_bonus_good = fields.Float(
        related="company_id.order_kpi_bonus_good", readonly=False
    )
    order_kpi_bonus_pass = fields.Float(
        related="company_id.order_kpi_bonus_pass", readonly=False
    )
    order_kpi_bonus_fail = fields.Float(
        related="company_id.order_kpi_bonus_fail", readonly=False
    )
    order_kpi_processing_hours = fields.Float(
        related="company_id.order_kpi_processing_hours", readonly=False
    )
