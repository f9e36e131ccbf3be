# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderMilestone(models.Model):
    """Planned and actual date of one milestone of one order."""

    _name = "order.milestone"
    _description = "Order Milestone"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    type_id = fields.Many2one(
        comodel_name="order.milestone.type",
        string="Milestone",
        required=True,
        ondelete="restrict",
    )
    code = fields.Char(related="type_id.code", store=True, index=True)
    sequence = fields.Integer(related="type_id.sequence", store=True)
    date_planned = fields.Datetime(string="Planned", index=True)
    date_actual = fields.Datetime(string="Actual", copy=False)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Logged By", readonly=True, copy=False
    )
    is_late = fields.Boolean(string="Late", readonly=True, copy=False, index=True)
    note = fields.Char()
