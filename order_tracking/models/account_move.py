# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft)
        posted._order_tracking_orders()._order_tracking_set_actual(["invoice_posted"])
        return posted

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        orders = self._order_tracking_orders()
        orders.filtered(
            lambda o: o._order_tracking_is_paid()
        )._order_tracking_set_actual(["invoice_paid"])
        return res

    def _order_tracking_orders(self):
        """Controlled sales orders invoiced by these customer invoices."""
        invoices = self.filtered(lambda m: m.move_type == "out_invoice")
        if not invoices:
            return self.env["sale.order"]
        return invoices.sudo().invoice_line_ids.sale_line_ids.order_id.filtered(
            "order_control_active"
        )
