# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A change request's approval (issue 23, point 8): the dialog asks for who
carries the change out and by when when they are missing, and the decision
buttons show only to people who can decide."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .request_common import OrderRequestFixtures

APPROVE = ("action_approve_dialog", "Approve")
REJECT = ("action_reject", "Reject")
CLOSE = ("action_approve", "Approve and Close Order")


@tagged("post_install", "-at_install")
class TestChangeApprovalDialog(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.order = cls._released_order()

    def _submitted(self):
        request = self._change(
            self.order,
            [{"sale_line_id": self.order.order_line[0].id, "new_qty": 12}],
        )
        request.action_submit()
        return request

    def test_decision_buttons_only_for_who_can_decide(self):
        request = self._submitted()
        self.assertFalse(request.with_user(self.clerk).can_review)
        clerk_sees = self._header_buttons(request, self.clerk)
        self.assertNotIn(APPROVE, clerk_sees, "the requester does not decide")
        self.assertNotIn(REJECT, clerk_sees)
        head_sees = self._header_buttons(request, self.head)
        self.assertIn(APPROVE, head_sees)
        self.assertIn(REJECT, head_sees)
        # the closure of another order (this one has a change in progress,
        # which keeps it from being closed)
        closure = self._closure(self._released_order(), reason="cancelled")
        closure.action_submit()
        self.assertNotIn(CLOSE, self._header_buttons(closure, self.clerk))
        self.assertIn(CLOSE, self._header_buttons(closure, self.head))

    def test_missing_owner_and_deadline_are_asked_in_the_dialog(self):
        request = self._submitted()
        action = request.with_user(self.head).action_approve_dialog()
        self.assertEqual(action["res_model"], "order.change.approve.wizard")
        self.assertEqual(request.state, "submitted", "nothing decided yet")
        wizard = Form(
            self.env["order.change.approve.wizard"]
            .with_user(self.head)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.request_id, request)
        wizard.owner_id = self.head2
        wizard.date_deadline = datetime(2026, 3, 9, 10, 0)
        wizard.comment = "Agreed with the customer"
        wizard.save().action_confirm()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.owner_id, self.head2)
        self.assertEqual(request.date_deadline, datetime(2026, 3, 9, 10, 0))
        self.assertEqual(request.approved_by_id, self.head)

    def test_the_dialog_refuses_what_is_missing_in_words(self):
        request = self._submitted()
        wizard = (
            self.env["order.change.approve.wizard"]
            .with_user(self.head)
            .create({"request_id": request.id})
        )
        with self.assertRefused(UserError, "name who carries it out and by when"):
            wizard.action_confirm()
        wizard.owner_id = self.head2
        with self.assertRefused(UserError, r"name by when\."):
            wizard.action_confirm()
        self.assertEqual(request.state, "submitted")

    def test_named_already_approves_at_once(self):
        request = self._submitted()
        request.with_user(self.head).write(
            {"owner_id": self.head2.id, "date_deadline": datetime(2026, 3, 9, 10, 0)}
        )
        self.assertIs(request.with_user(self.head).action_approve_dialog(), True)
        self.assertEqual(request.state, "approved")

    def test_the_requester_cannot_approve_through_the_dialog(self):
        request = self._submitted()
        with self.assertRefused(UserError, "not waiting for your approval"):
            request.with_user(self.clerk).action_approve_dialog()
        # a clerk has no access to the dialog's model at all
        with self.assertRefused(AccessError, "."):
            self.env["order.change.approve.wizard"].with_user(self.clerk).create(
                {
                    "request_id": request.id,
                    "owner_id": self.clerk.id,
                    "date_deadline": datetime(2026, 3, 9, 10, 0),
                }
            )
        # a manager who requested it is refused by the engine (four eyes)
        own = self._change(
            self.order,
            [{"sale_line_id": self.order.order_line[1].id, "new_qty": 25}],
            user=self.manager,
        )
        own.with_user(self.manager).action_submit()
        wizard = (
            self.env["order.change.approve.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "request_id": own.id,
                    "owner_id": self.head.id,
                    "date_deadline": datetime(2026, 3, 9, 10, 0),
                }
            )
        )
        with self.assertRefused(UserError, "not waiting for your approval"):
            wizard.action_confirm()
        self.assertEqual(own.state, "submitted")
