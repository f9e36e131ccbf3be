# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The step deadline where people look (issue 23, point 6): a stored field of
the order for the reviewer's list, and the activity's note in the assignee's
language and time zone, to the minute."""

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"


@tagged("post_install", "-at_install")
class TestReviewDeadline(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN"], overwrite=True
        )
        cls.company.write(
            {"order_review_sla_hours": 2.0, "order_approval_sla_hours": 3.0}
        )
        cls.env.ref("order_entry_control.step_first_review").sla_hours = 0.0
        cls.env.ref("order_entry_control.step_approval").sla_hours = 0.0
        cls.reviewer.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def _activity(self, order, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.env.ref(REVIEW_ACTIVITY).id),
                ("user_id", "=", user.id),
            ]
        )

    @freeze_time("2026-03-02 02:00:00")  # Monday 10:00 in Shanghai
    def test_deadline_is_stored_on_the_order_and_follows_the_step(self):
        order = self._create_order()
        self.assertFalse(order.review_deadline)
        self._submit(order)
        # 2 working hours from 10:00: 12:00 Shanghai, 04:00 UTC
        self.assertEqual(order.review_deadline, self._shanghai(2026, 3, 2, 12, 0))
        self.assertFalse(order.review_overdue)
        stored = self.env["sale.order"].search(
            [
                ("id", "=", order.id),
                ("review_deadline", "=", self._shanghai(2026, 3, 2, 12, 0)),
            ]
        )
        self.assertEqual(stored, order, "stored: searchable and sortable")
        with freeze_time("2026-03-02 03:00:00"):  # 11:00: the reviewer passes
            order.with_user(self.reviewer).action_review_pass()
        # approval: 3 working hours from 11:00 = 12:00 + 2 h after lunch = 15:00
        self.assertEqual(order.review_deadline, self._shanghai(2026, 3, 2, 15, 0))
        with freeze_time("2026-03-02 08:00:00"):  # 16:00: late
            order.invalidate_recordset(["review_overdue"])
            self.assertTrue(order.review_overdue)
            order.with_user(self.approver).action_approve()
        self.assertFalse(order.review_deadline, "no step pending, no deadline")

    @freeze_time("2026-03-02 02:00:00")  # Monday 10:00 in Shanghai
    def test_activity_note_in_the_assignees_language_and_time_zone(self):
        order = self._submit(self._create_order())
        note = self._activity(order, self.reviewer).note
        self.assertEqual(
            str(note),
            "<p>请于 2026年03月02日 12时00分（Asia/Shanghai）前作出决定。</p>",
        )
        # another reviewer in English, in Berlin (UTC+1 in March)
        others = order.current_review_id.sudo().user_ids - self.reviewer
        self.assertTrue(others)
        other = self.env["res.users"].browse(others[0].id)
        other.write({"lang": "en_US", "tz": "Europe/Berlin"})
        order2 = self._submit(self._create_order())
        self.assertEqual(
            str(self._activity(order2, other).note),
            "<p>Decide by 03/02/2026 05:00 (Europe/Berlin).</p>",
        )
