# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderDepartment(models.Model):
    """An executing department of the allocation table (no dependency on hr)."""

    _name = "order.department"
    _description = "Order Executing Department"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Department Head",
        help="Default owner of this department's allocations.",
    )
    team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Sales Team",
        help="Orders of this team are allocated to this department by default. "
        "Leave empty to allocate orders of every team.",
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        help="Orders shipped from this warehouse are allocated to this department "
        "by default. Leave empty for every warehouse.",
    )
    default_task = fields.Char(
        translate=True, help="Task written on the allocation line by default."
    )
    default_hours = fields.Float(
        string="Default Time Limit (hours)",
        default=8.0,
        help="Working hours from release to the allocation's due date.",
    )
