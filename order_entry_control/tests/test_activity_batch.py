# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a step's activities keep when many are created at once (issue 21):
their stored fields computed before the INSERT, a shared note sanitized once
but sanitized, and each assignee following the document."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestActivityBatch(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.company.order_notify_reviewers = False
        cls.many = cls.env["res.users"]
        for n in range(12):
            cls.many |= new_test_user(
                cls.env,
                login=f"oc_batch_reviewer_{n}",
                groups="base.group_user,order_entry_control.group_order_reviewer",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                tz="Europe/Paris" if n % 2 else "Asia/Shanghai",
            )

    def _activities(self, order):
        return self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    def test_step_activities_are_complete(self):
        order = self._submit(self._create_order())
        review = order.current_review_id
        self.assertLessEqual(self.many, review.user_ids)
        activities = self._activities(order)
        self.assertEqual(activities.user_id, review.user_ids)
        followers = order.message_follower_ids
        for activity in activities:
            user = activity.user_id
            with self.subTest(user=user.login):
                self.assertEqual(activity.res_name, order.name)
                self.assertEqual(activity.user_tz, user.tz)
                self.assertFalse(activity.date_done)
                # the deadline in the assignee's own time zone
                self.assertIn(f"({user.tz})", str(activity.note))
                follower = followers.filtered(
                    lambda f, u=user: f.partner_id == u.partner_id
                )
                self.assertTrue(follower)
                self.assertIn(self.env.ref("mail.mt_comment"), follower.subtype_ids)
        # what was stored is what the ORM reads back from the database
        self.env.invalidate_all()
        paris = activities.filtered(lambda a: a.user_id.tz == "Europe/Paris")
        self.assertEqual(len(paris), 6)
        self.assertEqual(set(paris.mapped("user_tz")), {"Europe/Paris"})
        self.assertIn("(Europe/Paris)", str(paris[:1].note))

    def test_shared_note_is_still_sanitized(self):
        order = self._create_order()
        note = "<p>Check the stock</p><script>alert(1)</script>"
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            ._order_schedule(
                [(order, self.many, lambda env: {"summary": "To do", "note": note})],
                "mail.mail_activity_data_todo",
            )
        )
        self.assertEqual(len(activities), 12)
        self.env.invalidate_all()
        self.assertEqual(set(activities.mapped("note")), {"<p>Check the stock</p>"})
        archived = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                "res_id": order.id,
                "user_id": self.reviewer.id,
                "note": note,
                "active": False,
            }
        )
        self.assertEqual(str(archived.note), "<p>Check the stock</p>")
        self.assertTrue(archived.date_done)

    def test_followup_resubscribes_who_stopped_following(self):
        order = self._create_order()
        self._submit(order)
        order.with_user(self.reviewer).action_review_pass()
        order.message_unsubscribe(partner_ids=self.clerk.partner_id.ids)
        self.assertNotIn(self.clerk.partner_id, order.message_partner_ids)
        order.with_user(self.approver).action_approve()
        followup = self._activities(order).filtered(lambda a: a.user_id == self.clerk)
        self.assertEqual(len(followup), 1)
        self.assertIn(self.clerk.partner_id, order.message_partner_ids)
