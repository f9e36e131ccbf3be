# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races in two real transactions (see order_entry_control's ``race_common``):
two change requests of one order applied at the same moment are applied one
after the other, never interleaved; two orders released at once take two
trackers in turn."""

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.order_entry_control.tests.race_common import RaceCase


@tagged("post_install", "-at_install")
class TestChangeRace(RaceCase):
    race_company_name = "Change Race"
    race_company_values = {"order_reservation_mode": "never"}
    race_roles = (
        ("clerk", "order_entry_control.group_order_entry_clerk"),
        ("reviewer", "order_entry_control.group_order_reviewer"),
        ("approver", "order_entry_control.group_order_approver"),
        ("head", "order_tracking.group_order_department_head"),
        ("head2", "order_tracking.group_order_department_head"),
    )

    @classmethod
    def _race_setup(cls, env, company, users, customer, tag):
        products = env["product.product"].create(
            [
                {
                    "name": f"{name} {tag}",
                    "type": "consu",
                    "list_price": 10.0,
                    "taxes_id": False,
                    "company_id": company.id,
                }
                for name in ("Panel", "Frame")
            ]
        )
        order = cls._race_order(
            env, users["clerk"], customer, [(p, 5) for p in products]
        )
        order.action_submit_review()
        order.with_user(users["reviewer"]).action_review_pass()
        order.with_user(users["approver"]).action_approve()
        order.action_confirm()
        requests = env["order.change.request"]
        for line, qty in zip(order.order_line, (7, 9), strict=True):
            request = (
                env["order.change.request"]
                .with_user(users["clerk"])
                .create(
                    {
                        "order_id": order.id,
                        "reason": "More needed",
                        "line_ids": [
                            Command.create({"sale_line_id": line.id, "new_qty": qty})
                        ],
                    }
                )
            )
            request.action_submit()
            request.with_user(users["head"]).write(
                {
                    "owner_id": users["head2"].id,
                    "date_deadline": fields.Datetime.now(),
                }
            )
            request.with_user(users["head"]).action_approve()
            requests |= request
        # an approved quotation, not yet released, with an approved change
        quotation = cls._race_order(env, users["clerk"], customer, [(products[0], 5)])
        quotation.action_submit_review()
        quotation.with_user(users["reviewer"]).action_review_pass()
        quotation.with_user(users["approver"]).action_approve()
        change = (
            env["order.change.request"]
            .with_user(users["clerk"])
            .create(
                {
                    "order_id": quotation.id,
                    "reason": "Two more",
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": quotation.order_line.id,
                                "new_qty": 7,
                            }
                        )
                    ],
                }
            )
        )
        change.action_submit()
        change.with_user(users["head"]).write(
            {
                "owner_id": users["head2"].id,
                "date_deadline": fields.Datetime.now(),
            }
        )
        change.with_user(users["head"]).action_approve()
        cls.quotation_id = quotation.id
        cls.change_id = change.id
        cls.order_id = order.id
        cls.request_ids = requests.ids
        cls.line_ids = order.order_line.ids

    def test_two_changes_applied_at_once_are_serialized(self):
        first_id, second_id = self.request_ids
        owner = self.users["head2"]

        def apply(request_id):
            return lambda env: (
                env["order.change.request"].browse(request_id).action_apply()
            )

        first, second = self._race((owner, apply(first_id)), (owner, apply(second_id)))
        self.assertIs(first, True)
        self.assertIs(second, True)

        def state(env):
            order = env["sale.order"].browse(self.order_id)
            revisions = order.revision_ids.sorted("revision")
            return (
                order.order_revision,
                order.order_line.sorted("id").mapped("product_uom_qty"),
                [
                    (r.revision, r.change_request_id.id, r.snapshot["lines"])
                    for r in revisions
                ],
                env["order.change.request"].browse(self.request_ids).mapped("state"),
            )

        revision, quantities, revisions, states = self._read(state)
        self.assertEqual(revision, 2)
        self.assertEqual(quantities, [7, 9])
        self.assertEqual(states, ["applied", "applied"])
        self.assertEqual([r[0] for r in revisions], [1, 2])
        # the second revision saw the first change already applied: no interleaving
        first_applied = revisions[0][1]
        changed_by_first = self.line_ids[self.request_ids.index(first_applied)]
        before_second = {x["id"]: x["qty"] for x in revisions[1][2]}
        self.assertEqual(
            before_second[changed_by_first], 7 if first_applied == first_id else 9
        )

    def test_change_against_confirmation(self):
        """Applying a change while the order is being confirmed: the two run
        one after the other, and the delivery always carries the new quantity."""
        owner, clerk = self.users["head2"], self.users["clerk"]

        def apply(env):
            return env["order.change.request"].browse(self.change_id).action_apply()

        def confirm(env):
            return env["sale.order"].browse(self.quotation_id).action_confirm()

        first, second = self._race((owner, apply), (clerk, confirm))
        self.assertIs(first, True)
        self.assertIs(second, True)

        def state(env):
            order = env["sale.order"].browse(self.quotation_id)
            moves = order.order_line.move_ids.filtered(lambda m: m.state != "cancel")
            return (
                order.state,
                order.order_line.product_uom_qty,
                sum(moves.mapped("product_uom_qty")),
                order.order_revision,
                env["order.change.request"].browse(self.change_id).state,
            )

        self.assertEqual(self._read(state), ("sale", 7, 7, 1, "applied"))


@tagged("post_install", "-at_install")
class TestTrackerRace(RaceCase):
    """Two orders released at the same moment, in two real transactions, by
    the rotation: each gets its own tracker (the company's row lock)."""

    race_company_name = "Tracker Race"
    race_company_values = {
        "order_reservation_mode": "never",
        "order_tracker_rule": "rotation",
    }
    race_roles = (
        ("clerk", "order_entry_control.group_order_entry_clerk"),
        ("reviewer", "order_entry_control.group_order_reviewer"),
        ("approver", "order_entry_control.group_order_approver"),
        ("tracker1", "order_tracking.group_order_tracker"),
        ("tracker2", "order_tracking.group_order_tracker"),
    )

    @classmethod
    def _race_setup(cls, env, company, users, customer, tag):
        product = env["product.product"].create(
            {
                "name": f"Panel {tag}",
                "type": "consu",
                "list_price": 10.0,
                "taxes_id": False,
                "company_id": company.id,
            }
        )
        for _i in range(2):
            order = cls._race_order(env, users["clerk"], customer, [(product, 5)])
            order.action_submit_review()
            order.with_user(users["reviewer"]).action_review_pass()
            order.with_user(users["approver"]).action_approve()
        cls.order_ids = list(cls.race_order_ids)

    def test_two_releases_at_once_take_two_trackers_in_turn(self):
        clerk = self.users["clerk"]

        def release(order_id):
            return lambda env: env["sale.order"].browse(order_id).action_confirm()

        first, second = self._race(
            (clerk, release(self.order_ids[0])), (clerk, release(self.order_ids[1]))
        )
        self.assertIs(first, True)
        self.assertIs(second, True)

        def state(env):
            orders = env["sale.order"].browse(self.order_ids)
            return (
                orders.mapped("state"),
                sorted(orders.tracker_id.ids),
                env["res.company"].browse(self.company_id).order_tracker_last_id.id,
            )

        states, trackers, last = self._read(state)
        self.assertEqual(states, ["sale", "sale"])
        # one each, never the same "next" person twice
        self.assertEqual(
            trackers, sorted([self.users["tracker1"], self.users["tracker2"]])
        )
        self.assertEqual(last, self.users["tracker2"])
