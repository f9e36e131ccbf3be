# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Request Change and Request Closure show, and work, only where they apply
(issue 23, point 12): a change request is for a released order, a closure
request for a released order or a submitted quotation (cancelled by
agreement), never for a new draft."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures

CHANGE = ("action_request_change", "Request Change")
CLOSURE = ("action_request_closure", "Request Closure")


@tagged("post_install", "-at_install")
class TestRequestButtons(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def test_draft_quotation_offers_neither_request(self):
        order = self._create_order()
        buttons = self._header_buttons(order, self.clerk)
        self.assertNotIn(CHANGE, buttons)
        self.assertNotIn(CLOSURE, buttons)
        with self.assertRefused(UserError, "not released yet"):
            order.with_user(self.clerk).action_request_change()
        with self.assertRefused(UserError, "has not been submitted or released"):
            order.with_user(self.clerk).action_request_closure()

    def test_approved_quotation_is_closed_but_not_changed(self):
        order = self._approve_fully(self._submit(self._create_order()))
        self.assertEqual((order.state, order.review_state), ("draft", "approved"))
        buttons = self._header_buttons(order, self.clerk)
        self.assertNotIn(CHANGE, buttons)
        self.assertIn(CLOSURE, buttons)
        with self.assertRefused(UserError, "edit the quotation itself"):
            order.with_user(self.clerk).action_request_change()
        action = order.with_user(self.clerk).action_request_closure()
        self.assertEqual(action["context"]["default_reason"], "cancelled")

    def test_released_order_offers_both_requests(self):
        order = self._released_order()
        buttons = self._header_buttons(order, self.clerk)
        self.assertIn(CHANGE, buttons)
        self.assertIn(CLOSURE, buttons)
        self.assertEqual(
            order.with_user(self.clerk).action_request_change()["res_model"],
            "order.change.request",
        )
        self.assertEqual(
            order.with_user(self.clerk).action_request_closure()["context"][
                "default_reason"
            ],
            "completed",
        )

    def test_uncontrolled_quotation_is_not_closed(self):
        self.company.order_control_enabled = False
        order = self._create_order()
        order.action_quotation_sent()
        self.assertNotIn(CLOSURE, self._header_buttons(order, self.clerk))
        with self.assertRefused(UserError, "has not been submitted or released"):
            order.with_user(self.clerk).action_request_closure()
