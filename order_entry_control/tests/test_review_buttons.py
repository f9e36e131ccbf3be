# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Send by Email gives way to the review decision (issue 23, point 12)."""

from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestSendByEmailButton(OrderControlFixtures, TransactionCase):
    """While the review decision buttons show, they are the primary actions
    and Send by Email a secondary one (issue 23, point 12)."""

    SEND = ("action_quotation_send", "Send by Email")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def test_send_by_email_is_secondary_next_to_the_review_decision(self):
        order = self._submit(self._create_order())
        buttons = self._header_buttons(order, self.reviewer)
        self.assertTrue(buttons[("action_review_pass", "Pass Review")])
        self.assertFalse(buttons[self.SEND])
        order.with_user(self.reviewer).action_review_pass()
        buttons = self._header_buttons(order, self.approver)
        self.assertTrue(buttons[("action_approve", "Approve")])
        self.assertFalse(buttons[self.SEND])

    def test_send_by_email_stays_primary_without_a_decision(self):
        order = self._create_order()
        self.assertTrue(self._header_buttons(order, self.clerk)[self.SEND])
        # the submitter cannot decide: no decision buttons, nothing changes
        self._submit(order)
        buttons = self._header_buttons(order, self.clerk)
        self.assertNotIn(("action_review_pass", "Pass Review"), buttons)
        self.assertTrue(buttons[self.SEND])
