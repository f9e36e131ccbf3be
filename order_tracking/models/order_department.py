# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .order_milestone_type import MAX_HOURS


class OrderDepartment(models.Model):
    """An executing department of the allocation table (no dependency on hr).

    Always of one company (guarded by its company rule); configuration that its
    managers edit.
    """

    _name = "order.department"
    _inherit = ["order.field.policy"]
    _description = "Order Executing Department"
    _order = "sequence, name, id"
    _order_user_fields = frozenset(
        {
            "name",
            "sequence",
            "active",
            "company_id",
            "manager_id",
            "team_id",
            "warehouse_id",
            "default_task",
            "default_hours",
        }
    )

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

    # === CONSTRAINT METHODS === #

    @api.constrains("default_hours")
    def _check_default_hours(self):
        for department in self:
            if not 0 <= department.default_hours <= MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The time limit of department '%(department)s' must be "
                        "between 0 and %(max)s working hours.",
                        department=department.name,
                        max=MAX_HOURS,
                    )
                )
