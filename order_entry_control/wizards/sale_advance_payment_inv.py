# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's invoicing wizard: no down payment before a controlled order is released."""

from odoo import models
from odoo.exceptions import UserError

from ..models.order_field_policy import OWNER


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        orders = self.sale_order_ids
        if isinstance(sale_orders, models.BaseModel):
            orders |= sale_orders
        unreleased = orders.filtered(
            lambda o: o.order_control_active and o.state != "sale"
        )
        if unreleased:
            raise UserError(
                self.env._(
                    "Order %(orders)s is not released yet: it is invoiced, down "
                    "payments included, only once it is approved and confirmed.",
                    orders=", ".join(unreleased.mapped("name")),
                )
            )
        # the wizard owns the down-payment lines it adds (is_downpayment)
        return super(
            SaleAdvancePaymentInv, self.with_context(order_field_owner=OWNER)
        )._create_invoices(sale_orders)
