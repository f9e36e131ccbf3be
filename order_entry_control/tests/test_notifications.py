# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A starting step reaches its reviewers through Odoo's own mail machinery:
by e-mail or in Odoo, as each one's notification preference says. The e-mail
goes through a real SMTP server started on loopback (aiosmtpd)."""

from datetime import datetime

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures
from .smtp_common import LoopbackSmtp

# Monday 7 December 2026, 10:00 in Shanghai
MONDAY = datetime(2026, 12, 7, 2, 0)


@tagged("post_install", "-at_install")
class TestReviewerNotifications(OrderControlFixtures, LoopbackSmtp, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls._setup_smtp()
        cls.reviewer.write({"email": "li.na@example.com", "notification_type": "email"})
        cls.reviewer2.write(
            {"email": "zhao.lei@example.com", "notification_type": "inbox"}
        )
        cls.clerk.email = "clerk@example.com"
        # the users' invitations are not what this test reads
        cls.env["mail.mail"].search([]).unlink()

    def setUp(self):
        super().setUp()
        self.inbox.messages.clear()

    def _submitted(self):
        with freeze_time(MONDAY):
            order = self._create_order()
            # queued, as in production, rather than "sent" by the test mode
            self._submit(order.with_context(mail_notify_force_send=False))
        return order

    def test_reviewers_are_told_as_they_prefer(self):
        order = self._submitted()
        self._send_queue()
        received = [
            (to, mail) for to, mail in self.inbox.messages if "li.na@example.com" in to
        ]
        self.assertEqual(len(received), 1)
        _to, mail = received[0]
        self.assertIn("First review", mail["Subject"])
        self.assertIn(order.name, mail["Subject"])
        body = mail.get_body(("html", "plain")).get_content()
        # two working hours after 10:00 in Shanghai
        self.assertIn("12:00", body)
        # the button that opens the order
        self.assertIn(f"res_id={order.id}", body.replace("&amp;", "&"))
        # the other reviewer handles notifications in Odoo: no e-mail
        self.assertFalse(
            [to for to, _mail in self.inbox.messages if "zhao.lei@example.com" in to]
        )
        notified = self.env["mail.notification"].search(
            [("res_partner_id", "=", self.reviewer2.partner_id.id)]
        )
        self.assertEqual(notified.mapped("notification_type"), ["inbox"])
        self.assertEqual(notified.mail_message_id.res_id, order.id)

    def test_switched_off_nobody_is_told(self):
        self.company.order_notify_reviewers = False
        order = self._submitted()
        self._send_queue()
        self.assertFalse(
            [to for to, _mail in self.inbox.messages if "example.com" in str(to)]
        )
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    (
                        "res_partner_id",
                        "in",
                        (self.reviewer | self.reviewer2).partner_id.ids,
                    ),
                    ("mail_message_id.res_id", "=", order.id),
                ]
            )
        )
