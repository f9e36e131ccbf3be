# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Order Desk's tracking cards: late milestones and open exceptions."""

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestOrderDeskTracking(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.cron = cls.env.ref("order_tracking.ir_cron_order_milestone_lateness")
        cards = cls.env["order.desk.card"].search([])
        cls.card = {card.kind: card for card in cards}

    def _figures(self, user, kind):
        card = self.card[kind].with_user(user)
        card.invalidate_recordset()
        return card.count, card.late_count

    def test_late_milestones_and_open_exceptions(self):
        with freeze_time("2026-03-02 02:00:00"):  # Monday 10:00 Shanghai
            order = self._released_order()
        self.assertEqual(self._figures(self.tracker, "late_milestones"), (0, 0))
        # Monday 15:30: production planned (11:00) and done (15:00) are late
        with freeze_time(self._shanghai(2026, 3, 2, 15, 30)):
            self.cron.method_direct_trigger()
        self.assertEqual(self._figures(self.tracker, "late_milestones")[0], 2)
        action = self.card["late_milestones"].with_user(self.tracker).action_open()
        self.assertEqual(
            self.env["order.milestone"].search(action["domain"]).order_id, order
        )
        with freeze_time(self._shanghai(2026, 3, 2, 16, 0)):
            exception = (
                self.env["order.exception"]
                .with_user(self.tracker)
                .create(
                    {
                        "name": "Supplier late by two days",
                        "order_id": order.id,
                        "kind": "production_delay",
                        "user_id": self.tracker.id,
                        "date_deadline": self._shanghai(2026, 3, 3, 12, 0),
                    }
                )
            )
            # open, not yet past its deadline
            self.assertEqual(self._figures(self.tracker, "open_exceptions"), (1, 0))
        with freeze_time(self._shanghai(2026, 3, 3, 13, 0)):
            self.assertEqual(self._figures(self.tracker, "open_exceptions"), (1, 1))
        exception.with_user(self.tracker).action_cancel()
        self.assertEqual(self._figures(self.tracker, "open_exceptions")[0], 0)
