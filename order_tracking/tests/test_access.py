# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestAccess(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.order = cls._released_order(user=cls.salesman)
        cls.milestone = cls._milestone(cls.order, "qc_passed")
        cls.allocation = cls.order.allocation_ids[:1]

    def _can(self, user, records, operation):
        try:
            records.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def test_access_per_role(self):
        # (user, model records, operation) -> allowed
        cases = {
            "tracker": {
                ("milestone", "read"): True,
                ("milestone", "write"): True,
                ("milestone", "unlink"): False,
                ("allocation", "write"): True,
                ("allocation", "create"): True,
                ("department", "write"): False,
            },
            "salesman": {
                ("milestone", "read"): True,
                ("milestone", "write"): False,
                ("allocation", "read"): True,
                ("allocation", "write"): False,
                ("department", "read"): True,
                ("department", "write"): False,
            },
            # a plain salesman: not their order, so not its tracking records
            "clerk": {
                ("milestone", "read"): False,
                ("milestone", "write"): False,
                ("allocation", "read"): False,
                ("allocation", "write"): False,
            },
            "manager": {
                ("milestone", "write"): True,
                ("allocation", "unlink"): True,
                ("department", "write"): True,
                ("milestone_type", "write"): True,
            },
            "storekeeper": {
                ("milestone", "read"): False,
                ("allocation", "read"): False,
            },
        }
        records = {
            "milestone": self.milestone,
            "allocation": self.allocation,
            "department": self.dept_production,
            "milestone_type": self.milestone.type_id,
        }
        for login, expectations in cases.items():
            user = getattr(self, login)
            for (model, operation), allowed in expectations.items():
                with self.subTest(user=login, model=model, operation=operation):
                    self.assertEqual(
                        self._can(user, records[model], operation), allowed
                    )

    def test_exceptions_per_role(self):
        Exception_ = self.env["order.exception"]
        values = {
            "name": "Customer asks for rail instead of road",
            "order_id": self.order.id,
            "kind": "customer_change",
            "user_id": self.tracker.id,
        }
        # the clerk sees only the orders they entered: not this one
        for login in ("salesman", "tracker", "manager", "finance"):
            with self.subTest(user=login):
                user = getattr(self, login)
                exception = Exception_.with_user(user).create(values)
                exception.with_user(user).write({"response": "Rebooked"})
        for login in ("storekeeper", "clerk"):
            with self.subTest(user=login), self.assertRaises(AccessError):
                Exception_.with_user(getattr(self, login)).create(values)
        own = self._released_order()  # entered by the clerk
        Exception_.with_user(self.clerk).create(dict(values, order_id=own.id))
        exception = Exception_.search([("order_id", "=", self.order.id)], limit=1)
        with self.assertRaises(AccessError):
            exception.with_user(self.salesman).unlink()
        exception.with_user(self.tracker).unlink()

    def test_other_company_is_hidden(self):
        other = self.env["res.company"].create({"name": "Tianjin Branch"})
        department = self.env["order.department"].create(
            {"name": "Tianjin QC", "company_id": other.id}
        )
        visible = (
            self.env["order.department"]
            .with_user(self.tracker)
            .search([("id", "=", department.id)])
        )
        self.assertFalse(visible)
