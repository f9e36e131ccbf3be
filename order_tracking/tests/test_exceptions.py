# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures

# The risk matrix of the risk register, cell by cell (likelihood, impact).
EXPECTED = {
    ("high", "severe"): "high",
    ("high", "major"): "high",
    ("high", "general"): "medium",
    ("medium", "severe"): "high",
    ("medium", "major"): "medium",
    ("medium", "general"): "low",
    ("low", "severe"): "medium",
    ("low", "major"): "low",
    ("low", "general"): "low",
}


@tagged("post_install", "-at_install")
class TestExceptions(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        # the company makes the salesperson the tracker (the tracker rule):
        # the salesman, as the order's tracker, hands exceptions over
        cls.company.order_tracker_rule = "salesperson"
        cls.order = cls._released_order(user=cls.salesman)

    def _exception(self, user=None, **vals):
        values = {
            "name": "Supplier late by two days",
            "order_id": self.order.id,
            "kind": "production_delay",
            "user_id": self.tracker.id,
        }
        values.update(vals)
        return (
            self.env["order.exception"].with_user(user or self.tracker).create(values)
        )

    def test_every_cell_of_the_risk_matrix(self):
        self.assertEqual(len(EXPECTED), 9)
        exception = self._exception()
        for (likelihood, impact), level in EXPECTED.items():
            with self.subTest(likelihood=likelihood, impact=impact):
                exception.write({"likelihood": likelihood, "impact": impact})
                self.assertEqual(exception.risk_level, level)
                created = self._exception(likelihood=likelihood, impact=impact)
                self.assertEqual(created.risk_level, level)

    def test_owner_is_required(self):
        with self.assertRefused(ValidationError, "needs an owner"):
            self._exception(user_id=False)
        exception = self._exception()
        with self.assertRefused(ValidationError, "needs an owner"):
            exception.user_id = False

    def test_owner_gets_an_activity_and_open_exceptions_show_on_the_order(self):
        exception = self._exception(
            user=self.salesman, kind="transport", date_deadline="2026-03-05 08:00:00"
        )
        self.assertEqual(exception.activity_ids.user_id, self.tracker)
        self.assertEqual(str(exception.activity_ids.date_deadline), "2026-03-05")
        self.assertEqual(self.order.open_exception_ids, exception)
        exception.user_id = self.head
        self.assertEqual(exception.activity_ids.user_id, self.head)
        with self.assertRefused(UserError, "Write the response"):
            exception.action_resolve()
        exception.response = "Re-sent by express at our cost"
        exception.action_resolve()
        self.assertEqual(exception.state, "resolved")
        self.assertTrue(exception.date_resolved)
        self.assertFalse(exception.activity_ids)
        self.order.invalidate_recordset(["open_exception_ids"])
        self.assertFalse(self.order.open_exception_ids)
        self.assertEqual(self.order.exception_ids, exception)

    def test_risk_register_groups_by_level(self):
        self._exception(likelihood="high", impact="severe")
        self._exception(likelihood="low", impact="general")
        self._exception(likelihood="medium", impact="major")
        groups = self.env["order.exception"].read_group(
            [("order_id", "=", self.order.id)], ["risk_level"], ["risk_level"]
        )
        counts = {g["risk_level"]: g["risk_level_count"] for g in groups}
        self.assertEqual(counts, {"high": 1, "medium": 1, "low": 1})
