# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the printed order (销售订单 / 订单确认单) reads from a quotation: its
form title, the amount in Chinese capitals and the signature boxes
制单 / 审核 / 批准 filled from the submission and the review steps."""

from odoo import models

from ..tools.amount_capitals import amount_to_chinese_capitals


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _get_report_form_title(self):
        """The printed order's title: a sales order until it is confirmed."""
        self.ensure_one()
        if self.state == "sale":
            return self.env._("Order Confirmation")
        return self.env._("Sales Order")

    def _get_report_amount_capitals(self):
        """The total in Chinese capitals (大写金额) for an order in yuan (CNY),
        else an empty string."""
        self.ensure_one()
        if self.currency_id.name != "CNY":
            return ""
        return amount_to_chinese_capitals(self.amount_total)

    def _get_report_signature_boxes(self):
        """制单 (who submitted), 审核 (the review steps), 批准 (the approval
        steps) of the current round; blank for a pen until they happen."""
        self.ensure_one()
        self.check_access("read")
        prepared = []
        if self.review_round and self.submitted_by_id:
            prepared.append(
                self._approval_report_entry(
                    self.submitted_by_id, self.submitted_datetime
                )
            )
        return [
            {"label": self.env._("Prepared by"), "entries": prepared},
            *super()._get_report_signature_boxes(),
        ]
