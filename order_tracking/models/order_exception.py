# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderException(models.Model):
    """An exception of an order and its entry in the risk register."""

    _name = "order.exception"
    _description = "Order Exception"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date_deadline, id"

    name = fields.Char(string="Description", required=True, tracking=True)
    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    kind = fields.Selection(
        selection=[
            ("customer_change", "Customer change"),
            ("stockout", "Stock-out"),
            ("production_delay", "Production delay"),
            ("quality", "Quality problem"),
            ("transport", "Transport damage or loss"),
            ("payment", "Payment problem"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Owner", required=True, tracking=True
    )
    date_deadline = fields.Datetime(string="Deadline", tracking=True)
    likelihood = fields.Selection(
        selection=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
        required=True,
        default="medium",
    )
    impact = fields.Selection(
        selection=[("severe", "Severe"), ("major", "Major"), ("general", "General")],
        required=True,
        default="general",
    )
    risk_level = fields.Selection(
        selection=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
        store=True,
        readonly=True,
    )
    response = fields.Text()
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    date_resolved = fields.Datetime(readonly=True, copy=False)
