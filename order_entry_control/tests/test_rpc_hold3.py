# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Third round of the RPC review (DESIGN, principle 10): a user's own defaults
(``ir.default``), the lines of an order under review, and the stock moves
that hold a quotation's reservation, tried by an ordinary login."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
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
