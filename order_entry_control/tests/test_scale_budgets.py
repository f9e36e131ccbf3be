# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Query budgets on the dimensions of issue 21: a step started for 2 and for
20 eligible reviewers costs the same number of queries (one batch of
activities, one batch of followers), with and without telling them."""

import logging

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderControlFixtures

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestScaleBudgets(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _submit(self):
        order = self._create_order()
        self.env.flush_all()
        count = self._queries(order.with_user(self.clerk).action_submit_review)
        return count, order.current_review_id

    def _add_reviewers(self, count):
        for n in range(count):
            new_test_user(
                self.env,
                login=f"oc_scale_reviewer_{n}",
                groups="base.group_user,order_entry_control.group_order_reviewer",
                company_id=self.company.id,
                company_ids=[Command.set(self.company.ids)],
            )

    def _step_start(self, notify):
        self.company.order_notify_reviewers = notify
        self._submit()  # warm up
        few, review = self._submit()
        # the fixtures' eligible users, then 18 more
        base = len(review.user_ids)
        self.assertLessEqual(base, 3)
        self._add_reviewers(18)
        self._submit()  # warm up
        many, review = self._submit()
        self.assertEqual(len(review.user_ids), base + 18)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", review.res_id)]
        )
        self.assertEqual(len(activities), base + 18)
        _logger.info(
            "step start: %s queries for %s reviewers, %s for %s",
            few,
            base,
            many,
            base + 18,
        )
        return few, many

    def test_step_start_does_not_grow_with_reviewers(self):
        few, many = self._step_start(notify=False)
        self.assertLessEqual(many - few, 1, f"{few} queries, then {many}")

    def test_step_start_told_does_not_grow_with_reviewers(self):
        few, many = self._step_start(notify=True)
        self.assertLessEqual(many - few, 2, f"{few} queries, then {many}")
