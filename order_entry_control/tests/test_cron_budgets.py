# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review SLA cron costs a fixed number of queries whatever the number of
newly late steps (issue 21, points 3 and 4)."""

import logging
import time
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures

SLA_BREACH = "order_entry_control.mt_order_sla_breach"

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestSlaCronBudget(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        # a group chat, so that the late steps' messages are queued too (the
        # transaction never commits in a test: nothing is sent)
        cls.company.write(
            {
                "order_webhook_kind": "custom",
                "order_webhook_url": "http://127.0.0.1:9/robot?key=t",
            }
        )
        cls.manager.email = "manager@example.com"
        cls.step = cls.env.ref("order_entry_control.step_first_review")

    def _late_steps(self, count):
        """``count`` pending first-review steps, due on Monday 2 March 2026 at
        noon (UTC), each on its own order (the engine's own start is measured
        elsewhere: only the cron is measured here)."""
        orders = (
            self.env["sale.order"]
            .sudo()
            .create([self._order_vals() for _i in range(count)])
        )
        return (
            self.env["order.review"]
            .sudo()
            .create(
                [
                    {
                        "order_id": order.id,
                        "step_id": self.step.id,
                        "step_type": "review",
                        "sequence": 10,
                        "round": 1,
                        "state": "pending",
                        "user_ids": [Command.set(self.reviewer.ids)],
                        "started_on": datetime(2026, 3, 2, 2, 0),
                        "deadline": datetime(2026, 3, 2, 12, 0),
                    }
                    for order in orders
                ]
            )
        )

    def _cron_queries(self, reviews):
        """The queries of one run of the SLA cron, from cold caches."""
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.registry.clear_all_caches()
        before = self.env.cr.sql_log_count
        start = time.perf_counter()
        with freeze_time("2026-03-02 13:00:00"):
            flagged = self.env["order.review"]._cron_check_sla()
            self.env.flush_all()
        _logger.info(
            "%s: %s records, %s queries, %.0f ms",
            "SLA cron",
            len(reviews),
            self.env.cr.sql_log_count - before,
            (time.perf_counter() - start) * 1000,
        )
        self.assertEqual(flagged, len(reviews))
        return self.env.cr.sql_log_count - before

    def _assert_flagged(self, reviews):
        self.assertTrue(all(reviews.mapped("sla_breached")))
        subtype = self.env.ref(SLA_BREACH)
        for review in reviews:
            breach = review.order_id.message_ids.filtered(
                lambda m: m.subtype_id == subtype
            )
            self.assertEqual(len(breach), 1, "one message per late step")
            self.assertIn(self.manager, review.user_ids, "escalated")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", reviews.order_id.ids),
                ("user_id", "=", self.manager.id),
                ("summary", "like", "Late:"),
            ]
        )
        self.assertEqual(len(activities), len(reviews))
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "order.review"),
                ("res_id", "in", reviews.ids),
                ("recipient_ids", "in", self.manager.partner_id.ids),
            ]
        )
        self.assertEqual(len(mails), len(reviews), "one escalation mail per step")
        queued = self.env["order.webhook.message"].search(
            [("event", "=", "escalation")]
        )
        self.assertEqual(len(queued), len(reviews))

    def test_sla_cron_costs_the_same_for_10_and_200_late_steps(self):
        small = self._late_steps(10)
        small_queries = self._cron_queries(small)
        self._assert_flagged(small)
        self.env["order.webhook.message"].search([]).unlink()
        large = self._late_steps(200)
        large_queries = self._cron_queries(large)
        self._assert_flagged(large)
        # measured from cold caches. Before the batching: about 40 queries per
        # step (4,078 for 100 in benchmarks/scale.py). Now no query is run per
        # step: the 28 more for 200 steps are the same batched inserts and
        # updates split in chunks (send_mail_batch renders and creates the
        # escalation mails 50 at a time: their messages, mails and recipients;
        # the ORM inserts activities, messages and followers and flushes
        # updates by chunks), so at most 3 queries per 20 steps above the
        # fixed 85, by hand: 85 + 190 / 20 * 3 = 113.5.
        self.assertEqual(small_queries, 85)
        self.assertEqual(large_queries, 113)
        self.assertLessEqual(large_queries - small_queries, 190 * 3 // 20)

    def test_breach_message_notifies_who_follows_its_subtype(self):
        reviews = self._late_steps(3)
        followed = reviews[0].order_id
        followed.message_subscribe(
            partner_ids=self.salesman.partner_id.ids,
            subtype_ids=self.env.ref(SLA_BREACH).ids,
        )
        self._cron_queries(reviews)
        subtype = self.env.ref(SLA_BREACH)
        for review in reviews:
            breach = review.order_id.message_ids.filtered(
                lambda m: m.subtype_id == subtype
            )
            self.assertEqual(len(breach), 1)
            self.assertEqual(
                breach.notified_partner_ids.ids,
                self.salesman.partner_id.ids if review.order_id == followed else [],
            )
