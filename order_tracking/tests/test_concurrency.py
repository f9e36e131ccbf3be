# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two change requests of one order applied at the same moment, in two real
transactions: they are applied one after the other, never interleaved."""

import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name

from odoo.addons.order_entry_control import INTERNAL
from odoo.addons.order_entry_control.tests import test_concurrency


@tagged("post_install", "-at_install")
class TestChangeRace(BaseCase):
    _env = test_concurrency.TestRaces._env
    _race = test_concurrency.TestRaces._race
    _read = test_concurrency.TestRaces._read

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": f"Change Race {tag}"})
            company.write(
                {"order_control_enabled": True, "order_reservation_mode": "never"}
            )
            users = {}
            for login, group in (
                ("clerk", "order_entry_control.group_order_entry_clerk"),
                ("reviewer", "order_entry_control.group_order_reviewer"),
                ("approver", "order_entry_control.group_order_approver"),
                ("head", "order_tracking.group_order_department_head"),
                ("head2", "order_tracking.group_order_department_head"),
            ):
                users[login] = new_test_user(
                    env,
                    login=f"chg_{login}_{tag}",
                    groups=f"base.group_user,{group}",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
            customer = env["res.partner"].create(
                {
                    "name": "Change Race Trading Co.",
                    "is_company": True,
                    "street": "2 Race Road",
                    "city": "Suzhou",
                    "email": "buyer@chg.example.com",
                }
            )
            env["res.partner"].create(
                {"name": "Buyer", "parent_id": customer.id, "phone": "+86 512 0000"}
            )
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
            order = (
                env["sale.order"]
                .with_user(users["clerk"])
                .with_company(company)
                .create(
                    {
                        "partner_id": customer.id,
                        "received_datetime": fields.Datetime.now()
                        - timedelta(minutes=15),
                        "company_id": company.id,
                        "commitment_date": fields.Datetime.now() + timedelta(days=20),
                        "order_line": [
                            Command.create({"product_id": p.id, "product_uom_qty": 5})
                            for p in products
                        ],
                    }
                )
            )
            order.customer_stated_total = order.amount_total
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
                                Command.create(
                                    {"sale_line_id": line.id, "new_qty": qty}
                                )
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
            quotation = (
                env["sale.order"]
                .with_user(users["clerk"])
                .with_company(company)
                .create(
                    {
                        "partner_id": customer.id,
                        "received_datetime": fields.Datetime.now()
                        - timedelta(minutes=15),
                        "company_id": company.id,
                        "commitment_date": fields.Datetime.now() + timedelta(days=20),
                        "order_line": [
                            Command.create(
                                {"product_id": products[0].id, "product_uom_qty": 5}
                            )
                        ],
                    }
                )
            )
            quotation.customer_stated_total = quotation.amount_total
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
            cls.users = {k: v.id for k, v in users.items()}
            cls.company_id = company.id
            cls.order_id = order.id
            cls.request_ids = requests.ids
            cls.line_ids = order.order_line.ids

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sale.order"].browse([cls.order_id, cls.quotation_id]).with_context(
                disable_cancel_warning=True, order_control_bypass_lock=INTERNAL
            ).action_cancel()
            # committed data: archive the company and its users, so that later
            # tests see one company (shared configuration is edited by a
            # manager of every active company)
            env["res.users"].browse(cls.users.values()).active = False
            env["res.company"].browse(cls.company_id).active = False
        super().tearDownClass()

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
class TestTrackerRace(BaseCase):
    """Two orders released at the same moment, in two real transactions, by
    the rotation: each gets its own tracker (the company's row lock)."""

    _env = test_concurrency.TestRaces._env
    _race = test_concurrency.TestRaces._race
    _read = test_concurrency.TestRaces._read

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": f"Tracker Race {tag}"})
            company.write(
                {
                    "order_control_enabled": True,
                    "order_reservation_mode": "never",
                    "order_tracker_rule": "rotation",
                }
            )
            users = {}
            for login, group in (
                ("clerk", "order_entry_control.group_order_entry_clerk"),
                ("reviewer", "order_entry_control.group_order_reviewer"),
                ("approver", "order_entry_control.group_order_approver"),
                ("tracker1", "order_tracking.group_order_tracker"),
                ("tracker2", "order_tracking.group_order_tracker"),
            ):
                users[login] = new_test_user(
                    env,
                    login=f"trk_{login}_{tag}",
                    groups=f"base.group_user,{group}",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
            customer = env["res.partner"].create(
                {
                    "name": "Tracker Race Trading Co.",
                    "is_company": True,
                    "street": "3 Race Road",
                    "city": "Suzhou",
                    "email": "buyer@trk.example.com",
                }
            )
            env["res.partner"].create(
                {"name": "Buyer", "parent_id": customer.id, "phone": "+86 512 0001"}
            )
            product = env["product.product"].create(
                {
                    "name": f"Panel {tag}",
                    "type": "consu",
                    "list_price": 10.0,
                    "taxes_id": False,
                    "company_id": company.id,
                }
            )
            orders = env["sale.order"]
            for _i in range(2):
                order = (
                    env["sale.order"]
                    .with_user(users["clerk"])
                    .with_company(company)
                    .create(
                        {
                            "partner_id": customer.id,
                            "received_datetime": fields.Datetime.now()
                            - timedelta(minutes=15),
                            "company_id": company.id,
                            "commitment_date": fields.Datetime.now()
                            + timedelta(days=20),
                            "order_line": [
                                Command.create(
                                    {"product_id": product.id, "product_uom_qty": 5}
                                )
                            ],
                        }
                    )
                )
                order.customer_stated_total = order.amount_total
                order.action_submit_review()
                order.with_user(users["reviewer"]).action_review_pass()
                order.with_user(users["approver"]).action_approve()
                orders |= order
            cls.users = {k: v.id for k, v in users.items()}
            cls.company_id = company.id
            cls.order_ids = orders.ids

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sale.order"].browse(cls.order_ids).with_context(
                disable_cancel_warning=True, order_control_bypass_lock=INTERNAL
            ).action_cancel()
            env["res.users"].browse(cls.users.values()).active = False
            env["res.company"].browse(cls.company_id).active = False
        super().tearDownClass()

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
