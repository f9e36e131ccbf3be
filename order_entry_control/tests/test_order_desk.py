# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Order Desk (订单台): each card counts what its user may read, opens the
list behind it, and puts urgent steps first."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import OrderControlFixtures

# Wednesday 2 December 2026, 10:00 in Shanghai (a working day, before the cutoff)
WEDNESDAY_10 = "2026-12-02 02:00:00"
# Thursday 3 December 2026, 10:00 in Shanghai
THURSDAY_10 = "2026-12-03 02:00:00"


@tagged("post_install", "-at_install")
class TestOrderDesk(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.cards = cls.env["order.desk.card"].search([])
        cls.card = {card.kind: card for card in cls.cards}

    def _figures(self, user, kind):
        card = self.card[kind].with_user(user)
        card.invalidate_recordset()
        return card.count, card.late_count

    def _entered(self, **vals):
        return self._create_order(
            received_datetime=self._shanghai(2026, 12, 2, 9, 30), **vals
        )

    def test_cards_of_the_day(self):
        with freeze_time(WEDNESDAY_10):
            urgent = self._submit(self._entered(priority="1"))
            normal = self._submit(self._entered())
            draft = self._entered()
            # received yesterday after the 16:00 cutoff: today's business
            self._create_order(received_datetime=self._shanghai(2026, 12, 1, 16, 30))
            # received on Monday: Monday's business
            self._create_order(received_datetime=self._shanghai(2026, 11, 30, 10, 0))
            # today's orders: four, by review status
            self.assertEqual(self._figures(self.clerk, "today_orders")[0], 4)
            detail = self.card["today_orders"].with_user(self.clerk).detail
            self.assertIn("To Review 2", detail)
            self.assertIn("Draft 2", detail)
            # the reviewer's queue holds both submitted orders, none late yet
            self.assertEqual(self._figures(self.reviewer, "my_queue"), (2, 0))
            # the clerk who submitted them decides none of them
            self.assertEqual(self._figures(self.clerk, "my_queue"), (0, 0))
            # first-review steps last 2 working hours: due at 12:00 today
            self.assertEqual(self._figures(self.manager, "steps_due")[0], 2)
            self.assertEqual(self._figures(self.manager, "to_release")[0], 0)
            self._approve_fully(normal)
            self.assertEqual(self._figures(self.manager, "to_release")[0], 1)
        self.assertTrue(draft)
        with freeze_time(THURSDAY_10):
            self.env["order.review"]._cron_check_sla()
            # the urgent order's first review is now late
            self.assertEqual(self._figures(self.reviewer, "my_queue"), (1, 1))
            action = self.card["my_queue"].with_user(self.reviewer).action_open_late()
            late = (
                self.env["order.review"]
                .with_user(self.reviewer)
                .search(action["domain"])
            )
            self.assertEqual(late.order_id, urgent)

    def test_my_queue_puts_urgent_orders_first(self):
        with freeze_time(WEDNESDAY_10):
            first = self._submit(self._entered())
            second = self._submit(self._entered())
            urgent = self._submit(self._entered(priority="2"))
        action = self.card["my_queue"].with_user(self.reviewer).action_open()
        view_id = action["views"][0][0]
        arch = (
            self.env["order.review"]
            .with_user(self.reviewer)
            .get_views([(view_id, "list")])["views"]["list"]["arch"]
        )
        order = etree.fromstring(arch).get("default_order")
        queue = (
            self.env["order.review"]
            .with_user(self.reviewer)
            .search(action["domain"], order=order)
        )
        # the very urgent order entered last comes first, then by deadline
        self.assertEqual(queue.order_id.ids, [urgent.id, first.id, second.id])

    def test_urgent_orders_get_a_share_of_the_time(self):
        self.company.order_urgent_sla_factor = 0.5
        with freeze_time(WEDNESDAY_10):
            urgent = self._submit(self._entered(priority="1"))
            normal = self._submit(self._entered())
        # review: 2 working hours, half of it for the urgent order
        self.assertEqual(
            urgent.current_review_id.deadline, self._shanghai(2026, 12, 2, 11, 0)
        )
        self.assertEqual(
            normal.current_review_id.deadline, self._shanghai(2026, 12, 2, 12, 0)
        )
        with self.assertRefused(ValidationError, "between 0.05 and 1"):
            self.company.order_urgent_sla_factor = 0
        with self.assertRefused(ValidationError, "between 0.05 and 1"):
            self.company.order_urgent_sla_factor = 1.5

    def test_figures_follow_the_record_rules(self):
        rep = new_test_user(
            self.env,
            login="oc_rep",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with freeze_time(WEDNESDAY_10):
            self._entered()
            self._create_order(
                user=self.manager,
                user_id=rep.id,
                received_datetime=self._shanghai(2026, 12, 2, 9, 30),
            )
            # the clerk's orders are the clerk's; the rep sees only the rep's
            self.assertEqual(self._figures(rep, "today_orders")[0], 1)
            self.assertEqual(self._figures(self.manager, "today_orders")[0], 2)

    def test_cost_does_not_grow_with_orders(self):
        def cost():
            cards = self.cards.with_user(self.manager)
            self.env.flush_all()
            cards.invalidate_recordset()
            before = self.env.cr.sql_log_count
            cards.read(["count", "late_count", "detail"])
            return self.env.cr.sql_log_count - before

        with freeze_time(WEDNESDAY_10):
            self._submit(self._entered())
            cost()  # warm the caches
            one = cost()
            for _i in range(5):
                self._submit(self._entered())
            cost()
            self.assertEqual(cost(), one)

    def test_only_managers_configure_the_desk(self):
        card = self.card["today_orders"]
        with self.assertRefused(AccessError, "not allowed to modify"):
            card.with_user(self.approver).write({"name": "Mine"})
        card.with_user(self.manager).write({"active": False})
        self.assertNotIn(
            card, self.env["order.desk.card"].with_user(self.clerk).search([])
        )

    def test_cards_of_another_company_are_not_shown(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        card = self.card["to_release"].copy({"company_id": other.id})
        self.assertNotIn(
            card, self.env["order.desk.card"].with_user(self.clerk).search([])
        )
