# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import TrackingFixtures
from .request_common import OrderRequestFixtures


@tagged("post_install", "-at_install")
class TestOrderTrackingTours(OrderRequestFixtures, HttpCase):
    """Change and closure requests walked in the web client, in headless
    Chromium, one tour per user; the test checks each step's effect."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()

    def _order_url(self, order):
        return f"/odoo/action-sale.action_orders/{order.id}"

    def _make_late(self, record):
        """Approval activities are due at the step's deadline in working hours,
        maybe a later day; the systray group opens the late and today's ones
        (today in the user's time zone): make them late."""
        activities = record.activity_ids
        self.assertTrue(activities)
        # as the system (a user cannot move a step's activity)
        activities.sudo().date_deadline = fields.Date.today() - timedelta(days=1)

    def test_change_request_from_request_to_apply(self):
        order = self._released_order()
        bolt_line = order.order_line.filtered(lambda x: x.product_id == self.bolt)
        self.assertEqual(bolt_line.product_uom_qty, 10)
        # the clerk asks for the change from the order
        self.start_tour(
            self._order_url(order), "order_tracking_change_request", login="oc_clerk"
        )
        self.env.invalidate_all()
        request = order.change_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.requested_by_id, self.clerk)
        self.assertEqual(
            (request.line_ids.sale_line_id, request.line_ids.old_qty),
            (bolt_line, 10),
        )
        self.assertEqual(request.line_ids.new_qty, 15)
        self.assertIn(self.head, request.activity_ids.user_id)

        # a department head approves it from the activity, naming owner and date
        self._make_late(request)
        self.start_tour("/odoo", "order_tracking_change_approve", login="oc_head")
        self.env.invalidate_all()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_by_id, self.head)
        self.assertEqual(request.owner_id, self.clerk)
        self.assertGreater(request.date_deadline, fields.Datetime.now())
        self.assertEqual(bolt_line.product_uom_qty, 10, "not applied yet")

        # the owner applies it
        self.start_tour(
            f"/odoo/action-order_tracking.order_change_request_action/{request.id}",
            "order_tracking_change_apply",
            login="oc_clerk",
        )
        self.env.invalidate_all()
        self.assertEqual(request.state, "applied")
        self.assertEqual(bolt_line.product_uom_qty, 15)
        self.assertEqual(order.order_revision, 1)

    def test_order_closed_through_its_closure_request(self):
        order = self._released_order()
        self._deliver(order)
        self._invoice_and_pay(order)
        self.start_tour(
            self._order_url(order), "order_tracking_closure_request", login="oc_clerk"
        )
        self.env.invalidate_all()
        request = order.closure_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual((request.state, request.reason), ("submitted", "completed"))

        self._make_late(request)
        self.start_tour("/odoo", "order_tracking_closure_approve", login="oc_head")
        self.env.invalidate_all()
        self.assertEqual(request.state, "approved")
        self.assertTrue(order.order_closed)
        self.assertTrue(order.locked)
        self.assertFalse(order.active)
        self.assertEqual(order.closed_by_id, self.head)


@tagged("post_install", "-at_install")
class TestTrackerTour(TrackingFixtures, HttpCase):
    """A tracker logs a milestone from the tracking table, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def test_tracker_logs_a_milestone(self):
        order = self._released_order()
        order.sudo().tracker_id = self.tracker
        milestone = self._milestone(order, "production_planned")
        self.assertEqual(len(milestone), 1)
        self.assertFalse(milestone.date_actual)
        # due within the hour whatever the day (one working hour after a
        # release on Friday evening is Monday): the table opens on the orders
        # late or due soon
        milestone.sudo().date_planned = fields.Datetime.now() + timedelta(hours=1)
        before = fields.Datetime.now().replace(microsecond=0)
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "order_tracking_log_milestone",
            login="oc_tracker",
        )
        self.env.invalidate_all()
        self.assertEqual(milestone.state, "done")
        self.assertGreaterEqual(milestone.date_actual, before)
        self.assertEqual(milestone.user_id, self.tracker)
        self.assertEqual(milestone.note, "Plan sent to the workshop")
        self.assertIn("Production planned", order.message_ids[:1].body)

    def test_an_administrator_makes_a_user_a_tracker(self):
        """Without developer mode, Settings > Users shows the Order Control
        roles (entry and review, tracking, assessment) as Sales shows its own."""
        user = self.env["res.users"].create(
            {
                "name": "Wang Fang",
                "login": "oc_wang_fang",
                "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        self.assertFalse(user.has_group("order_tracking.group_order_tracker"))
        self.start_tour(
            f"/odoo/action-base.action_res_users/{user.id}",
            "order_tracking_make_a_tracker",
            login="admin",
        )
        self.assertTrue(user.has_group("order_tracking.group_order_tracker"))
        self.assertFalse(user.has_group("order_tracking.group_order_department_head"))
        # implied groups still hold
        self.assertTrue(user.has_group("sales_team.group_sale_salesman_all_leads"))
