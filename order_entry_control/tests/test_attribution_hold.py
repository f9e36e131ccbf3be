# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who and when a submitted order counts for (order date, salesperson, team,
order taker) is not the submitter's to move over RPC (principle 10)."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures

HELD = "are changed now only by an Order Control manager"


@tagged("post_install", "-at_install")
class TestAttributionHold(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def test_submitted_and_approved_orders_keep_their_date_and_people(self):
        order = self._submit(self._create_order())
        date = order.date_order
        for stage in ("to_review", "approved"):
            if stage == "approved":
                self._approve_fully(order)
            self.assertEqual(order.review_state, stage)
            for forged in (
                {"date_order": "2020-01-01 00:00:00"},
                {"user_id": self.approver.id},
                {"team_id": False},
                {"order_taker_id": self.reviewer.id},
            ):
                with self.assertRefused(UserError, HELD):
                    order.with_user(self.clerk).write(forged)
        self.assertEqual(order.date_order, date)
        self.assertEqual(order.user_id, self.clerk)
        # the same value is no change; the confirmation stamps its own date
        order.with_user(self.clerk).write({"user_id": self.clerk.id})
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRefused(UserError, HELD):
            order.with_user(self.clerk).write({"user_id": self.reviewer.id})
        # an Order Control manager reassigns it
        order.with_user(self.manager).write({"user_id": self.reviewer.id})
        self.assertEqual(order.user_id, self.reviewer)

    def test_a_draft_or_rejected_order_is_the_clerk_s_to_shape(self):
        order = self._create_order()
        order.with_user(self.clerk).write({"date_order": "2026-01-05 02:00:00"})
        self._submit(order)
        order.with_user(self.reviewer).action_reject("Wrong date")
        order.with_user(self.clerk).write({"date_order": "2026-01-06 02:00:00"})
        self.assertEqual(str(order.date_order), "2026-01-06 02:00:00")
