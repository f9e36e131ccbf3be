# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The printed forms' rendering values: the records to print, read as the
reader (their access rules refuse the form before anything is rendered)."""

from odoo import api, models


class OrderFormReport(models.AbstractModel):
    """Base of the forms' report models (``report.<module>.<template>``)."""

    _name = "order.form.report"
    _description = "Order Control: printed form"
    # marks the forms (their pages are numbered when wkhtmltopdf cannot)
    _order_form = True

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._order_form_model()].browse(docids)
        # an AccessError, not a rendering error, for a record one may not read
        docs.check_access("read")
        return {"doc_ids": docids, "doc_model": docs._name, "docs": docs, "data": data}

    @api.model
    def _order_form_model(self):
        """The model of the records this form prints (override)."""
        raise NotImplementedError()


class ReportOrderForm(models.AbstractModel):
    _name = "report.order_entry_control.report_order_form"
    _inherit = "order.form.report"
    _description = "Order Control: printed order"

    @api.model
    def _order_form_model(self):
        return "sale.order"
