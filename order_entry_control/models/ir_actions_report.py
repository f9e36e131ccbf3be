# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Page numbers on Order Control's printed forms when wkhtmltopdf cannot print
the layout's footer: a wkhtmltopdf built without its patched Qt (the Debian
package) ignores the header and footer, so the forms would have no "1 / 2".
Then each form's pages are numbered here, per document. Other reports are
left as they are."""

import functools
import io
import logging
import subprocess

from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)


@functools.cache
def _wkhtmltopdf_prints_footers():
    """Whether the installed wkhtmltopdf prints headers and footers (its Qt is
    patched); asked once per process, as Odoo asks for its version."""
    from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            check=False,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return b"patched qt" in out.lower()


def number_pages(pdf_bytes):
    """``pdf_bytes`` with "n / total" at the foot of each page, centred."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    pages = reader.pages
    total = len(pages)
    packet = io.BytesIO()
    can = canvas.Canvas(packet)
    for number, page in enumerate(pages, start=1):
        width = float(abs(page.mediabox.width))
        can.setPageSize((width, float(abs(page.mediabox.height))))
        can.setFont("Helvetica", 8)
        can.setFillGray(0.4)
        can.drawCentredString(width / 2, 20, f"{number} / {total}")
        can.showPage()
    can.save()
    overlay = PdfFileReader(packet, strict=False)
    writer = PdfFileWriter()
    for page, stamp in zip(pages, overlay.pages, strict=True):
        page.merge_page(stamp)
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _is_order_form(self, report_ref):
        """Whether ``report_ref`` is one of Order Control's printed forms (its
        rendering values come from an ``order.form.report`` model)."""
        report = self._get_report(report_ref)
        model = self.env.get(f"report.{report.report_name}")
        return bool(model is not None and getattr(model, "_order_form", False))

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        if _wkhtmltopdf_prints_footers() or not self._is_order_form(report_ref):
            return streams
        for values in streams.values():
            stream = values.get("stream")
            if stream and not values.get("attachment"):
                try:
                    values["stream"] = io.BytesIO(number_pages(stream.getvalue()))
                except Exception:  # noqa: BLE001 - a form without numbers still prints
                    _logger.warning(
                        "Could not number the pages of a form", exc_info=True
                    )
        return streams
