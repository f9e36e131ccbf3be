# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .order_milestone_type import MAX_HOURS

TRACKER_RULES = [
    ("default", "Team or warehouse default, then rotation among the trackers"),
    ("rotation", "Rotation among the trackers"),
    ("salesperson", "The salesperson"),
]


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "order.field.policy"]

    order_payment_gate = fields.Boolean(
        string="Payment Before Shipping Gate",
        help="Deliveries of pay-before-shipping orders cannot be validated until "
        "the order's invoices are paid (a finance manager can override).",
    )
    order_shipping_notice_hours = fields.Float(
        string="Customer Notice After Shipping (hours)",
        default=24.0,
        help="The customer must be told of a shipment within this many hours.",
    )
    order_rating_valid_days = fields.Integer(
        string="Customer Rating Period (days)",
        default=30,
        help="Customers may rate an order this many days after its delivery, "
        "from the link in the shipping and completion notices; 0 switches "
        "customer ratings off.",
    )
    order_milestone_backdate_hours = fields.Float(
        string="Back-dating Without Reason (working hours)",
        default=8.0,
        help="A milestone logged by hand may be dated at most this many working "
        "hours before the moment it is logged; an earlier date needs a reason, "
        "which the tracking table shows and the scorecard counts.",
    )

    order_tracker_rule = fields.Selection(
        selection=TRACKER_RULES,
        string="Tracker Rule",
        default="default",
        required=True,
        help="Who keeps the tracking table of a released order that names no "
        "tracker. Team or warehouse default: the default tracker of the order's "
        "sales team, else of its warehouse, else the next Order Tracker in turn. "
        "Rotation: the next Order Tracker in turn. The salesperson: the order's "
        "salesperson, else as the default rule. Order Control Managers are not "
        "in the rotation; with nobody to take the order, the managers are asked "
        "to name a tracker.",
    )
    # the rotation's last pick, written under a row lock by the release only
    order_tracker_last_id = fields.Many2one(
        comodel_name="res.users", string="Last Tracker in Turn", readonly=True
    )
    order_customer_delay = fields.Boolean(
        string="Delay Notice to Customer",
        help="When a delivery milestone (shipped, delivered) of an order goes "
        "late, its customer and salesperson get the delay notice.",
    )
    order_customer_completion = fields.Boolean(
        string="Completion Notice to Customer",
        help="When an order is closed as completed, its customer gets the "
        "completion notice.",
    )

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        return super()._order_owned_field_names(vals) | {"order_tracker_last_id"}

    @api.model
    def _order_user_field_names(self):
        # settings of the company's administrators
        return super()._order_user_field_names() | {
            "order_payment_gate",
            "order_shipping_notice_hours",
            "order_milestone_backdate_hours",
            "order_rating_valid_days",
            "order_tracker_rule",
            "order_customer_delay",
            "order_customer_completion",
        }

    # === CONSTRAINT METHODS === #

    @api.constrains("order_rating_valid_days")
    def _check_order_rating_valid_days(self):
        for company in self:
            if not 0 <= company.order_rating_valid_days <= 366:
                raise ValidationError(
                    self.env._(
                        "The customer rating period must be between 0 and 366 days."
                    )
                )

    @api.constrains("order_milestone_backdate_hours")
    def _check_order_milestone_backdate_hours(self):
        for company in self:
            if not 0 <= company.order_milestone_backdate_hours <= MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The back-dating allowance must be between 0 and %(max)s "
                        "working hours.",
                        max=MAX_HOURS,
                    )
                )

    @api.constrains("order_shipping_notice_hours")
    def _check_order_shipping_notice_hours(self):
        for company in self:
            if company.order_shipping_notice_hours < 0:
                raise ValidationError(
                    self.env._("The shipping notice deadline cannot be negative.")
                )
            if company.order_shipping_notice_hours > MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The shipping notice deadline must be between 0 and "
                        "%(max)s hours.",
                        max=MAX_HOURS,
                    )
                )
