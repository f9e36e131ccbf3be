# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The tracker rule: team or warehouse default, rotation among the Order
Trackers (managers excepted), the salesperson when the company says so, and
the managers' to-do when nobody can track an order."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from .common import LATE_ACTIVITY, TRACKER, TrackingFixtures

MISSING = "order_tracking.mail_activity_type_tracker_missing"


@tagged("post_install", "-at_install")
class TestTrackerRule(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.tracker2 = new_test_user(
            cls.env,
            login="oc_tracker2",
            groups=f"base.group_user,{TRACKER}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            name="OC Tracker Two",
        )
        # the trackers in turn, by id: tracker, head (a head is a tracker), tracker2
        cls.in_turn = cls.tracker | cls.head | cls.tracker2
        cls.team = cls.env["crm.team"].create(
            {"name": "East China", "company_id": cls.company.id}
        )

    def _activities(self, order, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_default_is_the_rule_with_the_rotation(self):
        self.assertEqual(self.company.order_tracker_rule, "default")
        self.assertFalse(self.clerk.has_group(TRACKER))
        self.assertTrue(self.manager.has_group(TRACKER))
        self.company.sudo().order_tracker_last_id = False
        orders = [self._released_order() for _i in range(4)]
        # in turn by id, managers excepted, never the clerk who entered them
        self.assertEqual(
            [o.tracker_id for o in orders],
            [self.tracker, self.head, self.tracker2, self.tracker],
        )
        self.assertEqual(self.company.order_tracker_last_id, self.tracker)
        self.assertFalse(any(o.tracker_missing for o in orders))

    def test_team_default_then_warehouse_default(self):
        self.team.order_tracker_id = self.tracker2
        self.warehouse.order_tracker_id = self.head
        self.company.sudo().order_tracker_last_id = False
        by_team = self._released_order(team_id=self.team.id)
        self.assertEqual(by_team.tracker_id, self.tracker2)
        other_team = self.env["crm.team"].create({"name": "North China"})
        by_warehouse = self._released_order(team_id=other_team.id)
        self.assertEqual(by_warehouse.warehouse_id, self.warehouse)
        self.assertEqual(by_warehouse.tracker_id, self.head)
        # defaults do not move the rotation
        self.assertFalse(self.company.order_tracker_last_id)
        # the rotation rule ignores the defaults
        self.company.order_tracker_rule = "rotation"
        self.assertEqual(
            self._released_order(team_id=self.team.id).tracker_id, self.tracker
        )

    def test_salesperson_only_when_the_company_says_so(self):
        self.company.order_tracker_rule = "salesperson"
        self.assertEqual(self._released_order().tracker_id, self.clerk)
        self.company.order_tracker_rule = "default"
        self.assertNotEqual(self._released_order().tracker_id, self.clerk)

    def test_a_given_tracker_is_kept(self):
        order = self._create_order(tracker_id=self.tracker2.id)
        self.company.sudo().order_tracker_last_id = False
        self._release(order)
        self.assertEqual(order.tracker_id, self.tracker2)
        self.assertFalse(self.company.order_tracker_last_id)

    def test_nobody_to_track_asks_the_managers_once(self):
        (self.tracker | self.head | self.tracker2).active = False
        with freeze_time("2026-03-02 02:00:00"):  # Monday 10:00 Shanghai
            order = self._released_order()
        self.assertFalse(order.tracker_id)
        self.assertTrue(order.tracker_missing)
        requests = self._activities(order, MISSING)
        managers = self.env.ref(
            "order_entry_control.group_order_control_manager"
        ).users.filtered(lambda u: not u.share and self.company in u.company_ids)
        self.assertIn(self.manager, requests.user_id)
        self.assertEqual(requests.user_id, managers)
        self.assertEqual(len(requests), len(managers), "one to-do per manager")
        self.assertNotIn(self.clerk, requests.user_id)
        # late milestones give the clerk (the salesperson) nothing
        with freeze_time(self._shanghai(2026, 3, 2, 15, 30)):
            self.env.ref(
                "order_tracking.ir_cron_order_milestone_lateness"
            ).method_direct_trigger()
        self.assertTrue(order.milestone_ids.filtered("is_late"))
        self.assertFalse(self._activities(order, LATE_ACTIVITY))
        self.assertFalse(
            order.allocation_ids.filtered(
                lambda a: a.department_id == self.dept_shipping
            ).user_id
        )
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "=", self.clerk.id)])
        )
        # a manager names the tracker: the to-dos are done, the warning goes
        order.with_user(self.manager).tracker_id = self.tracker
        self.assertFalse(self._activities(order, MISSING))
        self.assertFalse(order.tracker_missing)
        # and owns the allocation line that had no owner (no department head)
        shipping = order.allocation_ids.filtered(
            lambda a: a.department_id == self.dept_shipping
        )
        self.assertEqual(shipping.user_id, self.tracker)

    def test_a_company_without_its_rotation_sequence(self):
        """A company made by SQL has no rotation sequence yet: reading its last
        tracker finds nobody (no error), and its first release makes it."""
        self.env.cr.execute(
            SQL(
                "DROP SEQUENCE %s",
                SQL.identifier(f"order_tracker_turn_{self.company.id}"),
            )
        )
        self.company.invalidate_recordset(["order_tracker_last_id"])
        self.assertFalse(self.company.order_tracker_last_id)
        order = self._released_order()
        self.assertEqual(order.tracker_id, self.tracker)
        self.assertEqual(self.company.order_tracker_last_id, self.tracker)

    def test_the_rotation_pointer_is_not_for_users(self):
        admin = self.env.ref("base.user_admin")
        with self.assertRefused(AccessError, "Last Tracker in Turn"):
            self.company.with_user(admin).write(
                {"order_tracker_last_id": self.tracker.id}
            )
