# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .request_common import OrderRequestFixtures


@tagged("post_install", "-at_install")
class TestClosureRequest(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()

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

    def test_change_in_progress_blocks_the_closure(self):
        """A change submitted or approved but not applied could never be
        applied once the order is closed: apply or cancel it first."""
        order = self._completed_order()
        change = self._change(order, new_client_order_ref="PO-2026-0042-B")
        change.action_submit()
        request = self._closure(order)
        with self.assertRefused(UserError, change.name):
            request.action_submit()
        self.assertEqual(request.state, "draft")
        # submitted before the change: refused again at approval
        change.with_user(self.clerk).action_cancel()
        request.action_submit()
        other = self._change(order, new_client_order_ref="PO-2026-0042-C")
        other.action_submit()
        with self.assertRefused(UserError, "apply or cancel the change requests"):
            request.with_user(self.head).action_approve()
        self.assertFalse(order.order_closed)
        other.with_user(self.clerk).action_cancel()
        request.with_user(self.head).action_approve()
        self.assertTrue(order.order_closed)

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


@tagged("post_install", "-at_install")
class TestRequestAccess(OrderRequestFixtures, TransactionCase):
    """Who may read, write, create and delete the request models, per role,
    and what another company's user sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        order = cls._released_order()
        cls.change = cls.env["order.change.request"].create(
            {
                "order_id": order.id,
                "reason": "Access",
                "line_ids": [
                    Command.create(
                        {"sale_line_id": order.order_line[0].id, "new_qty": 11}
                    )
                ],
            }
        )
        cls.closure = cls.env["order.closure.request"].create(
            {"order_id": order.id, "reason": "cancelled"}
        )
        cls.change.action_submit()  # by its requester (the superuser here)
        cls.records = {
            "change": cls.change,
            "change_line": cls.change.line_ids,
            "closure": cls.closure,
            "approval": cls.change.review_ids,
        }
        other = cls.env["res.company"].create({"name": "Xiamen Branch"})
        cls.stranger = new_test_user(
            cls.env,
            login="oc_stranger",
            groups="base.group_user,order_entry_control.group_order_control_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        cls.accountant = new_test_user(
            cls.env,
            login="oc_accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _can(self, user, key, operation):
        try:
            self.records[key].with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def test_access_per_role(self):
        cases = {
            "clerk": {
                ("change", "read"): True,
                ("change", "write"): True,
                ("change", "unlink"): False,
                ("change_line", "write"): True,
                ("closure", "create"): True,
                ("approval", "read"): True,
                ("approval", "write"): False,
            },
            "head": {
                ("change", "write"): True,
                ("closure", "write"): True,
                ("approval", "write"): False,
            },
            "manager": {
                ("change", "unlink"): True,
                ("closure", "unlink"): True,
            },
            "accountant": {
                ("closure", "read"): True,
                ("closure", "write"): False,
                ("change", "read"): False,
                ("approval", "read"): True,
            },
            "stranger": {
                ("change", "read"): False,
                ("closure", "read"): False,
                ("approval", "read"): False,
            },
        }
        for role, expected in cases.items():
            user = getattr(self, role)
            for (key, operation), allowed in expected.items():
                with self.subTest(role=role, model=key, operation=operation):
                    self.assertEqual(self._can(user, key, operation), allowed)

    def test_portal_user_sees_nothing(self):
        portal = new_test_user(self.env, login="oc_portal", groups="base.group_portal")
        for key in self.records:
            with self.subTest(model=key):
                self.assertFalse(self._can(portal, key, "read"))


@tagged("post_install", "-at_install")
class TestRequestWithdraw(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()

    def test_only_the_requester_or_a_manager_withdraws(self):
        order = self._released_order()
        closure = self._closure(order, reason="cancelled")
        closure.action_submit()
        change = self._change(
            order, [{"sale_line_id": order.order_line[0].id, "new_qty": 11}]
        )
        change.action_submit()
        for request in (closure, change):
            with self.subTest(model=request._name):
                # a reviewer sees every order's requests, but did not ask
                with self.assertRefused(AccessError, "Only the requester"):
                    request.with_user(self.reviewer).action_cancel()
                self.assertEqual(request.state, "submitted")
                self.assertTrue(request.activity_ids)
        closure.with_user(self.clerk).action_cancel()
        change.with_user(self.manager).action_cancel()
        for request in (closure, change):
            self.assertEqual(request.state, "cancelled")
            self.assertFalse(request.activity_ids)
            self.assertEqual(set(request.review_ids.mapped("state")), {"cancelled"})
