# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Times written in messages and findings are the company's local time
(Asia/Shanghai in the fixtures, UTC+8), never the database's UTC."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestLocalTimesInTexts(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _messages(self, order, kind):
        order.with_user(self.clerk).action_run_checks()
        return " ".join(
            order.finding_ids.filtered(lambda f: f.kind == kind).mapped("message")
        )

    def test_local_text_of_the_company(self):
        company = self.company
        # 12:00 UTC is 20:00 in Shanghai; 20:00 UTC is the next day's 04:00
        self.assertEqual(
            company._order_local_text(datetime(2026, 3, 2, 12, 0)), "2026-03-02 20:00"
        )
        self.assertEqual(
            company._order_local_text(datetime(2026, 3, 2, 20, 0)), "2026-03-03 04:00"
        )
        self.assertEqual(company._order_local_text(False), "")

    def _breach_message(self, user=None):
        """The breach message of a step due at 20:00 in Shanghai, flagged by
        the SLA cron's batch at 21:00 (as ``user``, reading English)."""
        order = self.env["sale.order"].sudo().create(self._order_vals())
        review = (
            self.env["order.review"]
            .sudo()
            .create(
                {
                    "order_id": order.id,
                    "step_id": self.env.ref("order_entry_control.step_first_review").id,
                    "step_type": "review",
                    "sequence": 10,
                    "round": 1,
                    "state": "pending",
                    "user_ids": [Command.set(self.reviewer.ids)],
                    "started_on": datetime(2026, 3, 2, 2, 0),
                    # 20:00 in Shanghai
                    "deadline": datetime(2026, 3, 2, 12, 0),
                }
            )
        )
        if user:
            review = review.with_user(user).with_context(lang="en_US")
        with freeze_time("2026-03-02 13:00:00"):
            review._sla_flag(datetime(2026, 3, 2, 13, 0))
        breach = order.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("order_entry_control.mt_order_sla_breach")
            )
        )
        self.assertEqual(len(breach), 1)
        return breach

    def test_sla_breach_message_gives_the_local_deadline(self):
        breach = self._breach_message()
        self.assertIn("its deadline was 2026-03-02 20:00.", breach.body)
        self.assertNotIn("12:00", breach.body)

    def test_sla_breach_message_in_the_company_language(self):
        """The cron's user reads English; the company's chatter is Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.company.partner_id.lang = "zh_CN"
        breach = self._breach_message(self.env.ref("base.user_root"))
        self.assertIn("已超时：截止时间为 2026-03-02 20:00。", breach.body)

    @freeze_time("2026-03-02 02:00:00")  # Monday 10:00 in Shanghai
    def test_delivery_date_findings_give_local_dates(self):
        order = self._create_order()
        # 20:00 UTC on Sunday is 04:00 on Monday in Shanghai: past at 10:00
        order.commitment_date = datetime(2026, 3, 1, 20, 0)
        self.assertIn(
            "2026-03-02 04:00 is in the past.", self._messages(order, "delivery_date")
        )
        # five days of lead time: 7 March 10:00 at the earliest; the date asked
        # is 4 March 17:00 UTC, which is 5 March in Shanghai
        order.order_line.customer_lead = 5
        order.commitment_date = datetime(2026, 3, 4, 17, 0)
        self.assertIn(
            "2026-03-05 is before the products' lead time allows "
            "(2026-03-07 at the earliest).",
            self._messages(order, "delivery_date"),
        )
