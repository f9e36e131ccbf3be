# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Change and closure requests hold against the people they control: the
workflow's fields are not forged through create, write, copy or a context
default, and what a request proposes is fixed at its submission."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .request_common import OrderRequestFixtures

ORM_LOG = "odoo.models"


@tagged("post_install", "-at_install")
class TestRequestPolicy(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.order = cls._released_order()
        cls.other_order = cls._released_order()

    def _line(self, qty=11):
        return {"sale_line_id": self.order.order_line[0].id, "new_qty": qty}

    def _values(self, **vals):
        values = {
            "order_id": self.order.id,
            "reason": "Customer asked by phone",
            "line_ids": [Command.create(self._line())],
        }
        values.update(vals)
        return values

    @mute_logger(ORM_LOG)
    def test_forged_change_request_is_refused(self):
        Request = self.env["order.change.request"].with_user(self.clerk)
        forged = {
            "state": "approved",
            "requested_by_id": self.head.id,
            "approved_by_id": self.head.id,
            "owner_id": self.clerk.id,
            "date_deadline": fields.Datetime.now(),
            "approved_datetime": fields.Datetime.now(),
            "revision": 7,
        }
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                Request.create(self._values(**{name: value}))
        # context defaults of owned fields are ignored
        request = Request.with_context(
            default_state="approved",
            default_requested_by_id=self.head.id,
            default_owner_id=self.clerk.id,
        ).create(self._values())
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.requested_by_id, self.clerk)
        self.assertFalse(request.owner_id)
        self.assertNotEqual(request.name, "/")
        with self.assertRaises(AccessError):
            request.copy(default={"state": "approved"})
        for name, value in forged.items():
            with self.subTest(write=name), self.assertRaises(AccessError):
                request.write({name: value})
        with self.assertRaises(UserError):
            request.write({"order_id": self.other_order.id})
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.order_id, self.order)
        with self.assertRaises(UserError):
            request.action_apply()

    @mute_logger(ORM_LOG)
    def test_copy_is_a_new_draft_of_whoever_copies(self):
        request = self._change(self.order, [self._line()])
        self._approve_change(request)
        request.with_user(self.clerk).action_apply()
        copy = request.with_user(self.reviewer).copy()
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.requested_by_id, self.reviewer)
        self.assertFalse(copy.owner_id or copy.approved_by_id or copy.revision)
        self.assertEqual(copy.line_ids.old_qty, 11)

    @mute_logger(ORM_LOG)
    def test_head_cannot_name_another_requester_and_approve(self):
        with self.assertRaises(AccessError):
            self.env["order.change.request"].with_user(self.head).create(
                self._values(requested_by_id=self.clerk.id)
            )
        request = (
            self.env["order.change.request"].with_user(self.head).create(self._values())
        )
        self.assertEqual(request.requested_by_id, self.head)
        request.action_submit()
        with self.assertRaises(AccessError):
            request.write({"owner_id": self.head.id})
        request.sudo().write(
            {"owner_id": self.clerk.id, "date_deadline": fields.Datetime.now()}
        )
        with self.assertRefused(AccessError, "You requested"):
            request.action_approve()

    @mute_logger(ORM_LOG)
    def test_submitted_request_is_fixed(self):
        request = self._change(self.order, [self._line()])
        request.action_submit()
        line = request.line_ids
        for user in (self.clerk, self.head, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    request.with_user(user).write({"reason": "Other"})
                with self.assertRaises(UserError):
                    line.with_user(user).write({"new_qty": 99})
                with self.assertRaises(UserError):
                    line.with_user(user).unlink()
                with self.assertRaises(UserError):
                    self.env["order.change.request.line"].with_user(user).create(
                        dict(self._line(), request_id=request.id)
                    )
        self._approve_change_submitted(request)
        self.assertEqual(request.state, "approved")
        with self.assertRaises(UserError):
            line.with_user(self.clerk).write({"new_qty": 99})
        with self.assertRaises(UserError):
            request.with_user(self.clerk).write(
                {"line_ids": [Command.update(line.id, {"new_qty": 99})]}
            )
        with self.assertRaises(UserError):
            request.with_user(self.clerk).write(
                {"new_client_order_ref": "Forged after approval"}
            )
        request.with_user(self.clerk).action_apply()
        self.assertEqual(self.order.order_line[0].product_uom_qty, 11)

    def _approve_change_submitted(self, request):
        request.with_user(self.head).write(
            {"owner_id": self.clerk.id, "date_deadline": fields.Datetime.now()}
        )
        request.with_user(self.head).action_approve()

    @mute_logger(ORM_LOG)
    def test_draft_is_edited_by_its_requester(self):
        request = self._change(self.order, [self._line()])
        request.write({"reason": "Corrected", "cause": "stock"})
        request.line_ids.write({"new_qty": 12})
        self.assertEqual(request.cause, "stock")
        for user in (self.head, self.salesman):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).write({"reason": "Not mine"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).write({"cause": "entry_error"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.line_ids.with_user(user).write({"new_qty": 1})
        # a manager corrects a draft
        request.with_user(self.manager).write({"reason": "Corrected by the manager"})

    @mute_logger(ORM_LOG)
    def test_cause_is_fixed_at_submission_and_corrected_by_the_approver(self):
        request = self._change(self.order, [self._line()], cause="customer")
        request.action_submit()
        with self.assertRefused(UserError, "has been submitted"):
            request.write({"cause": "stock"})
        with self.assertRefused(UserError, "has been submitted"):
            request.with_user(self.head).write({"cause": "stock"})
        request.with_user(self.head).write(
            {"owner_id": self.clerk.id, "date_deadline": fields.Datetime.now()}
        )
        with self.assertRaises(UserError):
            request.with_user(self.head).action_approve(cause="nonsense")
        request.with_user(self.head).action_approve(cause="entry_error")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.cause, "entry_error")
        self.assertTrue(
            any(
                "Cause corrected" in body for body in request.message_ids.mapped("body")
            )
        )
        with self.assertRaises(UserError):
            request.with_user(self.head).write({"cause": "customer"})

    @mute_logger(ORM_LOG)
    def test_owner_and_deadline_are_named_by_the_approver(self):
        request = self._change(self.order, [self._line()])
        with self.assertRaises(AccessError):
            request.write({"owner_id": self.clerk.id})
        request.action_submit()
        for user in (self.clerk, self.salesman):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).write({"owner_id": user.id})
        self._approve_change_submitted(request)
        with self.assertRaises(AccessError):
            request.with_user(self.head).write({"owner_id": self.head2.id})
        self.assertEqual(request.owner_id, self.clerk)

    @mute_logger(ORM_LOG)
    def test_old_values_are_taken_from_the_order_line(self):
        sale_line = self.order.order_line[0]
        request = self._change(
            self.order,
            [
                dict(
                    self._line(), old_qty=999, old_price=0.01, product_id=self.washer.id
                )
            ],
        )
        line = request.line_ids
        self.assertEqual(line.old_qty, sale_line.product_uom_qty)
        self.assertEqual(line.old_price, sale_line.price_unit)
        self.assertEqual(line.product_id, sale_line.product_id)
        with self.assertRaises(AccessError):
            line.write({"old_price": 0.01})
        with self.assertRaises(UserError):
            line.write({"request_id": self._change(self.other_order).id})
        # choosing another line takes that line's values
        other_line = self.order.order_line[1]
        line.write({"sale_line_id": other_line.id, "old_qty": 999})
        self.assertEqual(line.old_qty, other_line.product_uom_qty)
        self.assertEqual(line.product_id, other_line.product_id)

    @mute_logger(ORM_LOG)
    def test_forged_closure_request_is_refused(self):
        Request = self.env["order.closure.request"].with_user(self.clerk)
        values = {"order_id": self.order.id, "reason": "cancelled"}
        for name, value in {
            "state": "approved",
            "requested_by_id": self.head.id,
            "approved_by_id": self.head.id,
            "archive_pending": True,
        }.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                Request.create(dict(values, **{name: value}))
        request = Request.with_context(default_state="approved").create(values)
        self.assertEqual(request.state, "draft")
        with self.assertRaises(AccessError):
            request.write({"state": "approved"})
        with self.assertRaises(UserError):
            request.write({"order_id": self.other_order.id})
        request.action_submit()
        with self.assertRaises(UserError):
            request.write({"reason": "completed"})
        with self.assertRaises(AccessError):
            request.with_user(self.salesman).action_reset_to_draft()

    @mute_logger(ORM_LOG)
    def test_approvals_and_revisions_are_the_system_s(self):
        request = self._change(self.order, [self._line()])
        request.action_submit()
        approval = request.review_ids
        with self.assertRaises(AccessError):
            approval.with_user(self.manager).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.env["order.review"].with_user(self.manager).create(
                {
                    "res_model": "order.change.request",
                    "res_id": request.id,
                    "step_id": approval.step_id.id,
                    "step_type": "approval",
                    "company_id": request.company_id.id,
                    "state": "done",
                }
            )
        with self.assertRaises(AccessError):
            self.env["order.revision"].with_user(self.manager).create(
                {"order_id": self.order.id, "revision": 9}
            )
        with self.assertRaises(AccessError):
            self.order.with_user(self.manager).write({"order_revision": 9})
