# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """An online payment submits a controlled quotation for review instead."""
        controlled = self.filtered(
            lambda tx: (
                len(tx.sale_order_ids) == 1
                and tx.sale_order_ids.order_control_active
                and tx.sale_order_ids.review_state != "approved"
                and tx.sale_order_ids.state in ("draft", "sent")
            )
        )
        if not controlled:
            return super()._check_amount_and_confirm_order()
        controlled.sale_order_ids.filtered(
            lambda order: order._is_confirmation_amount_reached()
        )._order_control_submit_from_portal()
        others = self - controlled
        if others:
            return others._check_amount_and_confirm_order()
        return self.env["sale.order"]
