# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races between two real database transactions, in two threads.

The fixtures are committed through their own cursor (a race needs two
transactions that see the same data), in a company of their own, and the
orders are cancelled afterwards. The test database is thrown away after the
run.
"""

import threading
import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.api import Transaction
from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestRaces(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": f"Race Co {tag}"})
            company.write(
                {"order_control_enabled": True, "order_reservation_mode": "submission"}
            )
            users = {}
            for login, group in (
                ("clerk", "order_entry_control.group_order_entry_clerk"),
                ("reviewer", "order_entry_control.group_order_reviewer"),
                ("reviewer2", "order_entry_control.group_order_reviewer"),
                ("approver", "order_entry_control.group_order_approver"),
                ("approver2", "order_entry_control.group_order_approver"),
            ):
                users[login] = new_test_user(
                    env,
                    login=f"race_{login}_{tag}",
                    groups=f"base.group_user,{group}",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                ).id
            customer = env["res.partner"].create(
                {
                    "name": "Race Customer Trading Co.",
                    "is_company": True,
                    "street": "1 Race Road",
                    "city": "Hangzhou",
                    "email": "buyer@race.example.com",
                }
            )
            env["res.partner"].create(
                {"name": "Buyer", "parent_id": customer.id, "phone": "+86 571 0000"}
            )
            product = env["product.product"].create(
                {
                    "name": f"Last units {tag}",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": False,
                    "company_id": company.id,
                }
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 5.0
            )
            # C to F only race on review steps: a service keeps their stock apart
            service = env["product.product"].create(
                {"name": f"Assembly {tag}", "type": "service", "list_price": 10.0}
            )
            orders = env["sale.order"]
            for ref in "ABCDEF":
                order = (
                    env["sale.order"]
                    .with_user(users["clerk"])
                    .with_company(company)
                    .create(
                        {
                            "partner_id": customer.id,
                            "company_id": company.id,
                            "client_order_ref": f"{ref}-{tag}",
                            # received by phone a quarter of an hour earlier
                            "received_datetime": fields.Datetime.now()
                            - timedelta(minutes=15),
                            "commitment_date": fields.Datetime.now()
                            + timedelta(days=20),
                            "order_line": [
                                Command.create(
                                    {
                                        "product_id": (
                                            product if ref in "AB" else service
                                        ).id,
                                        "product_uom_qty": 5,
                                    }
                                )
                            ],
                        }
                    )
                )
                order.customer_stated_total = order.amount_total
                orders |= order
            cls.company_id = company.id
            cls.users = users
            cls.product_id = product.id
            cls.stock_id = warehouse.lot_stock_id.id
            cls.order_ids = orders.ids

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(cls.order_ids)
            orders.filtered(lambda o: o.state != "cancel").with_context(
                disable_cancel_warning=True
            ).action_cancel()
            # committed data: archive the company and its users, so that later
            # tests see one company (shared configuration is edited by a
            # manager of every active company)
            env["res.users"].browse(list(cls.users.values())).active = False
            env["res.company"].browse(cls.company_id).active = False
        super().tearDownClass()

    def _env(self, cr, uid):
        """An environment on ``cr`` built without taking the registry lock,
        which Odoo's test runner holds while the tests run."""
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, uid, {})

    def _race(self, first, second):
        """Run two callables in two transactions at the same moment.

        Each runs the way Odoo runs a request: retried on serialization
        failures, committed at the end, rolled back on error. Returns what
        each returned or raised.
        """
        barrier = threading.Barrier(2, timeout=30)
        results = {}

        def run(key, uid, func):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr, uid)
                    barrier.wait()
                    try:
                        results[key] = retrying(lambda: func(env), env)
                    except Exception as error:  # noqa: BLE001 - for the test
                        cr.rollback()
                        results[key] = error
            except Exception as error:  # noqa: BLE001 - for the test
                results.setdefault(key, error)

        threads = [
            threading.Thread(target=run, args=("first", *first)),
            threading.Thread(target=run, args=("second", *second)),
        ]
        # Odoo's test runner holds the registry lock while tests run; the
        # threads' requests need it too (as the test mode of HttpCase does).
        saved, Registry._lock = Registry._lock, DummyRLock()
        # the loser's serialization failure is logged by Odoo, then retried
        try:
            with mute_logger("odoo.sql_db", "odoo.service.model"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(120)
        finally:
            Registry._lock = saved
        return results.get("first"), results.get("second")

    def _read(self, func):
        with self.registry.cursor() as cr:
            return func(self._env(cr, SUPERUSER_ID))

    def test_two_submissions_never_reserve_the_same_last_units(self):
        order_a, order_b = self.order_ids[:2]
        clerk = self.users["clerk"]

        def submit(order_id):
            return lambda env: env["sale.order"].browse(order_id).action_submit_review()

        first, second = self._race((clerk, submit(order_a)), (clerk, submit(order_b)))
        self.assertIs(first, True)
        self.assertIs(second, True)

        def state(env):
            reservations = env["order.stock.reservation"].search(
                [("order_id", "in", [order_a, order_b]), ("state", "=", "active")]
            )
            quants = env["stock.quant"].search(
                [
                    ("product_id", "=", self.product_id),
                    ("location_id", "=", self.stock_id),
                ]
            )
            return (
                sorted(reservations.mapped("reserved_qty")),
                sum(quants.mapped("reserved_quantity")),
                sum(quants.mapped("quantity")),
            )

        reserved, quant_reserved, quant_qty = self._read(state)
        # exactly one order got the five units, the other none (and a shortfall)
        self.assertEqual(reserved, [0.0, 5.0])
        self.assertEqual(quant_reserved, 5.0)
        self.assertLessEqual(quant_reserved, quant_qty)

    def _submitted(self, index):
        """Order ``index`` submitted (committed), and a pass-review action on it."""
        order_id = self.order_ids[index]
        with self.registry.cursor() as cr:
            env = self._env(cr, self.users["clerk"])
            env["sale.order"].browse(order_id).action_submit_review()

        def pass_review(env):
            return env["sale.order"].browse(order_id).action_review_pass()

        return order_id, pass_review

    def test_double_approval_decides_the_step_once(self):
        order_id, pass_review = self._submitted(2)
        reviewer, reviewer2 = self.users["reviewer"], self.users["reviewer2"]

        first, second = self._race((reviewer, pass_review), (reviewer2, pass_review))
        outcomes = [first, second]
        self.assertEqual(outcomes.count(True), 1, outcomes)
        loser = next(o for o in outcomes if o is not True)
        # the loser saw the step already decided: a clear refusal, not a crash
        self.assertIsInstance(loser, (UserError, AccessError))

        def reviews(env):
            order = env["sale.order"].browse(order_id)
            first_step = order.review_ids.sorted("sequence")[0]
            return order.review_state, first_step.state, first_step.decided_by_id.id

        review_state, step_state, decided_by = self._read(reviews)
        self.assertEqual(review_state, "to_approve")
        self.assertEqual(step_state, "done")
        self.assertIn(decided_by, (reviewer, reviewer2))

    def test_approve_against_reject(self):
        order_id, pass_review = self._submitted(3)
        reviewer, reviewer2 = self.users["reviewer"], self.users["reviewer2"]

        def reject(env):
            return env["sale.order"].browse(order_id).action_reject(reason="Too late")

        first, second = self._race((reviewer, pass_review), (reviewer2, reject))
        self.assertEqual([first, second].count(True), 1, [first, second])

        def state(env):
            order = env["sale.order"].browse(order_id)
            decided = order.review_ids.filtered(lambda r: r.decided_on)
            return order.review_state, len(decided)

        review_state, decided = self._read(state)
        self.assertIn(review_state, ("to_approve", "rejected"))
        self.assertEqual(decided, 1, "one decision only, nothing half-written")

    def test_double_submission_submits_once(self):
        order_id = self.order_ids[4]
        clerk = self.users["clerk"]

        def submit(env):
            return env["sale.order"].browse(order_id).action_submit_review()

        first, second = self._race((clerk, submit), (clerk, submit))
        outcomes = [first, second]
        self.assertEqual(outcomes.count(True), 1, outcomes)
        loser = next(o for o in outcomes if o is not True)
        self.assertIsInstance(loser, UserError)
        self.assertRegex(str(loser), "already been submitted")

        def state(env):
            order = env["sale.order"].browse(order_id)
            return (
                order.review_state,
                order.review_round,
                len(order.review_ids),
                len(order.review_ids.filtered(lambda r: r.state == "pending")),
                len(order.review_ids.step_id),
            )

        review_state, round_number, steps, pending, distinct = self._read(state)
        self.assertEqual(review_state, "to_review")
        self.assertEqual(round_number, 1)
        self.assertEqual(pending, 1)
        self.assertEqual(steps, distinct, "each step created once, not twice")

    def test_double_final_approval(self):
        order_id, pass_review = self._submitted(5)
        with self.registry.cursor() as cr:
            pass_review(self._env(cr, self.users["reviewer"]))
        approver, approver2 = self.users["approver"], self.users["approver2"]

        def approve(env):
            return env["sale.order"].browse(order_id).action_approve()

        first, second = self._race((approver, approve), (approver2, approve))
        outcomes = [first, second]
        self.assertEqual(outcomes.count(True), 1, outcomes)
        loser = next(o for o in outcomes if o is not True)
        self.assertIsInstance(loser, UserError)  # AccessError is a UserError

        def state(env):
            order = env["sale.order"].browse(order_id)
            approvals = order.review_ids.filtered(lambda r: r.step_type == "approval")
            return (
                order.review_state,
                order.approved_by_id.id,
                approvals.mapped("state"),
                approvals.decided_by_id.ids,
            )

        review_state, approved_by, states, deciders = self._read(state)
        self.assertEqual(review_state, "approved")
        self.assertIn(approved_by, (approver, approver2))
        self.assertEqual(states, ["done"])
        self.assertEqual(deciders, [approved_by], "decided once, by the winner")
