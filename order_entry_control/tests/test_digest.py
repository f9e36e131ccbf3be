# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily digest: one message per person and day, listing their open and
late steps, sent by e-mail (real SMTP on loopback) or in Odoo as each
prefers; nothing twice a day, nothing when there is nothing to report; its
cost grows with the people, not with their steps."""

from datetime import date, datetime

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures
from .smtp_common import LoopbackSmtp

# Monday 7 December 2026, 10:00 in Shanghai
MONDAY = datetime(2026, 12, 7, 2, 0)
# Tuesday 8 December, 07:30 and 08:30 in Shanghai
TUESDAY_EARLY = datetime(2026, 12, 7, 23, 30)
TUESDAY = datetime(2026, 12, 8, 0, 30)


@tagged("post_install", "-at_install")
class TestDailyDigest(OrderControlFixtures, LoopbackSmtp, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls._setup_smtp()
        cls.company.order_notify_reviewers = False
        cls.reviewer.write({"email": "li.na@example.com", "notification_type": "email"})
        cls.reviewer2.write(
            {"email": "zhao.lei@example.com", "notification_type": "inbox"}
        )
        cls.clerk.email = "clerk@example.com"
        cls.env["mail.mail"].search([]).unlink()
        # other pending steps of the database are not this test's
        cls.env["order.review"].search([("state", "=", "pending")]).write(
            {"state": "cancelled"}
        )

    def _submitted(self, count=1):
        orders = self.env["sale.order"]
        with freeze_time(MONDAY):
            for _n in range(count):
                orders |= self._submit(self._create_order())
        return orders

    def _reviewers(self, orders):
        """How many people the pending steps of ``orders`` wait for."""
        return len(orders.review_ids.filtered(lambda r: r.state == "pending").user_ids)

    def _digest(self, moment):
        with freeze_time(moment):
            return self.env["order.digest"]._cron_send_digest()

    def _inbox_notifications(self, user):
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", user.partner_id.id),
                ("mail_message_id.model", "=", False),
            ]
        )

    def test_one_digest_per_person_with_late_steps_linked(self):
        orders = self._submitted(2)
        self.assertEqual(self._digest(TUESDAY), self._reviewers(orders))
        self._send_queue()
        mails = self._received_by("li.na@example.com")
        self.assertEqual(len(mails), 1, "one digest, not one per order")
        mail = mails[0]
        self.assertIn("2 open, 2 late", mail["Subject"])
        body = self._html(mail)
        for order in orders:
            self.assertIn(f"model=sale.order&res_id={order.id}", body)
            self.assertIn(order.name, body)
        # submitted Monday 10:00 Shanghai, two working hours: 12:00 local
        self.assertIn("2026-12-07 12:00", body)
        self.assertIn("Late", body)
        # the other reviewer handles notifications in Odoo: no e-mail, a
        # notification in the inbox
        self.assertFalse(self._received_by("zhao.lei@example.com"))
        notified = self._inbox_notifications(self.reviewer2)
        self.assertEqual(notified.mapped("notification_type"), ["inbox"])
        # nobody waits for the clerk
        self.assertFalse(self._received_by("clerk@example.com"))
        self.assertEqual(self.reviewer.order_digest_date, date(2026, 12, 8))

    def test_open_step_not_marked_late(self):
        with freeze_time(datetime(2026, 12, 8, 0, 10)):  # Tuesday 08:10 local
            order = self._submit(self._create_order())
            self.env["order.digest"]._cron_send_digest()
        self._send_queue()
        body = self._html(self._received_by("li.na@example.com")[0])
        self.assertIn(order.name, body)
        # 08:10 is before the working day: due two working hours after 09:00
        self.assertIn("2026-12-08 11:00", body)
        self.assertIn("On time", body)
        self.assertNotIn(">Late<", body)

    def test_not_twice_a_day_and_not_before_eight(self):
        order = self._submitted()
        self.assertEqual(self._digest(TUESDAY_EARLY), 0)
        self.assertEqual(self._digest(TUESDAY), self._reviewers(order))
        self.assertEqual(self._digest(TUESDAY), 0)
        self._send_queue()
        self.assertEqual(len(self._received_by("li.na@example.com")), 1)
        self.assertEqual(len(self._inbox_notifications(self.reviewer2)), 1)

    def test_nothing_to_report_nothing_sent(self):
        self.assertEqual(self._digest(TUESDAY), 0)
        self._send_queue()
        self.assertFalse(self.inbox.messages)

    def test_switched_off(self):
        self._submitted()
        self.company.order_digest_enabled = False
        self.assertEqual(self._digest(TUESDAY), 0)

    def test_rendered_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN"], overwrite=True
        )
        # the terms are written in SQL: forget what earlier tests read
        self.env.invalidate_all()
        self.reviewer.lang = "zh_CN"
        order = self._submitted()
        self._digest(TUESDAY)
        self._send_queue()
        mail = self._received_by("li.na@example.com")[0]
        body = self._html(mail)
        self.assertIn("待处理", mail["Subject"])
        self.assertIn("等待您处理的审核步骤", body)
        self.assertIn("逾期", body)
        # the step's name in the recipient's language too
        self.assertIn("初审", body)
        self.assertIn(order.name, body)
        self.assertIn("2026-12-07 12:00", body)

    def _digest_queries(self, people):
        """Queries of one digest run for the reviewers (as a fresh request)."""
        self.env["res.users"].search([]).order_digest_date = False
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(TUESDAY):
            before = self.cr.sql_log_count
            sent = self.env["order.digest"]._cron_send_digest()
            self.env.flush_all()
            count = self.cr.sql_log_count - before
        self.assertEqual(sent, people)
        return count

    def test_cost_does_not_grow_with_steps(self):
        people = self._reviewers(self._submitted(1))
        self._digest_queries(people)  # warm-up: templates, translations
        one = self._digest_queries(people)
        self._submitted(9)
        ten = self._digest_queries(people)
        self.assertEqual(one, ten, "the digest costs per person, not per step")
        self.env["res.users"].search([]).order_digest_date = False
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(TUESDAY), self.assertQueryCount(ten):
            self.env["order.digest"]._cron_send_digest()
            self.env.flush_all()
