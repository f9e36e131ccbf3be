# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A change of an order's header follows the rules of a change of its lines:
one open request per header field of an order, and no change applied over a
value the order no longer holds."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .request_common import OrderRequestFixtures

CLASH = "already changed by the open request"
STALE = "has changed on the order since"


@tagged("post_install", "-at_install")
class TestHeaderChangeRules(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.base = fields.Datetime.now().replace(second=0, microsecond=0)
        cls.order = cls._released_order(
            commitment_date=cls._day(1), client_order_ref="PO-100"
        )

    @classmethod
    def _day(cls, day):
        """A delivery date ``day`` days after the next 30 (a day of "July")."""
        return cls.base + timedelta(days=30 + day)

    def _date_change(self, day):
        return self._change(self.order, new_commitment_date=self._day(day))

    def test_old_values_are_recorded_when_the_request_is_made(self):
        request = self._change(self.order, new_client_order_ref="PO-101")
        self.assertEqual(request.old_commitment_date, self._day(1))
        self.assertEqual(request.old_client_order_ref, "PO-100")
        self.assertEqual(
            request.old_partner_shipping_id, self.order.partner_shipping_id
        )
        self.assertEqual(request.old_payment_term_id, self.order.payment_term_id)
        # another change applied meanwhile does not move them
        other = self._approve_change(self._date_change(3))
        other.with_user(self.clerk).action_apply()
        self.assertEqual(self.order.commitment_date, self._day(3))
        request.invalidate_recordset()
        self.assertEqual(request.old_commitment_date, self._day(1))
        # the applied request keeps the value it replaced, for its printed form
        self.assertEqual(other.old_commitment_date, self._day(1))

    @mute_logger("odoo.models")
    def test_old_values_cannot_be_written(self):
        with self.assertRefused(AccessError, "cannot be set directly"):
            self._change(
                self.order,
                new_client_order_ref="PO-101",
                old_client_order_ref="PO-999",
            )
        request = self._change(self.order, new_client_order_ref="PO-101")
        with self.assertRefused(AccessError, "cannot be set directly"):
            request.with_user(self.clerk).write({"old_commitment_date": self._day(9)})
        self.assertEqual(request.old_client_order_ref, "PO-100")
        self.assertEqual(request.old_commitment_date, self._day(1))

    def test_two_open_requests_on_one_header_field_are_refused(self):
        first = self._date_change(5)
        first.action_submit()
        second = self._date_change(8)
        with self.assertRefused(ValidationError, CLASH) as caught:
            second.action_submit()
        self.assertIn("Delivery Date", str(caught.exception))
        self.assertIn(first.name, str(caught.exception))
        self.assertEqual(second.state, "draft")
        # still refused once the first is approved
        self._approve_change_submitted(first)
        with self.assertRefused(ValidationError, CLASH):
            second.action_submit()
        self.assertEqual(second.state, "draft")

    def _approve_change_submitted(self, request):
        request.with_user(self.head).write(
            {"owner_id": self.clerk.id, "date_deadline": fields.Datetime.now()}
        )
        request.with_user(self.head).action_approve()
        self.assertEqual(request.state, "approved")

    def test_a_field_among_others_clashes(self):
        first = self._change(
            self.order,
            new_client_order_ref="PO-101",
            new_commitment_date=self._day(5),
        )
        first.action_submit()
        second = self._change(self.order, new_client_order_ref="PO-102")
        with self.assertRefused(ValidationError, "Customer Reference"):
            second.action_submit()

    def test_different_header_fields_of_one_order(self):
        first = self._date_change(5)
        second = self._change(self.order, new_client_order_ref="PO-101")
        first.action_submit()
        second.action_submit()
        self.assertEqual((first | second).mapped("state"), ["submitted"] * 2)
        for request in first | second:
            self._approve_change_submitted(request)
            request.with_user(self.clerk).action_apply()
        self.assertEqual(self.order.commitment_date, self._day(5))
        self.assertEqual(self.order.client_order_ref, "PO-101")

    def test_a_new_request_once_the_first_is_applied(self):
        first = self._approve_change(self._date_change(5))
        first.with_user(self.clerk).action_apply()
        second = self._approve_change(self._date_change(8))
        second.with_user(self.clerk).action_apply()
        self.assertEqual(second.old_commitment_date, self._day(5))
        self.assertEqual(self.order.commitment_date, self._day(8))
        self.assertEqual(self.order.order_revision, 2)

    def test_a_new_request_once_the_first_is_cancelled_or_rejected(self):
        first = self._date_change(5)
        first.action_submit()
        first.action_cancel()
        second = self._date_change(8)
        second.action_submit()
        second.with_user(self.head).action_reject(reason="Customer withdrew")
        third = self._date_change(9)
        third.action_submit()
        self.assertEqual(third.state, "submitted")

    def test_a_header_change_from_an_old_value_is_not_applied(self):
        # made while the delivery date was 1 July
        late = self._date_change(8)
        first = self._approve_change(self._date_change(5))
        first.with_user(self.clerk).action_apply()
        # the first is applied: the field is free, and the late one is approved
        self._approve_change(late)
        with self.assertRefused(UserError, STALE) as caught:
            late.with_user(self.clerk).action_apply()
        message = str(caught.exception)
        self.assertIn("Delivery Date", message)
        self.assertIn(f"cancel {late.name} and request the change again", message)
        self.assertEqual(self.order.commitment_date, self._day(5))
        self.assertEqual(late.state, "approved")
        self.assertEqual(self.order.order_revision, 1)

    def test_an_unchanged_header_field_is_not_compared(self):
        # the reference moves after the request was made; the request changes
        # the delivery date only, which is still the recorded one
        request = self._approve_change(self._date_change(5))
        other = self._approve_change(
            self._change(self.order, new_client_order_ref="PO-101")
        )
        other.with_user(self.clerk).action_apply()
        request.with_user(self.clerk).action_apply()
        self.assertEqual(request.state, "applied")
        self.assertEqual(self.order.commitment_date, self._day(5))

    def test_stale_message_in_the_user_s_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["order_tracking"], ["zh_CN"])
        late = self._date_change(8)
        first = self._approve_change(self._date_change(5))
        first.with_user(self.clerk).action_apply()
        self._approve_change(late)
        with self.assertRefused(UserError, "交货日期") as caught:
            late.with_user(self.clerk).with_context(lang="zh_CN").action_apply()
        self.assertIn(f"请取消{late.name}", str(caught.exception))
