# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's invoicing wizard: its down-payment lines pass the released-order lock."""

from odoo import models

from ..models.sale_order import DOWN_PAYMENT


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        # the down-payment lines this wizard adds to a released order pass the
        # released-order lock (their amount is invoiced, not ordered)
        invoices = super(
            SaleAdvancePaymentInv,
            self.with_context(order_tracking_down_payment=DOWN_PAYMENT),
        )._create_invoices(sale_orders)
        return invoices.with_env(self.env)
