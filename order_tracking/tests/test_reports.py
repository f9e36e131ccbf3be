# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestReports(TrackingFixtures, TransactionCase):
    """The allocation and tracking tables as printable forms.

    The HTML is checked: the PDF step needs wkhtmltopdf, which Odoo's test
    mode does not run (it returns the HTML instead).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.order = cls._released_order(user=cls.salesman)

    def _html(self, report):
        return (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            ._render_qweb_html(report, self.order.ids)[0]
            .decode()
        )

    def test_allocation_table(self):
        html = self._html("order_tracking.action_report_order_allocation")
        self.assertIn("Allocation Table", html)
        self.assertIn(self.order.name, html)
        self.assertIn("Plan and produce", html)
        self.assertIn(self.head.name, html)

    def test_tracking_table(self):
        self.env["order.exception"].create(
            {
                "name": "Damaged carton",
                "order_id": self.order.id,
                "kind": "transport",
                "user_id": self.tracker.id,
            }
        )
        html = self._html("order_tracking.action_report_order_tracking")
        self.assertIn("Tracking Table", html)
        for name in ("Released", "QC passed", "Feedback received", "Damaged carton"):
            self.assertIn(name, html)

    def test_pdf_action(self):
        report = self.env.ref("order_tracking.action_report_order_tracking")
        content, kind = report._render_qweb_pdf(report.report_name, self.order.ids)
        self.assertIn(kind, ("pdf", "html"))
        self.assertTrue(content)
