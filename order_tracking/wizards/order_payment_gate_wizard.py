# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderPaymentGateWizard(models.TransientModel):
    """Ask a finance manager why a pay-before-shipping order may ship unpaid."""

    _name = "order.payment.gate.wizard"
    _description = "Override Payment Gate"

    order_ids = fields.Many2many(comodel_name="sale.order", string="Orders")
    reason = fields.Text()

    def action_confirm(self):
        """Override the gate of the orders with the reason given."""
        self.ensure_one()
        self.order_ids.action_override_payment_gate(reason=self.reason or "")
        return {"type": "ir.actions.act_window_close"}
