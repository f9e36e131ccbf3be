# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    order_control_enabled = fields.Boolean(
        related="company_id.order_control_enabled", readonly=False
    )
    order_reservation_mode = fields.Selection(
        related="company_id.order_reservation_mode", readonly=False
    )
    order_reservation_margin_hours = fields.Float(
        related="company_id.order_reservation_margin_hours", readonly=False
    )
    order_release_windows_enabled = fields.Boolean(
        related="company_id.order_release_windows_enabled", readonly=False
    )
    order_release_windows = fields.Char(
        related="company_id.order_release_windows", readonly=False
    )
    order_review_rounds_enabled = fields.Boolean(
        related="company_id.order_review_rounds_enabled", readonly=False
    )
    order_review_rounds = fields.Char(
        related="company_id.order_review_rounds", readonly=False
    )
    order_cutoff_time = fields.Float(
        related="company_id.order_cutoff_time", readonly=False
    )
    order_calendar_id = fields.Many2one(
        related="company_id.order_calendar_id", readonly=False
    )
    order_entry_deadline_hours = fields.Float(
        related="company_id.order_entry_deadline_hours", readonly=False
    )
    order_urgent_sla_factor = fields.Float(
        related="company_id.order_urgent_sla_factor", readonly=False
    )
    order_review_sla_hours = fields.Float(
        related="company_id.order_review_sla_hours", readonly=False
    )
    order_approval_sla_hours = fields.Float(
        related="company_id.order_approval_sla_hours", readonly=False
    )
    order_large_order_amount = fields.Float(
        related="company_id.order_large_order_amount", readonly=False
    )
    order_review_notify_managers = fields.Boolean(
        related="company_id.order_review_notify_managers", readonly=False
    )
    order_notify_reviewers = fields.Boolean(
        related="company_id.order_notify_reviewers", readonly=False
    )
    order_customer_reply_hours = fields.Float(
        related="company_id.order_customer_reply_hours", readonly=False
    )
    order_duplicate_window_days = fields.Integer(
        related="company_id.order_duplicate_window_days", readonly=False
    )
    order_max_discount = fields.Float(
        related="company_id.order_max_discount", readonly=False
    )
    order_max_gift_percent = fields.Float(
        related="company_id.order_max_gift_percent", readonly=False
    )
    order_price_decimals = fields.Integer(
        related="company_id.order_price_decimals", readonly=False
    )
    order_amount_tolerance = fields.Float(
        related="company_id.order_amount_tolerance", readonly=False
    )
    order_credit_check_mode = fields.Selection(
        related="company_id.order_credit_check_mode", readonly=False
    )
    order_finance_review = fields.Selection(
        related="company_id.order_finance_review", readonly=False
    )
    order_rounding_unit = fields.Float(
        related="company_id.order_rounding_unit", readonly=False
    )
    order_digest_enabled = fields.Boolean(
        related="company_id.order_digest_enabled", readonly=False
    )
    order_customer_ack = fields.Boolean(
        related="company_id.order_customer_ack", readonly=False
    )
    order_webhook_kind = fields.Selection(
        related="company_id.order_webhook_kind", readonly=False
    )
    order_webhook_url = fields.Char(
        related="company_id.order_webhook_url",
        readonly=False,
        groups="base.group_system,order_entry_control.group_order_control_manager",
    )
