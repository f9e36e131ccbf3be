# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    tracker_id = fields.Many2one(
        comodel_name="res.users",
        string="Tracker",
        tracking=True,
        help="Keeps this order's tracking table (订单跟踪表).",
    )
    allocation_ids = fields.One2many(
        comodel_name="order.allocation", inverse_name="order_id", copy=False
    )
    milestone_ids = fields.One2many(
        comodel_name="order.milestone", inverse_name="order_id", copy=False
    )
    exception_ids = fields.One2many(
        comodel_name="order.exception", inverse_name="order_id", copy=False
    )
    change_request_ids = fields.One2many(
        comodel_name="order.change.request", inverse_name="order_id", copy=False
    )
    closure_request_ids = fields.One2many(
        comodel_name="order.closure.request", inverse_name="order_id", copy=False
    )
    customer_feedback_score = fields.Integer(
        string="Customer Satisfaction (%)",
        copy=False,
        tracking=True,
        help="Score from 0 to 100 recorded with the customer's feedback.",
    )
    order_revision = fields.Integer(
        string="Revision", copy=False, readonly=True, tracking=True
    )
    order_closed = fields.Boolean(
        string="Closed", copy=False, readonly=True, index=True, tracking=True
    )
    closed_datetime = fields.Datetime(string="Closed On", copy=False, readonly=True)
    closed_by_id = fields.Many2one(
        comodel_name="res.users", string="Closed By", copy=False, readonly=True
    )
