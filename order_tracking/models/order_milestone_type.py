# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderMilestoneType(models.Model):
    """A milestone of the tracking table (订单跟踪表), as data."""

    _name = "order.milestone.type"
    _description = "Order Milestone Definition"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, used by reports and KPIs.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use this milestone in every company.",
    )
    offset_hours = fields.Float(
        string="Planned Offset (working hours)",
        help="Working hours from release to the planned date of this milestone. "
        "The shipping notice is planned from the shipment instead: the shipping "
        "date plus the company's shipping-notice hours.",
    )
    event = fields.Selection(
        selection=[
            ("manual", "Entered by hand"),
            ("release", "Order confirmed"),
            ("picking_done", "A transfer of the order is validated"),
            ("delivery_shipped", "A delivery to the customer is validated"),
            ("delivery_done", "The delivery to the customer is done"),
            ("notice_sent", "The shipping notice is sent"),
            ("invoice_posted", "An invoice is posted"),
            ("invoice_paid", "The invoices are paid"),
        ],
        required=True,
        default="manual",
        help="Where Odoo records the actual date; manual milestones are logged by "
        "the tracker.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A milestone code must be unique."),
    ]
