# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Third round of the RPC review (DESIGN, principle 10): a user's own defaults
(``ir.default``), the lines of an order under review, and the stock moves
that hold a quotation's reservation, tried by an ordinary login."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OrderControlFixtures

QUIET = ("odoo.models", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestUserDefaultsForgeNothing(OrderControlFixtures, TransactionCase):
    """Any internal user may set their own defaults (``ir.default`` with
    ``user_id`` = themselves, as the web client's "Set Default" does): a
    default of a field the workflow owns is not taken."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _set_own_default(self, user, model, name, value):
        self.env["ir.default"].with_user(user).set(model, name, value, user_id=True)

    def test_a_user_default_of_an_owned_field_is_not_taken(self):
        forged = {
            "review_state": "approved",
            "state": "sale",
            "approved_by_id": self.approver.id,
            "submitted_by_id": self.approver.id,
            "released_by_id": self.approver.id,
        }
        for name, value in forged.items():
            self._set_own_default(self.clerk, "sale.order", name, value)
        Order = self.env["sale.order"].with_user(self.clerk)
        defaults = Order.default_get(list(forged))
        self.assertEqual(defaults.get("review_state"), "draft")
        self.assertEqual(defaults.get("state"), "draft")
        self.assertFalse(defaults.get("approved_by_id"))
        order = Order.create(self._order_vals())
        self.assertEqual(order.review_state, "draft")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.approved_by_id)
        self.assertFalse(order.submitted_by_id)
        self.assertFalse(order.released_by_id)
        with self.assertRefused(UserError, "cannot be confirmed before it is approved"):
            order.with_user(self.clerk).action_confirm()
        # a default of a field users edit is still taken, as in Odoo
        self._set_own_default(self.clerk, "sale.order", "entry_channel", "phone")
        vals = self._order_vals()
        del vals["entry_channel"]
        self.assertEqual(Order.create(vals).entry_channel, "phone")

    def test_a_user_default_of_an_owned_line_field_is_not_taken(self):
        self._set_own_default(self.clerk, "sale.order.line", "is_downpayment", True)
        order = self._create_order()
        self.assertFalse(order.order_line.is_downpayment)


@tagged("post_install", "-at_install")
class TestLinesOfAnOrderUnderReview(OrderControlFixtures, TransactionCase):
    """The lines of a submitted or approved order keep what was reviewed, by
    whatever door a client writes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.route = cls.env["stock.route"].create(
            {"name": "Drop from the back door", "sale_selectable": True}
        )

    @mute_logger(*QUIET)
    def test_route_of_a_line_is_frozen_under_review(self):
        order = self._submit(self._create_order())
        line = order.order_line.with_user(self.clerk)
        with self.assertRefused(UserError, "under review or approved"):
            line.write({"route_id": self.route.id})
        with self.assertRefused(UserError, "under review or approved"):
            order.with_user(self.clerk).write(
                {"order_line": [Command.update(line.id, {"route_id": self.route.id})]}
            )
        self._approve_fully(order)
        with self.assertRefused(UserError, "under review or approved"):
            line.write({"route_id": self.route.id})
        self.assertFalse(order.order_line.route_id)
        # a quotation being entered takes a route as in Odoo
        draft = self._create_order()
        draft.order_line.with_user(self.clerk).write({"route_id": self.route.id})
        self.assertEqual(draft.order_line.route_id, self.route)


@tagged("post_install", "-at_install")
class TestReservationMovesHold(OrderControlFixtures, TransactionCase):
    """The stock moves that hold a quotation's reservation are the
    reservation's: a salesperson (who may write stock moves and move lines in
    Odoo) does not unreserve them, shrink them or take their units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.company.order_reservation_mode = "submission"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.cement = cls._create_product("Cement 50 kg", 30.0, storable=True)
        cls.env["stock.quant"]._update_available_quantity(cls.cement, cls.stock, 10.0)
        cls.stock_user = new_test_user(
            cls.env,
            login="oc_stock_user_hold3",
            groups="base.group_user,stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _free(self):
        self.cement.invalidate_recordset()
        return self.cement.with_context(warehouse_id=self.warehouse.id).free_qty

    @mute_logger(*QUIET)
    def test_nobody_unreserves_or_shrinks_a_reservation_move(self):
        order = self._submit(self._create_order([(self.cement, 6)]))
        reservation = order.reservation_ids
        self.assertEqual(reservation.reserved_qty, 6.0)
        # 10 in stock, 6 held for the order
        self.assertEqual(self._free(), 4.0)
        move = reservation.move_id
        for user in (self.salesman, self.clerk, self.stock_user):
            Move = self.env["stock.move"].with_user(user)
            MoveLine = self.env["stock.move.line"].with_user(user)
            with self.assertRefused(UserError, "reservation of"):
                Move.browse(move.id).write({"quantity": 0.0})
            with self.assertRefused(UserError, "reservation of"):
                Move.browse(move.id).write({"product_uom_qty": 1.0})
            with self.assertRefused(UserError, "reservation of"):
                MoveLine.browse(move.move_line_ids.ids).unlink()
            with self.assertRefused(UserError, "reservation of"):
                MoveLine.browse(move.move_line_ids.ids).write({"quantity": 0.0})
            with self.assertRefused(UserError, "reservation of"):
                MoveLine.create(
                    {
                        "move_id": move.id,
                        "product_id": self.cement.id,
                        "quantity": 1.0,
                        "location_id": self.stock.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                )
        self.assertEqual(self._free(), 4.0)
        self.assertEqual(move.quantity, 6.0)
        # the order's own actions still end it: cancelling gives the units back
        order.with_user(self.clerk).action_cancel()
        self.assertEqual(reservation.state, "released")
        self.assertEqual(self._free(), 10.0)

    def test_a_client_s_skip_procurement_does_not_release_without_delivery(self):
        order = self._approve_fully(
            self._submit(self._create_order([(self.cement, 6)]))
        )
        reservation = order.reservation_ids
        # Odoo's own key, sent by the client with the confirmation
        order.with_user(self.clerk).with_context(skip_procurement=True).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(reservation.state, "consumed")
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.move_ids.product_uom_qty, 6.0)
        # the units handed over are the delivery's: 10 in stock, 6 for it
        self.assertEqual(delivery.move_ids.quantity, 6.0)
        self.assertEqual(self._free(), 4.0)


@tagged("post_install", "-at_install")
class TestTeamWebhookIsTheAdministrators(OrderControlFixtures, TransactionCase):
    """A team's custom group-chat webhook makes the server send to any address
    (its own ports, the local network): an Order Control manager who manages
    sales teams sets a WeCom or DingTalk robot, an administrator a custom one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.team_manager = new_test_user(
            cls.env,
            login="oc_team_manager_hold3",
            groups="base.group_user,sales_team.group_sale_manager,"
            "order_entry_control.group_order_control_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.admin = new_test_user(
            cls.env,
            login="oc_admin_hold3",
            groups="base.group_user,base.group_system,sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.team = cls.env["crm.team"].create({"name": "East China"})

    @mute_logger(*QUIET)
    def test_only_an_administrator_sets_a_custom_webhook(self):
        local = {
            "order_webhook_kind": "custom",
            "order_webhook_url": "http://127.0.0.1:8069/web/session/logout",
        }
        Team = self.env["crm.team"].with_user(self.team_manager)
        with self.assertRefused(AccessError, "Only an administrator"):
            Team.browse(self.team.id).write(local)
        with self.assertRefused(AccessError, "Only an administrator"):
            Team.create(dict(local, name="West China"))
        self.assertFalse(self.team.order_webhook_url)
        # the robots' kinds, whose host is fixed, are the manager's to set
        robot = {
            "order_webhook_kind": "wecom",
            "order_webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
            "?key=k",
        }
        Team.browse(self.team.id).write(robot)
        self.assertEqual(self.team.order_webhook_kind, "wecom")
        # an administrator points it anywhere; the manager then changes neither
        # its address nor, to an address of their own, its kind
        self.team.with_user(self.admin).write(local)
        self.assertEqual(self.team.order_webhook_url, local["order_webhook_url"])
        with self.assertRefused(AccessError, "Only an administrator"):
            Team.browse(self.team.id).write(
                {"order_webhook_url": "http://10.0.0.1/internal"}
            )
        # the team's other fields stay the manager's
        Team.browse(self.team.id).write({"name": "East China (Shanghai)"})
        self.assertEqual(self.team.name, "East China (Shanghai)")
