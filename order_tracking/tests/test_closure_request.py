# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from .request_common import OrderRequestFixtures


@tagged("post_install", "-at_install")
class TestClosureRequest(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()

    def _closure(self, order, reason="completed", user=None):
        return (
            self.env["order.closure.request"]
            .with_user(user or self.clerk)
            .create({"order_id": order.id, "reason": reason})
        )

    def _completed_order(self):
        order = self._released_order()
        self._deliver(order)
        self._invoice_and_pay(order)
        return order

    def test_completed_order_is_closed_locked_archived_and_documented(self):
        order = self._completed_order()
        request = self._closure(order)
        self.assertTrue(
            request.is_delivered
            and request.is_invoiced
            and request.is_paid
            and request.no_open_exception
        )
        request.action_submit()
        self.assertIn(self.head, request.activity_ids.user_id)
        request.with_user(self.head).action_approve()

        self.assertEqual(request.state, "approved")
        self.assertTrue(order.order_closed and order.locked)
        self.assertEqual(order.closed_by_id, self.head)
        self.assertTrue(order.closed_datetime)
        # gone from the default lists, still there for whoever looks for it
        SaleOrder = self.env["sale.order"]
        self.assertNotIn(
            order, SaleOrder.search([("partner_id", "=", self.customer.id)])
        )
        self.assertIn(
            order,
            SaleOrder.with_context(active_test=False).search(
                [("order_closed", "=", True)]
            ),
        )
        # the order, its delivery slip and its invoice, archived on the request
        # by a cron after the approval's short transaction
        self.assertTrue(request.archive_pending)
        self.assertFalse(request.archive_attachment_ids)
        self.env.ref(
            "order_tracking.ir_cron_order_closure_archive"
        ).method_direct_trigger()
        self.assertFalse(request.archive_pending)
        names = sorted(request.archive_attachment_ids.mapped("name"))
        expected = sorted(
            [
                order.name,
                order.picking_ids.name,
                order.invoice_ids.name,
            ]
        )
        self.assertEqual(
            [n.rsplit(".", 1)[0] for n in names],
            [n.replace("/", "_") for n in expected],
        )
        self.assertTrue(all(a.raw for a in request.archive_attachment_ids))
        # closed means closed
        with self.assertRefused(UserError, "is closed"):
            order.with_user(self.clerk).client_order_ref = "late edit"
        with self.assertRefused(UserError, "closed or cancelled"):
            order.with_user(self.clerk).action_request_change()

    def test_unpaid_invoice_blocks_the_closure(self):
        order = self._released_order()
        self._deliver(order)
        invoice = self._invoice_and_pay(order, pay=False)
        request = self._closure(order)
        self.assertFalse(request.is_paid)
        with self.assertRefused(UserError, invoice.name):
            request.action_submit()
        self.assertEqual(request.state, "draft")
        self.assertFalse(order.order_closed)

    def test_undelivered_order_cannot_be_closed_as_completed(self):
        order = self._released_order()
        request = self._closure(order)
        self.assertFalse(request.is_delivered)
        with self.assertRefused(UserError, "deliver \\(or return\\) every line"):
            request.action_submit()

    def test_open_exception_blocks_the_closure(self):
        order = self._completed_order()
        self.env["order.exception"].create(
            {
                "name": "Two cartons dented",
                "order_id": order.id,
                "kind": "transport",
                "user_id": self.clerk.id,
            }
        )
        request = self._closure(order)
        self.assertFalse(request.no_open_exception)
        with self.assertRefused(UserError, "Two cartons dented"):
            request.action_submit()

    def test_preconditions_are_checked_again_at_approval(self):
        order = self._completed_order()
        request = self._closure(order)
        request.action_submit()
        self.env["order.exception"].create(
            {
                "name": "Customer disputes quality",
                "order_id": order.id,
                "kind": "quality",
                "user_id": self.clerk.id,
            }
        )
        with self.assertRefused(UserError, "Customer disputes quality"):
            request.with_user(self.head).action_approve()
        self.assertFalse(order.order_closed)

    def test_cancelled_by_agreement(self):
        order = self._released_order()
        picking = order.picking_ids
        request = self._closure(order, reason="cancelled")
        request.action_submit()
        request.with_user(self.head).action_approve()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(picking.state, "cancel")
        self.assertTrue(order.order_closed)
        self.assertFalse(order.active)

    def test_reject_and_four_eyes(self):
        order = self._completed_order()
        request = self._closure(order, user=self.head)
        request.with_user(self.head).action_submit()
        with self.assertRefused(AccessError, "You requested"):
            request.with_user(self.head).action_approve()
        request.with_user(self.head2).action_reject(reason="Wait for the audit")
        self.assertEqual(request.state, "rejected")
        self.assertFalse(order.order_closed)

    def test_only_a_manager_reopens_and_only_with_a_reason(self):
        order = self._completed_order()
        request = self._closure(order)
        request.action_submit()
        request.with_user(self.head).action_approve()
        with self.assertRefused(AccessError, "Only an Order Control Manager"):
            order.with_user(self.head).action_reopen(reason="Customer complaint")
        action = order.with_user(self.manager).action_reopen()
        self.assertEqual(action["res_model"], "order.control.reason.wizard")
        with self.assertRefused(UserError, "Give the reason"):
            order.with_user(self.manager).action_reopen(reason=" ")
        self.assertTrue(order.order_closed)
        wizard = (
            self.env["order.control.reason.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "Customer complaint about batch 7"})
        )
        wizard.action_confirm()
        self.assertFalse(order.order_closed)
        self.assertTrue(order.active)
        self.assertFalse(order.locked)
        self.assertIn("Customer complaint about batch 7", order.message_ids[:1].body)


@tagged("post_install", "-at_install")
class TestRequestForms(OrderRequestFixtures, HttpCase):
    """The forms print as real PDF: wkhtmltopdf fetches the styles from the
    server, so this runs in an HttpCase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()

    def _closure(self, order, reason="completed", user=None):
        return (
            self.env["order.closure.request"]
            .with_user(user or self.clerk)
            .create({"order_id": order.id, "reason": reason})
        )

    def test_forms_print(self):
        order = self._released_order()
        request = self._closure(order)
        change = self.env["order.change.request"].create(
            {
                "order_id": order.id,
                "reason": "Reprint",
                "new_client_order_ref": "PO-1",
            }
        )
        report = self.env["ir.actions.report"]
        html, kind = report._render_qweb_pdf(
            "order_tracking.action_report_order_closure_request", request.ids
        )
        self.assertIn(request.name, html.decode())
        html, kind = report._render_qweb_pdf(
            "order_tracking.action_report_order_change_request", change.ids
        )
        self.assertIn(change.name, html.decode())
        self.assertIn(fields.Date.today().strftime("%Y"), change.name)
        # and a real PDF through wkhtmltopdf (the commands install it)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "order_tracking.action_report_order_change_request", change.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
