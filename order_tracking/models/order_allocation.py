# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderAllocation(models.Model):
    """One line of an order's allocation table (订单分配表)."""

    _name = "order.allocation"
    _description = "Order Allocation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "order_id, date_due, id"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    department_id = fields.Many2one(
        comodel_name="order.department", required=True, ondelete="restrict"
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Owner", required=True, tracking=True
    )
    task = fields.Char(required=True)
    date_due = fields.Datetime(string="Due", required=True, tracking=True)
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    state = fields.Selection(
        selection=[
            ("todo", "To Do"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="todo",
        tracking=True,
        index=True,
    )
    note = fields.Text()
