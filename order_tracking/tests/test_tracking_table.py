# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The tracking table (issue 23, point 10): by order as the regulation lays
it out, the flat list kept; "Open" and "Late" narrow together; a closed
order shows no open milestone or to-do allocation; a labelled smart button.
It opens on the orders late or due soon, every open order one click away
(issue 21)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import LATE_ACTIVITY, TrackingFixtures


@tagged("post_install", "-at_install")
class TestTrackingTable(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.Milestone = cls.env["order.milestone"]

    def _filter_groups(self):
        """The search view's filters as the web client groups them: filters
        between two separators are OR-ed, groups are AND-ed."""
        arch = self.Milestone.get_views([(False, "search")])["views"]["search"]["arch"]
        groups, current = [], {}
        for node in etree.fromstring(arch):
            if node.tag == "separator" or node.tag == "group":
                if current:
                    groups.append(current)
                current = {}
            elif node.tag == "filter" and node.get("domain"):
                # the web client's own date helpers (to_utc) are not Python:
                # those filters are grouped but not evaluated
                try:
                    domain = safe_eval(
                        node.get("domain"),
                        {
                            "uid": self.env.uid,
                            "context_today": lambda: fields.Date.context_today(
                                self.Milestone
                            ),
                            "relativedelta": relativedelta,
                        },
                    )
                except ValueError:
                    domain = None
                current[node.get("name")] = domain
        if current:
            groups.append(current)
        return groups

    def _search_with(self, *names):
        domain = []
        for group in self._filter_groups():
            chosen = [group[name] for name in names if name in group]
            if chosen:
                domain += ["|"] * (len(chosen) - 1) + [t for d in chosen for t in d]
        return self.Milestone.search(domain)

    def test_open_and_late_narrow_together(self):
        with freeze_time("2026-03-02 02:00:00"):  # Monday 10:00 Shanghai
            order = self._released_order()
        with freeze_time(self._shanghai(2026, 3, 2, 15, 30)):
            self.env.ref(
                "order_tracking.ir_cron_order_milestone_lateness"
            ).method_direct_trigger()
            # production planned is done late; production done is still open
            self._milestone(
                order, "production_planned"
            ).sudo().date_actual = self._shanghai(2026, 3, 2, 15, 30)
        late_done = self._milestone(order, "production_planned")
        late_open = self._milestone(order, "production_done")
        self.assertEqual((late_done.state, late_open.state), ("done", "late"))
        groups = self._filter_groups()
        group_of = {name: i for i, group in enumerate(groups) for name in group}
        self.assertNotEqual(group_of["open"], group_of["late"])
        mine = self.Milestone.search([("order_id", "=", order.id)])
        opened = self._search_with("open") & mine
        late = self._search_with("late") & mine
        both = self._search_with("open", "late") & mine
        self.assertEqual(late, late_done | late_open)
        self.assertEqual(both, late_open, "late narrows the open ones")
        self.assertLess(len(both), len(opened))

    def test_closed_order_shows_no_open_milestone_or_allocation(self):
        with freeze_time("2026-03-02 02:00:00"):
            order = self._released_order()
        with freeze_time(self._shanghai(2026, 3, 2, 15, 30)):
            self.env.ref(
                "order_tracking.ir_cron_order_milestone_lateness"
            ).method_direct_trigger()
        self.assertTrue(order.milestone_ids.filtered("late_activity_id"))
        self.assertTrue(order.allocation_ids.filtered(lambda a: a.state == "todo"))
        closure = (
            self.env["order.closure.request"]
            .with_user(self.clerk)
            .create({"order_id": order.id, "reason": "cancelled"})
        )
        closure.action_submit()
        closure.with_user(self.head).action_approve()
        self.assertTrue(order.order_closed)
        # 12 milestones, the release one done: 11 closed with the order
        self.assertEqual(len(order.milestone_ids), 12)
        self.assertEqual(order.milestone_ids.mapped("state").count("closed"), 11)
        self.assertFalse(self._search_with("open") & order.milestone_ids)
        self.assertFalse(self._search_with("open_orders") & order.milestone_ids)
        self.assertEqual(set(order.allocation_ids.mapped("state")), {"cancelled"})
        activities = self.env["mail.activity"].search(
            [
                "|",
                "&",
                ("res_model", "=", "order.allocation"),
                ("res_id", "in", order.allocation_ids.ids),
                "&",
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
            ]
        )
        left = activities.filtered(
            lambda a: (
                a.res_model == "order.allocation"
                or a.activity_type_id == self.env.ref(LATE_ACTIVITY)
            )
        )
        self.assertFalse(
            left, [(a.res_model, a.activity_type_id.name, a.summary) for a in left]
        )
        # the lateness cron leaves it alone
        with freeze_time(self._shanghai(2026, 3, 9, 10, 0)):
            self.env.ref(
                "order_tracking.ir_cron_order_milestone_lateness"
            ).method_direct_trigger()
        self.assertFalse(order.milestone_ids.filtered("late_activity_id"))

    def test_table_by_order_first_and_flat_list_second(self):
        action = self.env.ref("order_tracking.order_milestone_action")
        by_order = self.env.ref("order_tracking.order_milestone_view_list_by_order")
        self.assertEqual(action.view_id, by_order)
        arch = etree.fromstring(
            self.Milestone.get_views([(by_order.id, "list")])["views"]["list"]["arch"]
        )
        self.assertEqual(arch.get("default_group_by"), "order_id")
        self.assertEqual(arch.get("expand"), "1")
        self.assertEqual(safe_eval(action.context), {"search_default_follow_up": 1})
        flat = self.env.ref("order_tracking.order_milestone_action_flat")
        self.assertEqual(
            flat.view_id, self.env.ref("order_tracking.order_milestone_view_list")
        )
        self.assertTrue(
            self.env.ref("order_tracking.order_milestone_flat_menu").action == flat
        )

    def test_opens_on_orders_late_or_due_soon_every_open_order_one_click_away(self):
        now = fields.Datetime.now()
        orders = {}
        for name, first_due in (
            ("late", now - timedelta(hours=2)),
            ("due soon", now + timedelta(days=2)),
            ("due later", now + timedelta(days=5)),
        ):
            # released three hours ago: the late one's first milestone was due
            # after its release and before now (released "now", it could
            # fall in the same second as now and not be late yet)
            with freeze_time(now - timedelta(hours=3)):
                order = self._released_order()
            order.milestone_ids.filtered(lambda m: not m.date_actual).sudo().write(
                {"date_planned": first_due + timedelta(days=10)}
            )
            self._milestone(order, "production_planned").sudo().write(
                {"date_planned": max(first_due, order.released_datetime)}
            )
            orders[name] = order
        # the lateness cron flags the late one
        self.env.ref(
            "order_tracking.ir_cron_order_milestone_lateness"
        ).method_direct_trigger()
        late = self._milestone(orders["late"], "production_planned")
        self.assertEqual(late.state, "late")
        mine = self.Milestone.search(
            [("order_id", "in", [o.id for o in orders.values()])]
        )
        # whole orders, done milestones too: the regulation's table of each
        self.assertEqual(
            self._search_with("follow_up") & mine,
            orders["late"].milestone_ids | orders["due soon"].milestone_ids,
        )
        # "Orders Being Tracked" is in the same group: with it, every open order
        groups = self._filter_groups()
        group_of = {name: i for i, group in enumerate(groups) for name in group}
        self.assertEqual(group_of["follow_up"], group_of["open_orders"])
        self.assertEqual(self._search_with("follow_up", "open_orders") & mine, mine)

    def test_smart_button_says_done_of_all(self):
        order = self._released_order()
        self.assertEqual((order.milestone_done_count, order.milestone_count), (1, 12))
        self._milestone(
            order, "production_planned"
        ).sudo().date_actual = order.released_datetime
        self.assertEqual((order.milestone_done_count, order.milestone_count), (2, 12))
        arch = etree.fromstring(
            order.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [button] = arch.xpath("//button[@name='action_view_tracking']")
        self.assertEqual(
            [f.get("name") for f in button.iter("field")],
            ["milestone_done_count", "milestone_count"],
        )
        self.assertIn("Tracking", "".join(button.itertext()))
