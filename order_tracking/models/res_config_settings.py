# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    order_payment_gate = fields.Boolean(
        related="company_id.order_payment_gate", readonly=False
    )
    order_shipping_notice_hours = fields.Float(
        related="company_id.order_shipping_notice_hours", readonly=False
    )
    order_milestone_backdate_hours = fields.Float(
        related="company_id.order_milestone_backdate_hours", readonly=False
    )
    order_rating_valid_days = fields.Integer(
        related="company_id.order_rating_valid_days", readonly=False
    )
    order_tracker_rule = fields.Selection(
        related="company_id.order_tracker_rule", readonly=False
    )
    order_customer_delay = fields.Boolean(
        related="company_id.order_customer_delay", readonly=False
    )
    order_customer_completion = fields.Boolean(
        related="company_id.order_customer_completion", readonly=False
    )
