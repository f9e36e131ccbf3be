# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review SLA cron costs a fixed number of queries whatever the number of
newly late steps (issue 21, points 3 and 4)."""

import json
import logging
import time
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

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

    def _sql_late_steps(self, late, on_time):
        """``late`` pending steps due on Monday 2 March 2026 at noon (UTC) and
        ``on_time`` due a week later, each on its own order, inserted by SQL
        (copies of one order made by the ORM): a large batch cheaply."""
        model = self.env["sale.order"].sudo()
        template = model.create(self._order_vals())
        model.flush_model()
        self.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'sale_order' AND column_name NOT IN ('id', 'name')"""
        )
        columns = SQL(", ").join(SQL.identifier(c) for [c] in self.env.cr.fetchall())
        self.env.cr.execute(
            SQL(
                """INSERT INTO sale_order (name, %(columns)s)
                   SELECT 'SLA/' || n, %(columns)s
                     FROM sale_order, generate_series(1, %(count)s) n
                    WHERE id = %(template)s
                RETURNING id""",
                columns=columns,
                count=late + on_time,
                template=template.id,
            )
        )
        order_ids = sorted(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute(
            SQL(
                """INSERT INTO order_review (res_model, res_id, order_id, step_id,
                          step_type, sequence, round, state, started_on, deadline,
                          company_id, sla_breached, create_uid, write_uid,
                          create_date, write_date)
                   SELECT 'sale.order', o.id, o.id, %(step)s, 'review', 10, 1,
                          'pending', %(start)s,
                          CASE WHEN o.n <= %(late)s THEN %(due)s ELSE %(later)s END,
                          %(company)s, false, 1, 1, now(), now()
                     FROM unnest(%(ids)s::int[]) WITH ORDINALITY AS o(id, n)
                RETURNING id""",
                step=self.step.id,
                start=datetime(2026, 3, 2, 2, 0),
                late=late,
                due=datetime(2026, 3, 2, 12, 0),
                later=datetime(2026, 3, 9, 12, 0),
                company=self.company.id,
                ids=order_ids,
            )
        )
        review_ids = sorted(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute(
            SQL(
                """INSERT INTO order_review_res_users_rel
                          (order_review_id, res_users_id)
                   SELECT unnest(%s::int[]), %s""",
                review_ids,
                self.reviewer.id,
            )
        )
        self.env.invalidate_all()
        return self.env["order.review"].browse(review_ids[:late])

    def _warm_up(self):
        """One run of the cron on one late step, as a running server has done:
        Odoo's caches (xmlids, models, views, templates) warm."""
        warm = self._late_steps(1)
        with freeze_time("2026-03-02 13:00:00"):
            self.assertEqual(self.env["order.review"]._cron_check_sla(), 1)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env["mail.mail"].search([]).unlink()
        self.env["order.webhook.message"].search([]).unlink()
        return warm

    def _cron_queries(self, reviews, cold=True):
        """The queries of one run of the SLA cron from an empty record cache
        (as each call of the cron runner), and with ``cold`` Odoo's caches
        cleared too (the first run after the server starts)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        if cold:
            self.env.registry.clear_all_caches()
        before = self.env.cr.sql_log_count
        start, cpu = time.perf_counter(), time.process_time()
        with freeze_time("2026-03-02 13:00:00"):
            flagged = self.env["order.review"]._cron_check_sla()
            self.env.flush_all()
            self.env.cr.precommit.run()
            self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        _logger.info(
            "SLA cron (%s caches): %s late steps, %s queries, %.0f ms (%.0f ms CPU "
            "in Odoo)",
            "cold" if cold else "warm",
            len(reviews),
            queries,
            (time.perf_counter() - start) * 1000,
            (time.process_time() - cpu) * 1000,
        )
        self.assertEqual(flagged, len(reviews))
        return queries

    def _assert_flagged(self, reviews):
        self.assertTrue(all(reviews.mapped("sla_breached")))
        subtype = self.env.ref(SLA_BREACH)
        breaches = self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "in", reviews.order_id.ids),
                ("subtype_id", "=", subtype.id),
            ]
        )
        self.assertEqual(
            sorted(breaches.mapped("res_id")),
            sorted(reviews.order_id.ids),
            "one message per late step",
        )
        for review in reviews:
            self.assertIn(self.manager, review.user_ids, "escalated")
            self.assertIn(self.reviewer, review.user_ids)
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", reviews.order_id.ids),
                ("user_id", "=", self.manager.id),
                ("summary", "like", "Late:"),
            ]
        )
        self.assertEqual(len(activities), len(reviews))
        # one mail per escalation user (the managers with an address: the
        # administrator and Wang Fang), listing every step escalated to them
        mails = self.env["mail.mail"].search([])
        self.assertEqual(len(mails), 2, "one escalation mail per user and run")
        mail = mails.filtered(lambda m: self.manager.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        # the first 100 steps (by deadline, then as created) have a line
        # opening their document; the others are counted
        listed = reviews.sorted("id")[:100]
        for review in reviews:
            line = f'model=sale.order&amp;res_id={review.order_id.id}">'
            if review in listed:
                self.assertIn(line + f"{review.order_id.name}</a>", mail.body_html)
            else:
                self.assertNotIn(line, mail.body_html)
        more = len(reviews) - len(listed)
        if more:
            self.assertIn(f"… and <strong>{more}</strong> more", mail.body_html)
        else:
            self.assertNotIn("more:", mail.body_html)
        self.assertIn(
            f'<strong style="color: #b91c1c;">{len(reviews)}</strong> review step(s)',
            mail.body_html,
        )
        # one group-chat message for the run (one target: the company's
        # robot), listing the first 20 steps and counting the others
        queued = self.env["order.webhook.message"].search([])
        self.assertEqual(len(queued), 1, "one group-chat message per target and run")
        self.assertEqual(queued.event, "escalation")
        self.assertEqual(queued.title, f"Late review steps: {len(reviews)}")
        text = json.loads(queued.payload)["markdown"]["text"]
        if len(reviews) <= 20:
            self.assertEqual(text.count("- ["), len(reviews))
            self.assertNotIn("more", text)
        else:
            self.assertEqual(text.count("- ["), 20)
            self.assertIn(f"… and {len(reviews) - 20} more", text)

    def _clear_outbox(self):
        self.env["order.webhook.message"].search([]).unlink()
        self.env["mail.mail"].search([]).unlink()

    # What a run costs, by hand, with the two escalation users of these tests
    # (the administrator and Wang Fang), for n late steps: a fixed part, and
    # the ORM's inserts of 100 rows a statement: the breach messages (n rows),
    # the activities and the followers (2n each). Beyond those, no query per
    # step or per 100 steps. From warm caches (a running server) the fixed part
    # is 27 queries: the search, the savepoint and its release, the flag
    # UPDATE; reading the steps, their documents and review steps, the
    # escalation users (a search), the reviewers (relation, then users twice),
    # the companies, the partners, the followers of the breach subtype; the
    # breach subtype UPDATE; the calendar, the template; the two mails
    # (message, mail, recipients); the escalation users' link; the followers'
    # partners, existing followers and subtypes; the activities' model; the
    # bus notification; the one group-chat message of the run (one target).
    # From cold caches (the first run after a start) Odoo's own caches are
    # read too: 24 more (xmlids, models, fields, defaults, views, parameters).
    @staticmethod
    def _expected_queries(n, fixed):
        chunks = -(-n // 100) + -(-2 * n // 100) * 2
        # a full batch (1,000) counts what is left for the next call
        return fixed + chunks + (1 if n == 1000 else 0)

    def test_sla_cron_costs_the_same_for_10_and_200_late_steps(self):
        # cold caches, 54 and 61; before the batching: 1,164 and 20,928
        # queries; before the escalation digest: 85 and 113 (one mail per step
        # and user); before the group-chat digest: 54 and 62
        self._clear_outbox()
        small = self._late_steps(10)
        small_queries = self._cron_queries(small)
        self._assert_flagged(small)
        self._clear_outbox()
        large = self._late_steps(200)
        large_queries = self._cron_queries(large)
        self._assert_flagged(large)
        self.assertEqual(small_queries, self._expected_queries(10, 27 + 24))
        self.assertEqual(large_queries, self._expected_queries(200, 27 + 24))

    def test_sla_cron_warm_10_and_200_late_steps(self):
        self._clear_outbox()
        self._warm_up()
        small = self._late_steps(10)
        small_queries = self._cron_queries(small, cold=False)
        self._assert_flagged(small)
        self._clear_outbox()
        large = self._late_steps(200)
        large_queries = self._cron_queries(large, cold=False)
        self._assert_flagged(large)
        # 27 + 1 + 2 = 30 and 27 + 2 + 8 = 37 (before the group-chat digest:
        # 30 and 38, one message per late step)
        self.assertEqual(small_queries, self._expected_queries(10, 27))
        self.assertEqual(large_queries, self._expected_queries(200, 27))

    def test_sla_cron_1000_late_among_10000_open(self):
        """Issue 21's case: 10,000 open steps, 1,000 of them newly late, in
        one call: 27 + 10 + 20 + 20 + 1 = 78 queries, 50 of them the ORM's
        chunks of 100 rows (87 with one group-chat message per late step)."""
        self._clear_outbox()
        self._warm_up()
        late = self._sql_late_steps(1000, 9000)
        queries = self._cron_queries(late, cold=False)
        self._assert_flagged(late)
        self.assertEqual(queries, self._expected_queries(1000, 27))
        on_time = self.env["order.review"].search(
            [("state", "=", "pending"), ("sla_breached", "=", False)]
        )
        self.assertEqual(len(on_time), 9000, "the steps not yet late are left alone")

    def test_cron_works_in_batches_and_reports_progress(self):
        reviews = self._late_steps(7)
        cron = self.env.ref("order_entry_control.ir_cron_order_review_sla")
        Review = self.env["order.review"]
        with freeze_time("2026-03-02 13:00:00"):
            _cron, progress = cron._add_progress()
            batch = Review.with_context(ir_cron_progress_id=progress.id)
            self.assertEqual(batch._cron_check_sla(limit=5), 5)
            self.assertEqual((progress.done, progress.remaining), (5, 2))
            self.assertEqual(batch._cron_check_sla(limit=5), 2)
            self.assertEqual((progress.done, progress.remaining), (2, 0))
            self.assertEqual(batch._cron_check_sla(limit=5), 0)
            self.assertEqual((progress.done, progress.remaining), (0, 0))
        # the oldest deadlines first, each step flagged once
        self.assertTrue(all(reviews.mapped("sla_breached")))
        self.assertEqual(
            len(
                self.env["mail.activity"].search(
                    [
                        ("res_model", "=", "sale.order"),
                        ("res_id", "in", reviews.order_id.ids),
                        ("user_id", "=", self.manager.id),
                    ]
                )
            ),
            7,
        )

    def test_step_decided_meanwhile_is_left_alone(self):
        reviews = self._late_steps(2)
        # decided after the search, before the flag (another worker, a user)
        reviews[0].sudo().write({"state": "done", "decision": "passed"})
        with freeze_time("2026-03-02 13:00:00"):
            reviews._sla_flag(datetime(2026, 3, 2, 13, 0))
        self.assertEqual(reviews.mapped("sla_breached"), [False, True])
        self.assertNotIn(self.manager, reviews[0].user_ids)
        self.assertIn(self.manager, reviews[1].user_ids)

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
