# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who receives a review step (issue 23, point 12): the holders of the step's
group without the Order Control Managers, unless the company says so or
nobody else holds the group; the managers still decide any step."""

from odoo.tests import TransactionCase, tagged

from .common import MANAGER, REVIEWER, OrderControlFixtures

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"


@tagged("post_install", "-at_install")
class TestReviewRecipients(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids |= cls.company

    def _recipients(self, order):
        return (
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref(REVIEW_ACTIVITY).id,
                    ),
                ]
            )
            .user_id
        )

    def test_managers_hold_every_role_but_do_not_receive_every_step(self):
        self.assertTrue(self.manager.has_group(REVIEWER))
        self.assertTrue(self.admin.has_group(MANAGER))
        order = self._submit(self._create_order())
        first = order.current_review_id
        self.assertIn(self.reviewer, first.user_ids)
        self.assertNotIn(self.manager, first.user_ids)
        self.assertNotIn(self.admin, first.user_ids)
        self.assertEqual(self._recipients(order), first.user_ids)
        # the manager still decides it
        self.assertTrue(order.with_user(self.manager).can_review)
        order.with_user(self.manager).action_review_pass()
        self.assertEqual(first.decided_by_id, self.manager)
        second = order.current_review_id
        self.assertIn(self.approver, second.user_ids)
        self.assertNotIn(self.admin, second.user_ids)

    def test_managers_receive_steps_when_the_company_says_so(self):
        self.company.order_review_notify_managers = True
        order = self._submit(self._create_order())
        self.assertIn(self.manager, order.current_review_id.user_ids)
        self.assertIn(self.manager, self._recipients(order))

    def test_managers_receive_a_step_nobody_else_holds(self):
        reviewers = self.env.ref(REVIEWER).users.filtered(
            lambda u: not u.has_group(MANAGER)
        )
        reviewers.active = False
        order = self._submit(self._create_order())
        users = order.current_review_id.user_ids
        self.assertTrue(users)
        self.assertIn(self.manager, users)
        self.assertTrue(all(u.has_group(MANAGER) for u in users))
        self.assertEqual(self._recipients(order), users)
