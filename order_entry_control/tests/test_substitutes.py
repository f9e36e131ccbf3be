# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Absences and substitutes: a step reaching an absent reviewer goes to their
substitute as well, with the same deadline; four eyes hold for the
substitute; the chatter says who decided for whom."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import OrderControlFixtures

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"
# Monday 7 December 2026, 10:00 in Shanghai
MONDAY = datetime(2026, 12, 7, 2, 0)


@tagged("post_install", "-at_install")
class TestSubstitutes(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        # only the two reviewers review; the approval is someone else's
        cls.env["order.review.step"].search([]).active = False
        cls.step = cls.env["order.review.step"].create(
            {
                "name": "First review",
                "step_type": "review",
                "group_id": cls.env.ref("order_entry_control.group_order_reviewer").id,
                "sla_hours": 4,
            }
        )
        cls.reviewers = cls.step.group_id.users.filtered(
            lambda u: cls.company in u.company_ids and not u.share
        )
        # a colleague outside the reviewer group, who reads every order
        cls.stand_in = new_test_user(
            cls.env,
            login="oc_stand_in",
            name="OC Stand-in",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Shanghai",
        )

    def _absent(self, user, substitute, start, end, by=None):
        return (
            self.env["order.absence"]
            .with_user(by or user)
            .create(
                {
                    "user_id": user.id,
                    "substitute_id": substitute.id,
                    "date_from": start,
                    "date_to": end,
                    "company_id": self.company.id,
                }
            )
        )

    def _submitted_order(self):
        with freeze_time(MONDAY):
            order = self._create_order()
            self._submit(order)
        return order

    def _activities(self, order):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.env.ref(REVIEW_ACTIVITY).id),
            ]
        )

    def test_the_substitute_gets_the_step_with_the_same_deadline(self):
        self._absent(self.reviewer, self.stand_in, date(2026, 12, 7), date(2026, 12, 9))
        order = self._submitted_order()
        review = order.current_review_id
        self.assertIn(self.stand_in, review.user_ids)
        self.assertIn(self.reviewer, review.user_ids)
        activities = self._activities(order)
        self.assertEqual(
            activities.filtered(lambda a: a.user_id == self.stand_in).date_deadline,
            date(2026, 12, 7),
        )
        self.assertEqual(len(set(activities.mapped("date_deadline"))), 1)

    def test_the_substitute_decides_and_the_chatter_says_for_whom(self):
        self._absent(self.reviewer, self.stand_in, date(2026, 12, 7), date(2026, 12, 9))
        order = self._submitted_order()
        with freeze_time(datetime(2026, 12, 7, 3, 0)):
            order.with_user(self.stand_in).action_review_pass()
        review = order.review_ids
        self.assertEqual(review.decided_by_id, self.stand_in)
        self.assertEqual(review.decided_for_id, self.reviewer)
        self.assertEqual(order.review_state, "approved")
        note = order.message_ids.filtered(lambda m: "who is absent" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("OC Stand-in", note.body)
        self.assertIn("OC Reviewer", note.body)

    def test_a_reviewer_in_their_own_right_decides_for_nobody(self):
        self._absent(self.reviewer, self.stand_in, date(2026, 12, 7), date(2026, 12, 9))
        order = self._submitted_order()
        with freeze_time(datetime(2026, 12, 7, 3, 0)):
            order.with_user(self.reviewer2).action_review_pass()
        self.assertFalse(order.review_ids.decided_for_id)

    def test_outside_the_dates_nobody_stands_in(self):
        self._absent(self.reviewer, self.stand_in, date(2026, 12, 8), date(2026, 12, 9))
        order = self._submitted_order()
        self.assertNotIn(self.stand_in, order.current_review_id.user_ids)
        with self.assertRaises(AccessError):
            order.with_user(self.stand_in).action_review_pass()

    def test_four_eyes_hold_for_the_substitute(self):
        # the clerk stands in for a reviewer, but entered the order herself
        self._absent(self.reviewer, self.clerk, date(2026, 12, 7), date(2026, 12, 9))
        order = self._submitted_order()
        self.assertNotIn(self.clerk, order.current_review_id.user_ids)
        with self.assertRaises(AccessError):
            order.with_user(self.clerk).action_review_pass()

    def test_refusals(self):
        with self.assertRefused(ValidationError, "their own substitute"):
            self._absent(
                self.reviewer, self.reviewer, date(2026, 12, 7), date(2026, 12, 9)
            )
        with self.assertRefused(ValidationError, "ends before it starts"):
            self._absent(
                self.reviewer, self.stand_in, date(2026, 12, 9), date(2026, 12, 7)
            )
        self._absent(self.reviewer, self.stand_in, date(2026, 12, 7), date(2026, 12, 9))
        with self.assertRefused(ValidationError, "already absent"):
            self._absent(
                self.reviewer, self.reviewer2, date(2026, 12, 9), date(2026, 12, 11)
            )
        # nobody records an absence for someone else, but a manager
        with self.assertRaises(AccessError):
            self._absent(
                self.reviewer2,
                self.stand_in,
                date(2026, 12, 14),
                date(2026, 12, 15),
                by=self.clerk,
            )
        absence = self._absent(
            self.reviewer2,
            self.stand_in,
            date(2026, 12, 14),
            date(2026, 12, 15),
            by=self.manager,
        )
        self.assertEqual(absence.user_id, self.reviewer2)
        # nobody hands their own absence to someone else (and so becomes
        # that person's substitute)
        own = self._absent(
            self.clerk, self.stand_in, date(2026, 12, 21), date(2026, 12, 22)
        )
        with self.assertRaises(AccessError):
            own.with_user(self.clerk).write({"user_id": self.reviewer.id})
        self.assertEqual(own.user_id, self.clerk)
        # the substitute reads it, and cannot change it
        self.assertEqual(absence.with_user(self.stand_in).date_to, date(2026, 12, 15))
        with self.assertRaises(AccessError):
            absence.with_user(self.stand_in).write({"date_to": date(2026, 12, 31)})
