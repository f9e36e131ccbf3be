# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mails that leave the Odoo tab: the late step's escalation (an e-mail
whatever the escalation user's preference) and the customer's
acknowledgement at approval, with a deleted template refused gracefully."""

from datetime import datetime

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures
from .smtp_common import LoopbackSmtp

# Monday 7 December 2026, 10:00 and 15:00 in Shanghai
MONDAY = datetime(2026, 12, 7, 2, 0)
MONDAY_AFTERNOON = datetime(2026, 12, 7, 7, 0)


@tagged("post_install", "-at_install")
class TestOutsideNotices(OrderControlFixtures, LoopbackSmtp, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls._setup_smtp()
        cls.company.order_notify_reviewers = False
        cls.company.email = "orders@oc.example.com"
        # the escalation user handles notifications in Odoo: still mailed
        cls.manager.write(
            {"email": "wang.fang@example.com", "notification_type": "inbox"}
        )
        cls.contact.lang = "en_US"
        cls.customer.email = "orders@huadong.example.com"
        cls.env["mail.mail"].search([]).unlink()

    def test_escalation_mailed_whatever_the_preference(self):
        with freeze_time(MONDAY):
            order = self._submit(self._create_order())
        step = order.review_ids.filtered(lambda r: r.state == "pending")
        step.step_id.sudo().escalation_user_id = self.manager
        with freeze_time(MONDAY_AFTERNOON):
            self.assertEqual(self.env["order.review"]._cron_check_sla(), 1)
        self._send_queue()
        mails = self._received_by("wang.fang@example.com")
        self.assertEqual(len(mails), 1)
        self.assertIn("Late", mails[0]["Subject"])
        self.assertIn(order.name, mails[0]["Subject"])
        body = self._html(mails[0])
        # the deadline in the manager's time zone (Shanghai), to the minute
        self.assertIn("2026-12-07 12:00", body)
        self.assertIn(f"model=sale.order&res_id={order.id}", body)
        # and the activity, as before
        self.assertIn(self.manager, order.activity_ids.user_id)

    def test_escalation_mail_in_the_managers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN"], overwrite=True
        )
        # the terms are written in SQL: forget what earlier tests read
        self.env.invalidate_all()
        self.manager.lang = "zh_CN"
        with freeze_time(MONDAY):
            orders = [self._submit(self._create_order()) for _i in range(2)]
        steps = self.env["order.review"].search(
            [("order_id", "in", [o.id for o in orders]), ("state", "=", "pending")]
        )
        steps.step_id.sudo().escalation_user_id = self.manager
        with freeze_time(MONDAY_AFTERNOON):
            self.assertEqual(self.env["order.review"]._cron_check_sla(), 2)
        self._send_queue()
        mails = self._received_by("wang.fang@example.com")
        self.assertEqual(len(mails), 1, "one mail for both late steps")
        self.assertIn("升级给您的逾期步骤", mails[0]["Subject"])
        body = self._html(mails[0])
        self.assertIn("截止时间", body)
        for order in orders:
            self.assertIn(order.name, mails[0]["Subject"])
            self.assertIn(f"model=sale.order&res_id={order.id}", body)

    def test_acknowledgement_when_approved(self):
        self.company.order_customer_ack = True
        order = self._create_order(partner_id=self.contact.id)
        self._approve_fully(self._submit(order))
        self._send_queue()
        mails = self._received_by("li.wei@huadong.example.com")
        self.assertEqual(len(mails), 1)
        self.assertIn(f"Order confirmation: {order.name}", mails[0]["Subject"])
        self.assertIn("received and confirmed", self._html(mails[0]))

    def test_acknowledgement_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN"], overwrite=True
        )
        # the terms are written in SQL: forget what earlier tests read
        self.env.invalidate_all()
        self.company.order_customer_ack = True
        self.contact.lang = "zh_CN"
        order = self._create_order(partner_id=self.contact.id)
        self._approve_fully(self._submit(order))
        self._send_queue()
        mail = self._received_by("li.wei@huadong.example.com")[0]
        self.assertIn("订单确认", mail["Subject"])

    def test_no_acknowledgement_by_default(self):
        order = self._create_order(partner_id=self.contact.id)
        self._approve_fully(self._submit(order))
        self._send_queue()
        self.assertFalse(self._received_by("li.wei@huadong.example.com"))

    def test_deleted_template_does_not_break_approval(self):
        self.company.order_customer_ack = True
        self.env.ref("order_entry_control.mail_template_order_acknowledgement").unlink()
        order = self._submit(self._create_order(partner_id=self.contact.id))
        with self.assertLogs(
            "odoo.addons.order_entry_control.models.sale_order_notice", "WARNING"
        ) as logs:
            self._approve_fully(order)
        self.assertEqual(order.review_state, "approved")
        self.assertIn("missing", logs.output[0])
        note = order.message_ids.filtered(
            lambda m: "was not sent to the customer" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal)
        self._send_queue()
        self.assertFalse(self._received_by("li.wei@huadong.example.com"))
