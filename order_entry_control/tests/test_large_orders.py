# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Large orders need a senior approval once Settings give the amount."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OrderControlFixtures

SENIOR = "order_entry_control.group_order_senior_approver"


@tagged("post_install", "-at_install")
class TestLargeOrders(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.senior = new_test_user(
            cls.env,
            login="oc_senior",
            name="OC Senior",
            groups=f"base.group_user,{SENIOR}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.senior_step = cls.env.ref("order_entry_control.step_senior_approval")

    def _steps(self, order):
        return order.review_ids.step_id

    def test_off_until_an_amount_is_set(self):
        order = self._submit(self._create_order())
        self.assertNotIn(self.senior_step, self._steps(order))

    def test_above_the_amount_a_senior_approves(self):
        order = self._create_order()
        # strictly above: an order of exactly the amount needs no senior
        self.company.order_large_order_amount = order.amount_total
        self._submit(order)
        self.assertNotIn(self.senior_step, self._steps(order))
        big = self._create_order()
        self.company.order_large_order_amount = big.amount_total - 0.01
        self._submit(big)
        self.assertEqual(
            big.review_ids.mapped("name"),
            ["First review", "Approval", "Senior approval"],
        )
        self._approve_fully(big)
        self.assertEqual(big.review_state, "to_approve")
        self.assertEqual(big.current_review_id.step_id, self.senior_step)
        # an approver is not a senior approver
        with self.assertRaises(AccessError):
            big.with_user(self.approver).action_approve()
        big.with_user(self.senior).action_approve()
        self.assertEqual(big.review_state, "approved")

    def test_the_amount_cannot_be_negative(self):
        with self.assertRaises(ValidationError):
            self.company.order_large_order_amount = -1
