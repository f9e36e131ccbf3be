# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races between two real database transactions, in two threads (see
``race_common``)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .race_common import RaceCase


@tagged("post_install", "-at_install")
class TestRaces(RaceCase):
    race_company_values = {"order_reservation_mode": "submission"}
    race_roles = (
        ("clerk", "order_entry_control.group_order_entry_clerk"),
        ("reviewer", "order_entry_control.group_order_reviewer"),
        ("reviewer2", "order_entry_control.group_order_reviewer"),
        ("approver", "order_entry_control.group_order_approver"),
        ("approver2", "order_entry_control.group_order_approver"),
    )

    @classmethod
    def _race_setup(cls, env, company, users, customer, tag):
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
        for ref in "ABCDEF":
            order = cls._race_order(
                env,
                users["clerk"],
                customer,
                [(product if ref in "AB" else service, 5)],
            )
            order.client_order_ref = f"{ref}-{tag}"
        cls.product_id = product.id
        cls.stock_id = warehouse.lot_stock_id.id
        cls.order_ids = list(cls.race_order_ids)

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
