# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .order_milestone_type import MAX_HOURS


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

    @api.model
    def _order_user_field_names(self):
        # settings of the company's administrators
        return super()._order_user_field_names() | {
            "order_payment_gate",
            "order_shipping_notice_hours",
            "order_customer_delay",
            "order_customer_completion",
        }

    # === CONSTRAINT METHODS === #

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
