# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures

CODES = [
    "released",
    "production_planned",
    "production_done",
    "qc_passed",
    "packed",
    "shipped",
    "customer_notified",
    "delivered",
    "receipt_confirmed",
    "invoiced",
    "paid",
    "feedback",
]


@tagged("post_install", "-at_install")
class TestRelease(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def test_milestone_definitions_are_data(self):
        types = self.env["order.milestone.type"].search([("company_id", "=", False)])
        self.assertEqual(types.mapped("code"), CODES)
        offsets = {t.code: t.offset_hours for t in types}
        # regulation 10, cumulative: plan 1 h, approve the plan 3 h, QC 1 h,
        # pack 2 h, ship 3 h
        self.assertEqual(offsets["production_planned"], 1)
        self.assertEqual(offsets["production_done"], 1 + 3)
        self.assertEqual(offsets["qc_passed"], 1 + 3 + 1)
        self.assertEqual(offsets["packed"], 1 + 3 + 1 + 2)
        self.assertEqual(offsets["shipped"], 1 + 3 + 1 + 2 + 3)

    @freeze_time("2026-03-02 02:00:00")  # Monday 10:00 in Shanghai
    def test_release_plans_milestones_in_working_hours(self):
        order = self._released_order()
        self.assertEqual(order.released_datetime, self._shanghai(2026, 3, 2, 10, 0))
        self.assertEqual(order.milestone_ids.mapped("code"), CODES)
        expected = {
            # 9-12 and 13-18 Monday to Friday, Shanghai
            "released": self._shanghai(2026, 3, 2, 10, 0),
            "production_planned": self._shanghai(2026, 3, 2, 11, 0),
            "production_done": self._shanghai(2026, 3, 2, 15, 0),  # 2 h + 2 h
            "qc_passed": self._shanghai(2026, 3, 2, 16, 0),
            "packed": self._shanghai(2026, 3, 2, 18, 0),
            "shipped": self._shanghai(2026, 3, 3, 12, 0),  # 7 h Monday, 3 h Tuesday
            # 24 clock hours after the planned shipment
            "customer_notified": self._shanghai(2026, 3, 4, 12, 0),
            # 24 working hours: 7 Mon, 8 Tue, 8 Wed, 1 Thu
            "delivered": self._shanghai(2026, 3, 5, 10, 0),
        }
        for code, planned in expected.items():
            with self.subTest(code=code):
                self.assertEqual(self._milestone(order, code).date_planned, planned)
        released = self._milestone(order, "released")
        self.assertEqual(released.date_actual, order.released_datetime)
        self.assertEqual(released.user_id, self.clerk)
        self.assertFalse(order.milestone_ids.filtered("is_late"))
        # the first Order Tracker in turn, not the clerk who entered it
        self.assertEqual(order.tracker_id, self.tracker)
        self.assertAlmostEqual(order.tracking_progress, 100.0 / len(CODES))
        self.assertEqual(order.next_milestone_id.code, "production_planned")

    @freeze_time("2026-03-02 02:00:00")
    def test_release_allocates_to_matching_departments(self):
        order = self._released_order()
        allocations = order.allocation_ids
        self.assertEqual(
            allocations.department_id, self.dept_production | self.dept_shipping
        )
        production = allocations.filtered(
            lambda a: a.department_id == self.dept_production
        )
        self.assertEqual(production.user_id, self.head)
        self.assertEqual(production.task, "Plan and produce")
        self.assertEqual(production.date_due, self._shanghai(2026, 3, 2, 15, 0))
        shipping = allocations - production
        # no department head: the tracker owns it; no default task: the name
        self.assertEqual(shipping.user_id, self.tracker)
        self.assertEqual(shipping.task, "Shipping")
        self.assertEqual(shipping.date_due, self._shanghai(2026, 3, 3, 12, 0))
        for allocation in allocations:
            with self.subTest(department=allocation.department_id.name):
                activity = self.env["mail.activity"].search(
                    [
                        ("res_model", "=", "order.allocation"),
                        ("res_id", "=", allocation.id),
                    ]
                )
                self.assertEqual(len(activity), 1)
                self.assertEqual(activity.user_id, allocation.user_id)
                # the due date in Shanghai
                self.assertEqual(
                    activity.date_deadline,
                    (allocation.date_due + timedelta(hours=8)).date(),
                )
                # its owner follows it (as Odoo subscribes an activity's
                # assignee), once, and only it: the other line is not theirs
                followers = allocation.message_follower_ids
                self.assertEqual(followers.partner_id, allocation.user_id.partner_id)
                self.assertEqual(
                    followers.subtype_ids,
                    self.env["mail.message.subtype"].default_subtypes(
                        "order.allocation"
                    )[0],
                )
        # the milestones and lines carry the order's company and tracker from
        # their INSERT (computed before it)
        self.assertEqual(order.milestone_ids.company_id, self.company)
        self.assertEqual(order.milestone_ids.tracker_id, order.tracker_id)
        self.assertEqual(set(order.milestone_ids.mapped("order_closed")), {False})
        self.assertEqual(allocations.company_id, self.company)
        self.assertEqual(allocations.mapped("is_unassigned"), [False, False])

    def test_team_restricts_departments(self):
        team = self.env["crm.team"].create({"name": "Export"})
        self.dept_production.team_id = team
        order = self._released_order()
        self.assertEqual(order.allocation_ids.department_id, self.dept_shipping)
        exported = self._released_order(team_id=team.id)
        self.assertEqual(
            exported.allocation_ids.department_id,
            self.dept_production | self.dept_shipping,
        )

    def test_controls_off_change_nothing(self):
        self.company.order_control_enabled = False
        order = self._create_order()
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.milestone_ids)
        self.assertFalse(order.allocation_ids)
        self.assertFalse(order.tracker_id)
        self._validate_delivery(order)
        self.assertFalse(order.milestone_ids)

    def test_given_tracker_is_kept_and_late_activity_follows_it(self):
        order = self._create_order(tracker_id=self.tracker.id)
        self._release(order)
        self.assertEqual(order.tracker_id, self.tracker)
        self.assertEqual(order.milestone_ids.tracker_id, self.tracker)
