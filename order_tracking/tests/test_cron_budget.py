# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The milestone lateness cron costs a fixed number of queries whatever the
number of late milestones it flags (issue 21, points 3 and 4)."""

import logging
import time

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import LATE_ACTIVITY, TrackingFixtures

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestLatenessCronBudget(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        # a group chat, so that the late milestones' messages are queued too
        # (the transaction never commits in a test: nothing is sent)
        cls.company.write(
            {
                "order_webhook_kind": "custom",
                "order_webhook_url": "http://127.0.0.1:9/robot?key=t",
            }
        )
        with freeze_time("2026-03-02 02:00:00"):
            cls.orders = cls.env["sale.order"]
            for _i in range(8):
                cls.orders |= cls._released_order()

    def _cron_queries(self, batch_size):
        """The queries of one run of the cron on ``batch_size`` milestones,
        from cold caches."""
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.registry.clear_all_caches()
        before = self.env.cr.sql_log_count
        start = time.perf_counter()
        with freeze_time("2026-06-01 02:00:00"):
            done = self.env["order.milestone"]._cron_check_lateness(
                batch_size=batch_size
            )
            self.env.flush_all()
        _logger.info(
            "%s: %s records, %s queries, %.0f ms",
            "lateness cron",
            batch_size,
            self.env.cr.sql_log_count - before,
            (time.perf_counter() - start) * 1000,
        )
        self.assertEqual(done, batch_size)
        return self.env.cr.sql_log_count - before

    def test_lateness_cron_costs_the_same_for_5_and_50_milestones(self):
        milestones = self.orders.milestone_ids.filtered(lambda m: not m.date_actual)
        self.assertGreaterEqual(len(milestones), 55)
        small_queries = self._cron_queries(5)
        large_queries = self._cron_queries(50)
        late = milestones.filtered("is_late")
        self.assertEqual(len(late), 55)
        self.assertTrue(all(late.mapped("late_notified")))
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", self.orders.ids),
                ("activity_type_id", "=", self.env.ref(LATE_ACTIVITY).id),
            ]
        )
        self.assertEqual(len(activities), 55, "one activity per late milestone")
        self.assertEqual(late.late_activity_id, activities)
        queued = self.env["order.webhook.message"].search([("event", "=", "late")])
        self.assertEqual(len(queued), 55)
        # measured from cold caches. Before the batching: about 42 queries
        # per milestone (4,216 for 100 in benchmarks/scale.py), 30 of them
        # sending each tracker's assignment mail inside the transaction.
        # Now one batch, but Odoo still tells each tracker of each activity
        # (mail.activity.action_notify, one message_notify per activity), 9
        # queries per late milestone, counted by hand: the alias domain, the
        # document's alias, the message, its partner, its tracking values,
        # the mail, its recipient, its notification, and the mails' queueing
        # update. So 50 milestones cost at most 150 + 45 * 9 = 555.
        self.assertEqual(small_queries, 150)
        self.assertEqual(large_queries, 551)
        self.assertLessEqual(large_queries - small_queries, 45 * 9)
