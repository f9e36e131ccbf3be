# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestOrderEntryTours(OrderControlFixtures, HttpCase):
    """Each role's step in the web client, in headless Chromium; the test then
    checks the step's effect in the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _order_url(self, order):
        return f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}"

    def _activities_late(self, order):
        """The review activities are due at the step's deadline in working
        hours, maybe a later day; the systray group opens the late and today's
        ones (today in the user's time zone): make them late."""
        activities = order.activity_ids
        self.assertTrue(activities)
        # as the system (a user cannot move a step's activity)
        activities.sudo().date_deadline = fields.Date.today() - timedelta(days=1)

    def test_clerk_enters_a_new_quotation_and_submits(self):
        """From scratch: customer, intake next to it, a line; the checks name
        the missing delivery date as the form labels it and lead to it; once
        it is entered the checks pass, and the order is submitted."""
        before = fields.Datetime.now()
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding/new",
            "order_entry_control_clerk_submit",
            login="oc_clerk",
        )
        self.env.invalidate_all()
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.entry_channel, "email")
        # an hour before the tour, give or take the minute it was typed in
        received = (before - order.received_datetime).total_seconds()
        self.assertTrue(3540 <= received <= 3720, received)
        self.assertEqual(order.order_taker_id, self.salesman)
        self.assertEqual(order.customer_stated_total, 200.0)
        self.assertEqual(order.amount_total, 200.0)  # 2 x 100
        self.assertEqual(order.order_line.product_id, self.product)
        # ten days ahead, to the minute typed
        ahead = (order.commitment_date - before).total_seconds()
        self.assertTrue(10 * 86400 - 60 <= ahead <= 10 * 86400 + 120, ahead)
        self.assertFalse(order.finding_ids)
        self.assertEqual(order.review_state, "to_review")
        self.assertEqual(order.submitted_by_id, self.clerk)

    def test_reviewer_passes_from_the_activity(self):
        order = self._submit(self._create_order())
        self.assertIn(self.reviewer, order.activity_ids.user_id)
        self._activities_late(order)
        self.start_tour(
            "/odoo", "order_entry_control_reviewer_pass", login="oc_reviewer"
        )
        self.env.invalidate_all()
        self.assertEqual(order.review_state, "to_approve")
        first = order.review_ids.filtered(lambda r: r.step_type == "review")
        self.assertEqual((first.state, first.decided_by_id), ("done", self.reviewer))
        self.assertIn(self.approver, order.activity_ids.user_id)
        self.assertNotIn(self.reviewer, order.activity_ids.user_id)

    def test_reviewer_marks_the_activity_done_and_decides(self):
        """The reviewer's ✔ on the review activity opens the decision (the
        order's form), where passing the review closes the activity."""
        order = self._submit(self._create_order())
        self._activities_late(order)
        self.start_tour(
            "/odoo", "order_entry_control_reviewer_mark_done", login="oc_reviewer"
        )
        self.env.invalidate_all()
        self.assertEqual(order.review_state, "to_approve")
        first = order.review_ids.filtered(lambda r: r.step_type == "review")
        self.assertEqual((first.state, first.decided_by_id), ("done", self.reviewer))
        self.assertNotIn(self.reviewer, order.activity_ids.user_id)
        self.assertIn(self.approver, order.activity_ids.user_id)

    def test_approver_approves_from_the_activity(self):
        order = self._submit(self._create_order())
        order.with_user(self.reviewer).action_review_pass()
        self._activities_late(order)
        self.start_tour(
            "/odoo", "order_entry_control_approver_approve", login="oc_approver"
        )
        self.env.invalidate_all()
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.approved_by_id, self.approver)
        # the review activities are gone; the clerk's follow-up is to confirm
        self.assertEqual(order.activity_ids.user_id, self.clerk)
        self.assertEqual(
            order.activity_ids.activity_type_id,
            self.env.ref("order_entry_control.mail_activity_type_order_followup"),
        )

    def test_manager_waives_a_finding(self):
        order = self._create_order(stated=False)
        order.action_run_checks()
        finding = order.finding_ids.filtered(lambda f: f.severity == "block")
        self.assertEqual(len(finding), 1)
        self.start_tour(
            self._order_url(order),
            "order_entry_control_manager_waive",
            login="oc_manager",
        )
        self.env.invalidate_all()
        self.assertTrue(finding.waived)
        self.assertEqual(finding.waived_by_id, self.manager)
        self.assertEqual(
            finding.waive_reason, "Total confirmed by the customer on the phone"
        )
        self.assertEqual(order.blocking_finding_count, 0)
