# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What order tracking tells outside the Odoo tab: the customer's delay
notice (with the salesperson) and completion notice, the late milestones in
the daily digest and in the group chat. Mails through a real SMTP server on
loopback."""

import json
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.order_entry_control.tests.smtp_common import LoopbackSmtp

from .common import TrackingFixtures
from .request_common import OrderRequestFixtures

# Monday 2 March 2026, 10:00 in Shanghai; three weeks later, 09:00
RELEASE = datetime(2026, 3, 2, 2, 0)
LATER = datetime(2026, 3, 23, 1, 0)


@tagged("post_install", "-at_install")
class TestLateNotices(TrackingFixtures, LoopbackSmtp, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls._setup_smtp()
        cls.company.order_notify_reviewers = False
        cls.clerk.write({"email": "clerk@example.com", "notification_type": "email"})
        # the tracker the company's rule names (the only Order Tracker here)
        cls.tracker.write(
            {"email": "tracker@example.com", "notification_type": "email"}
        )
        cls.cron = cls.env.ref("order_tracking.ir_cron_order_milestone_lateness")
        cls.env["mail.mail"].search([]).unlink()
        # other open steps and late milestones of the database are not ours
        cls.env["order.milestone"].search([("is_late", "=", True)]).sudo().write(
            {"date_actual": RELEASE}
        )

    def _late_order(self):
        with freeze_time(RELEASE):
            order = self._released_order()
        with freeze_time(LATER):
            self.cron.method_direct_trigger()
        return order

    def test_delay_notice_to_customer_and_salesperson_once(self):
        self.company.order_customer_delay = True
        order = self._late_order()
        self.assertTrue(self._milestone(order, "shipped").is_late)
        self.assertTrue(self._milestone(order, "delivered").is_late)
        self._send_queue()
        to_customer = self._received_by("orders@huadong.example.com")
        # shipped and delivered are both late: one notice
        self.assertEqual(len(to_customer), 1)
        self.assertIn(f"Delay notice: {order.name}", to_customer[0]["Subject"])
        self.assertIn("Shipped", self._html(to_customer[0]))
        # the salesperson too (besides the tracker's late-milestone activities)
        to_clerk = [
            m
            for m in self._received_by("clerk@example.com")
            if "Delay notice" in m["Subject"]
        ]
        self.assertEqual(len(to_clerk), 1)

    def test_no_delay_notice_by_default(self):
        self._late_order()
        self._send_queue()
        self.assertFalse(self._received_by("orders@huadong.example.com"))

    def test_late_milestones_in_the_digest(self):
        order = self._late_order()
        with freeze_time(LATER):
            self.env["order.digest"]._cron_send_digest()
        self._send_queue()
        self.assertEqual(order.tracker_id, self.tracker)
        mails = [
            m
            for m in self._received_by("tracker@example.com")
            if "Your orders today" in m["Subject"]
        ]
        self.assertEqual(len(mails), 1)
        body = self._html(mails[0])
        self.assertIn("Late milestones of your orders", body)
        self.assertIn(f"model=sale.order&res_id={order.id}", body)
        self.assertIn("Shipped", body)
        self.assertIn("Late", body)
        # the digest is how the tracker hears of them by e-mail: no mail
        # repeats each late milestone's activity
        # ten late: all but the release (done) and the feedback (not due)
        self.assertEqual(len(order.milestone_ids.late_activity_id), 10)
        self.assertFalse(
            [
                m
                for m in self._received_by("tracker@example.com")
                if "assigned to you" in m["Subject"]
            ]
        )

    def test_late_activities_follow_a_new_tracker_without_mails(self):
        """Handing the order to another tracker hands them its ten late
        milestones' activities at once, without ten "assigned to you" mails
        (the activity menu shows them, the digest lists them)."""
        order = self._late_order()
        self.head.write({"email": "head@example.com", "notification_type": "email"})
        self._send_queue()
        order.write({"tracker_id": self.head.id})
        self._send_queue()
        activities = order.milestone_ids.late_activity_id
        self.assertEqual(len(activities), 10)
        self.assertEqual(activities.user_id, self.head)
        self.assertFalse(
            [
                m
                for m in self._received_by("head@example.com")
                if "assigned to you" in m["Subject"]
            ]
        )

    def test_late_milestones_in_the_chatter(self):
        """One message per order says which milestones went late: logged
        quietly, or posted to whoever follows the Milestone Late subtype."""
        subtype = self.env.ref("order_tracking.mt_order_milestone_late")
        self.head.write({"email": "head@example.com", "notification_type": "email"})
        with freeze_time(RELEASE):
            watched = self._released_order()
            quiet = self._released_order()
        watched.message_subscribe(
            partner_ids=self.head.partner_id.ids, subtype_ids=subtype.ids
        )
        with freeze_time(LATER):
            self.cron.method_direct_trigger()
        self._send_queue()
        for order in (watched, quiet):
            with self.subTest(order=order.name):
                messages = order.message_ids.filtered(lambda m: m.subtype_id == subtype)
                self.assertEqual(len(messages), 1)
                body = str(messages.body)
                # twelve milestones: the release is done, and the customer's
                # feedback (120 working hours, three weeks) is not due yet
                self.assertEqual(body.count("Milestone late:"), 10)
                self.assertIn("Shipped (planned 2026-03-", body)
        to_head = [
            m
            for m in self._received_by("head@example.com")
            if "Milestone late:" in self._html(m)
        ]
        self.assertEqual(len(to_head), 1)
        self.assertIn(watched.name, to_head[0]["Subject"])

    def test_late_milestone_in_the_group_chat(self):
        self.company.write(
            {
                "order_webhook_kind": "custom",
                "order_webhook_url": "http://127.0.0.1:9/hook?key=s",
            }
        )
        order = self._late_order()
        self.assertEqual(len(order.milestone_ids.filtered("is_late")), 10)
        # one message for the run, listing the 10 late milestones, the
        # earliest planned first (production planned, an hour after release)
        late = self.env["order.webhook.message"].search([("event", "=", "late")])
        self.assertEqual(late.mapped("title"), ["Late milestones: 10"])
        text = json.loads(late.payload)["markdown"]["text"]
        lines = text.split("\n")
        self.assertEqual(lines[0], "### Late milestones: 10")
        self.assertEqual(len(lines), 11, text)
        for line in lines[1:]:
            self.assertTrue(line.startswith(f"- [{order.name}]("), line)
            self.assertIn(f"/mail/view?model=sale.order&res_id={order.id})", line)
        self.assertIn(") Production planned, planned 2026-03-", lines[1])
        self.assertNotIn("more", text)

    def test_late_milestone_names_stay_plain_in_the_group_chat(self):
        """An order named with markdown's own characters keeps its link."""
        self.company.write(
            {
                "order_webhook_kind": "custom",
                "order_webhook_url": "http://127.0.0.1:9/hook?key=s",
            }
        )
        with freeze_time(RELEASE):
            order = self._released_order()
            order.sudo().name = "SO[1](x) <b>*"
        with freeze_time(LATER):
            self.cron.method_direct_trigger()
        late = self.env["order.webhook.message"].search([("event", "=", "late")])
        lines = json.loads(late.payload)["markdown"]["text"].split("\n")[1:]
        self.assertEqual(len(lines), 10)
        for line in lines:
            self.assertTrue(
                line.startswith(
                    "- [SO［1］(x) ＜b＞＊]("
                    f"{order.get_base_url()}/mail/view?model=sale.order"
                    f"&res_id={order.id}) "
                ),
                line,
            )


