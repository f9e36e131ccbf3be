# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.order_tracking.tests.common import TrackingFixtures

from .common import AUDITOR, MONTH, TODAY, sh


@tagged("post_install", "-at_install")
class TestShippingAccuracy(TrackingFixtures, TransactionCase):
    """The warehouse's shipping accuracy: deliveries validated in the month
    without a return and without a "wrong goods" exception of their order
    raised after them, over the deliveries validated, on the scorecard of who
    validated them (its own Warehouse section)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(freeze_time(TODAY))
        cls._setup_tracking()
        cls.picker = new_test_user(
            cls.env,
            login="kpi_picker",
            groups="base.group_user,stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            name="KPI Picker",
            tz="Asia/Shanghai",
        )
        cls.auditor = new_test_user(
            cls.env,
            login="kpi_ship_auditor",
            groups=f"base.group_user,{AUDITOR}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        # the picker validates four deliveries in March, the storekeeper one
        # in March and one in April (Shanghai time)
        cls.o1 = cls._shipped(sh(2026, 3, 2, 10, 0), cls.picker)
        cls.o2 = cls._shipped(sh(2026, 3, 3, 10, 0), cls.picker)
        cls.o3 = cls._shipped(sh(2026, 3, 4, 10, 0), cls.picker)
        cls.o4 = cls._shipped(sh(2026, 3, 5, 10, 0), cls.picker)
        cls.o5 = cls._shipped(sh(2026, 3, 6, 10, 0), cls.storekeeper)
        cls.o6 = cls._shipped(sh(2026, 4, 1, 7, 0), cls.storekeeper)
        # the customer sends back o2's goods
        with freeze_time(sh(2026, 3, 9, 10, 0)):
            cls.return_o2 = cls._return(cls._done(cls.o2))
        cls.definition = cls.env.ref("order_kpi.order_kpi_definition_shipping_accuracy")

    @classmethod
    def _shipped(cls, moment, user):
        """A released order whose delivery ``user`` validated at ``moment``."""
        with freeze_time(moment):
            order = cls._released_order()
            picking = cls._delivery(order)
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.with_user(user).button_validate()
        return order

    @staticmethod
    def _done(order):
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )

    @classmethod
    def _return(cls, picking):
        wizard = (
            cls.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        return cls.env["stock.picking"].browse(action["res_id"])

    def _wrong_goods(self, order, moment, state=None):
        with freeze_time(moment):
            exception = self.env["order.exception"].create(
                {
                    "order_id": order.id,
                    "name": "M10 brackets shipped instead of M8",
                    "kind": "wrong_goods",
                    "user_id": self.tracker.id,
                }
            )
        # the ORM stamps create_date with the transaction's time, which the
        # frozen clock does not move: set when the exception was raised
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE order_exception SET create_date = %s WHERE id = %s",
                moment,
                exception.id,
            )
        )
        exception.invalidate_recordset(["create_date"])
        if state:
            exception.sudo().state = state
        return exception

    def _value(self, kind, who):
        stats = self.env["order.kpi.scorecard"]._order_kpi_stats(self.company, MONTH)
        key = (kind, who.id if who else False)
        return self.definition._kpi_value(stats.get(key, {}))

    def test_who_validated_each_delivery_is_recorded(self):
        self.assertEqual(self._done(self.o1).validated_by_id, self.picker)
        self.assertEqual(self._done(self.o5).validated_by_id, self.storekeeper)
        self.assertFalse(self.return_o2.validated_by_id, "not validated yet")

    def test_nobody_writes_who_validated(self):
        picking = self._done(self.o1)
        for user in (self.storekeeper, self.picker, self.manager):
            with self.subTest(user=user.login):
                with self.assertRefused(AccessError, "validated_by_id|Validated By"):
                    picking.with_user(user).write({"validated_by_id": self.clerk.id})
        self.assertEqual(picking.validated_by_id, self.picker)

    def test_four_deliveries_one_returned(self):
        # the picker: o1, o2, o3, o4 validated in March; o2 returned -> 3 of 4
        self.assertEqual(self._value("warehouse", self.picker), (75.0, 4))
        # the storekeeper: o5 in March (o6 is April's: 1 April 7:00 Shanghai)
        self.assertEqual(self._value("warehouse", self.storekeeper), (100.0, 1))
        # the company: 4 of 5
        self.assertEqual(self._value("company", None), (80.0, 5))

    def test_a_cancelled_return_does_not_count(self):
        self.return_o2.action_cancel()
        self.assertEqual(self._value("warehouse", self.picker), (100.0, 4))

    def test_wrong_goods_count_against_the_delivery(self):
        # o3's customer got the wrong goods (raised after its delivery): 2 of 4
        self._wrong_goods(self.o3, sh(2026, 3, 10, 9, 0))
        self.assertEqual(self._value("warehouse", self.picker), (50.0, 4))
        # a cancelled exception does not count; another kind does not count
        self._wrong_goods(self.o1, sh(2026, 3, 10, 9, 0), state="cancelled")
        self._wrong_goods(self.o4, sh(2026, 3, 10, 9, 0)).kind = "quality"
        self.assertEqual(self._value("warehouse", self.picker), (50.0, 4))

    def test_wrong_goods_raised_before_a_delivery_do_not_count_against_it(self):
        """The delivery that replaces wrong goods is validated after the
        exception: it is not wrong itself."""
        self._wrong_goods(self.o5, sh(2026, 3, 6, 9, 0))
        self.assertEqual(self._value("warehouse", self.storekeeper), (100.0, 1))

    def test_the_warehouse_scorecard(self):
        self._wrong_goods(self.o3, sh(2026, 3, 10, 9, 0))
        Scorecard = self.env["order.kpi.scorecard"].with_user(self.auditor)
        Scorecard._order_kpi_compute_month(self.company, MONTH)
        cards = {
            card.user_id: card
            for card in self.env["order.kpi.scorecard"].search(
                [("month", "=", MONTH), ("scope", "=", "user")]
            )
        }
        picker, storekeeper = cards[self.picker], cards[self.storekeeper]
        self.assertEqual(picker.line_ids.mapped("role"), ["warehouse"])
        self.assertEqual(
            (picker.line_ids.value, picker.line_ids.sample_count), (50.0, 4)
        )
        # 50 % is below "zero at 80": 0 points; the only role -> KPI score 0
        self.assertEqual(picker.line_ids.area_score, 0)
        self.assertEqual(
            (picker.warehouse_score, picker.base_score, picker.band), (0, 0, "fail")
        )
        self.assertEqual(picker.bonus_percent, 0.0)
        # 100 % (target 99): 10 points -> 100, excellent, full bonus
        self.assertEqual(
            (storekeeper.warehouse_score, storekeeper.total_score, storekeeper.band),
            (100.0, 100.0, "excellent"),
        )
        self.assertEqual(storekeeper.bonus_percent, 100.0)
        self.assertEqual(
            (storekeeper.clerk_score, storekeeper.tracker_score), (0.0, 0.0)
        )
