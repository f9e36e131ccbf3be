# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The milestone lateness cron costs a fixed number of queries whatever the
number of late milestones it flags (issue 21, points 3 and 4)."""

import json
import logging
import time

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from .common import LATE_ACTIVITY, TRACKER, TrackingFixtures

LATE_SUBTYPE = "order_tracking.mt_order_milestone_late"
UNFLAGGED_INDEX = "order_milestone_unflagged_open_date_planned_index"

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
        # what the fixtures left to do (their tracked values) is not the cron's
        self.env.cr.flush()
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
        # the group chat hears of each run once, listing its late milestones:
        # the 5 of the first run, then 20 of the 50 of the second and the
        # others counted
        queued = self.env["order.webhook.message"].search(
            [("event", "=", "late")], order="id"
        )
        self.assertEqual(
            queued.mapped("title"), ["Late milestones: 5", "Late milestones: 50"]
        )
        first, second = (json.loads(m.payload)["markdown"]["text"] for m in queued)
        self.assertEqual(first.count("\n- ["), 5)
        self.assertNotIn("more", first)
        self.assertEqual(second.count("\n- ["), 20)
        self.assertTrue(second.endswith("\n\n… and 30 more"), second[-80:])
        # the order's chatter says which milestones went late: one message
        # per order and run (8 orders, each with late milestones in both runs)
        logged = self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "in", self.orders.ids),
                ("subtype_id", "=", self.env.ref(LATE_SUBTYPE).id),
            ]
        )
        # 5 messages in the first run, 8 in the second
        self.assertEqual(len(logged), 13)
        self.assertEqual(set(logged.mapped("res_id")), set(self.orders.ids))
        self.assertEqual(
            sum(str(body).count("Milestone late:") for body in logged.mapped("body")),
            55,
        )
        # and nobody is mailed of each activity: the tracker sees it in the
        # activity menu and in the daily digest (TestLateNotices)
        self.assertFalse(
            self.env["mail.mail"].search([("subject", "like", "assigned to you")])
        )
        # measured from cold caches. Before the batching: about 42 queries
        # per milestone (4,216 for 100 in benchmarks/scale.py), then 9 per
        # milestone for Odoo's "assigned to you" mail of each activity (150
        # for 5, 551 for 50). Now nothing per milestone: one search, one
        # count (the batch is full), one read of the milestones, their orders
        # and what they name, the trackers subscribed to their orders (one
        # read and one insert whatever their number), one insert
        # of the activities, one of the chatter messages, one of the
        # group-chat messages, one update of each table. The ORM inserts and
        # updates 100 rows per query (INSERT_BATCH_SIZE, UPDATE_BATCH_SIZE):
        # up to 100 late milestones cost the same; each further 100 add one
        # query to each of the activities' and group-chat messages' inserts
        # and the milestones' and activities' updates (4 queries per further
        # 100).
        self.assertEqual(small_queries, large_queries)

    def _trackers(self, count):
        return self.env["res.users"].union(
            *(
                new_test_user(
                    self.env,
                    login=f"oc_late_tracker_{len(self.env['res.users'].search([]))}",
                    groups=f"base.group_user,{TRACKER}",
                    company_id=self.company.id,
                    company_ids=[Command.set(self.company.ids)],
                )
                for _i in range(count)
            )
        )

    def test_lateness_cron_costs_the_same_for_1_and_8_trackers(self):
        """Each tracker follows the orders of their late milestones, in one
        batch: eight trackers cost what one does."""
        # the first milestone of each of the eight orders (released together)
        # is the first batch of 8, then the second milestone of each
        # (handing an order to a tracker makes them follow it: unfollowed
        # again, so that the cron subscribes them in both runs)
        alone = self._trackers(1)
        self.orders.write({"tracker_id": alone.id})
        self.orders.message_unsubscribe(partner_ids=alone.partner_id.ids)
        one_tracker = self._cron_queries(8)
        eight = self._trackers(8)
        for order, tracker in zip(self.orders, eight, strict=True):
            order.tracker_id = tracker
        self.orders.message_unsubscribe(partner_ids=eight.partner_id.ids)
        eight_trackers = self._cron_queries(8)
        self.assertEqual(one_tracker, eight_trackers)
        late = self.orders.milestone_ids.filtered("late_activity_id")
        self.assertEqual(len(late), 16)
        for order, tracker in zip(self.orders, eight, strict=True):
            with self.subTest(order=order.name):
                self.assertIn(tracker.partner_id, order.message_partner_ids)
                mine = late.filtered(lambda m, order=order: m.order_id == order)
                # the first milestone's activity followed the order to its new
                # tracker, the second was given to them
                self.assertEqual(mine.late_activity_id.user_id, tracker)
        # each tracker follows their own order only
        for tracker in eight:
            followed = self.env["mail.followers"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("partner_id", "=", tracker.partner_id.id),
                ]
            )
            self.assertEqual(len(followed), 1)


@tagged("post_install", "-at_install")
class TestLatenessCronIndex(TrackingFixtures, TransactionCase):
    """The cron's search reads the partial index of the unflagged open
    milestones, not every milestone planned before now (at a million orders,
    twelve million, nearly all done)."""

    def test_cron_search_can_use_the_partial_index(self):
        domain = [
            ("date_actual", "=", False),
            ("is_late", "=", False),
            ("date_planned", "<", "2026-06-01 02:00:00"),
            ("order_id.state", "=", "sale"),
            ("order_closed", "=", False),
        ]
        query = self.env["order.milestone"]._search(
            domain, limit=500, order="date_planned, id"
        )
        cr = self.env.cr
        # a test database is small: forbid the sequential scan and the plain
        # date index, so that the plan shows whether the predicate matches
        cr.execute("SET LOCAL enable_seqscan = off")
        cr.execute("SET LOCAL enable_bitmapscan = off")
        cr.execute(SQL("DROP INDEX order_milestone__date_planned_index"))
        cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in cr.fetchall())
        cr.execute("RESET enable_seqscan")
        cr.execute("RESET enable_bitmapscan")
        self.assertIn(UNFLAGGED_INDEX, plan)