@tagged("post_install", "-at_install")
class TestCompletionNotice(OrderRequestFixtures, LoopbackSmtp, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls._setup_smtp()
        cls.customer.email = "orders@huadong.example.com"
        cls.company.order_customer_completion = True
        cls.env["mail.mail"].search([]).unlink()

    def _closed(self):
        order = self._released_order()
        self._deliver(order)
        self._invoice_and_pay(order)
        request = self._closure(order)
        request.action_submit()
        request.with_user(self.head).action_approve()
        return order

    def test_completion_notice_at_closure(self):
        order = self._closed()
        self.assertTrue(order.order_closed)
        self._send_queue()
        mails = self._received_by("orders@huadong.example.com")
        completed = [m for m in mails if "Order completed" in m["Subject"]]
        self.assertEqual(len(completed), 1)
        self.assertIn(order.name, completed[0]["Subject"])
        # it carries the link of the order's rating page (issue 19)
        self.assertIn(
            f"/order/rate/{order.id}?access_token={order.access_token}",
            self._html(completed[0]),
        )

    def test_request_steps_in_the_digest(self):
        """Every document of the approval engine reaches the digest: here a
        closure request waiting for its department head."""
        self.head.write({"email": "head@example.com", "notification_type": "email"})
        order = self._released_order()
        self._deliver(order)
        self._invoice_and_pay(order)
        request = self._closure(order)
        request.action_submit()
        self.env["res.users"].search([]).order_digest_date = False
        with freeze_time(LATER):
            self.env["order.digest"]._cron_send_digest()
        self._send_queue()
        digests = [
            m
            for m in self._received_by("head@example.com")
            if "Your orders today" in m["Subject"]
        ]
        self.assertEqual(len(digests), 1)
        body = self._html(digests[0])
        self.assertIn(request.display_name, body)
        self.assertIn(f"model=order.closure.request&res_id={request.id}", body)

    def test_deleted_template_does_not_block_the_closure(self):
        self.env.ref("order_tracking.mail_template_order_completed").unlink()
        with self.assertLogs(
            "odoo.addons.order_entry_control.models.sale_order_notice", "WARNING"
        ):
            order = self._closed()
        self.assertTrue(order.order_closed)
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "completion notice was not sent" in (m.body or "")
            )
        )
