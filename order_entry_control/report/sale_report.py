# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The sales analysis by business date: an order received after the cutoff
counts as the next working day's sales (业绩), as the processing regulation
says (regulation 11)."""

from odoo import fields, models


class SaleReport(models.Model):
    _inherit = "sale.report"

    business_date = fields.Date(
        readonly=True,
        help="The working day the order counts on: orders received after the "
        "cutoff or on a non-working day count on the next working day.",
    )

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["business_date"] = "s.business_date"
        return res

    def _group_by_sale(self):
        return f"{super()._group_by_sale()},\n            s.business_date"
