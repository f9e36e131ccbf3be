# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The departments the regulations name, shipped as data, and the flag of
allocations nobody answers for (no department or no owner)."""

from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures

SHIPPED = (
    "production",
    "purchasing",
    "quality_control",
    "warehouse_shipping",
    "finance",
    "customer_service",
)


@tagged("post_install", "-at_install")
class TestDepartments(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def test_the_regulations_departments_are_shipped_without_owners(self):
        departments = self.env["order.department"].with_context(active_test=False)
        for code in SHIPPED:
            department = self.env.ref(f"order_tracking.order_department_{code}")
            self.assertIn(department, departments.search([]))
            self.assertEqual(department.company_id, self.env.ref("base.main_company"))
            self.assertFalse(department.manager_id, code)
        self.assertTrue(departments._fields["name"].translate)
        names = {
            self.env.ref(f"order_tracking.order_department_{code}").name
            for code in SHIPPED
        }
        self.assertEqual(
            names,
            {
                "Production",
                "Purchasing",
                "Quality Control",
                "Warehouse and Shipping",
                "Finance",
                "Customer Service",
            },
        )

    def test_allocation_without_owner_or_department_is_flagged(self):
        order = self._released_order()
        allocations = order.allocation_ids
        self.assertEqual(len(allocations), 2)
        self.assertFalse(allocations.filtered("is_unassigned"))
        self.assertEqual(order.allocation_unassigned_count, 0)
        SaleOrder = self.env["sale.order"].with_user(self.tracker)
        unassigned = [("allocation_unassigned_count", ">", 0)]
        self.assertNotIn(order, SaleOrder.search(unassigned))
        # the owner leaves: nobody answers for the line
        first, second = allocations.sorted("id")
        first.with_user(self.tracker).user_id = False
        self.assertTrue(first.is_unassigned)
        self.assertEqual(order.allocation_unassigned_count, 1)
        self.assertIn(order, SaleOrder.search(unassigned))
        self.assertNotIn(
            order, SaleOrder.search([("allocation_unassigned_count", "=", 0)])
        )
        Allocation = self.env["order.allocation"].with_user(self.tracker)
        self.assertEqual(Allocation.search([("is_unassigned", "=", True)]), first)
        # a line added without a department is flagged as well
        extra = Allocation.create(
            {
                "order_id": order.id,
                "task": "Call the customer",
                "user_id": self.tracker.id,
                "date_due": second.date_due,
            }
        )
        self.assertTrue(extra.is_unassigned)
        self.assertEqual(order.allocation_unassigned_count, 2)
        # named again: the flag goes
        first.with_user(self.tracker).user_id = self.head
        extra.with_user(self.tracker).department_id = self.dept_production
        self.assertEqual(order.allocation_unassigned_count, 0)
        self.assertNotIn(order, SaleOrder.search(unassigned))
