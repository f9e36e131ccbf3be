# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A year of working days: anything longer is a typing error.
MAX_HOURS = 2000


class OrderMilestoneType(models.Model):
    """A milestone of the tracking table (订单跟踪表), as data.

    A definition without a company is shared by every company: only an
    administrator, or a manager allowed in every company, changes it.
    """

    _name = "order.milestone.type"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order Milestone Definition"
    _order = "sequence, id"
    _order_user_fields = frozenset(
        {"name", "code", "sequence", "active", "company_id", "offset_hours", "event"}
    )

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

    # === CONSTRAINT METHODS === #

    @api.constrains("offset_hours")
    def _check_offset_hours(self):
        for milestone_type in self:
            if not 0 <= milestone_type.offset_hours <= MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The planned offset of milestone '%(milestone)s' must be "
                        "between 0 and %(max)s working hours.",
                        milestone=milestone_type.name,
                        max=MAX_HOURS,
                    )
                )
