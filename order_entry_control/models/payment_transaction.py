# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """An online payment submits a controlled quotation for review instead;
        an approved one waiting for its release window is left to the window."""
        quotations = self.filtered(
            lambda tx: (
                len(tx.sale_order_ids) == 1
                and tx.sale_order_ids.order_control_active
                and tx.sale_order_ids.state in ("draft", "sent")
            )
        )
        controlled = quotations.filtered(
            lambda tx: tx.sale_order_ids.review_state != "approved"
        )
        waiting = (quotations - controlled).filtered(
            lambda tx: tx.sale_order_ids._order_release_window_error()
        )
        controlled.sale_order_ids.filtered(
            lambda order: order._is_confirmation_amount_reached()
        )._order_control_submit_from_portal()
        for order in waiting.sale_order_ids:
            order.message_post(
                body=self.env._(
                    "Paid online: the order is released in its release window."
                ),
                subtype_xmlid="mail.mt_note",
            )
        others = self - controlled - waiting
        if others:
            return super(PaymentTransaction, others)._check_amount_and_confirm_order()
        return self.env["sale.order"]
