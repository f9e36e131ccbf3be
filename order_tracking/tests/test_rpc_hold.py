# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Second round of the RPC review (DESIGN, principle 10): what a user with an
RPC client tried on tracking's documents of orders that are not theirs."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .request_common import OrderRequestFixtures

ORM_LOG = "odoo.models"
NOT_YOURS = "only for an order you may change yourself"


@tagged("post_install", "-at_install")
class TestDocumentsOfOthersOrders(OrderRequestFixtures, TransactionCase):
    """A plain salesperson reads and changes their own orders only (core's
    personal rule): they do not attach a request or an exception to the
    clerk's order by giving its id, and learn nothing of it through one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        # entered, reviewed and released by the clerk: its salesperson
        cls.order = cls._released_order()

    def test_the_order_is_not_the_salesman_s(self):
        with self.assertRaises(AccessError):
            self.order.with_user(self.salesman).check_access("read")

    @mute_logger(ORM_LOG)
    def test_no_change_request_on_an_order_one_cannot_change(self):
        line = self.order.order_line[0]
        with self.assertRefused(AccessError, NOT_YOURS):
            self._change(self.order, user=self.salesman)
        with self.assertRefused(AccessError, NOT_YOURS):
            self._change(
                self.order,
                lines=[{"sale_line_id": line.id, "new_qty": line.product_uom_qty + 1}],
                user=self.salesman,
            )
        with self.assertRefused(AccessError, NOT_YOURS):
            self.env["order.change.request"].with_user(self.salesman).with_context(
                default_order_id=self.order.id
            ).create({"reason": "Through a context default"})
        self.assertFalse(self.order.sudo().change_request_ids)
        # the clerk, whose order it is, still asks for a change
        self.assertTrue(self._change(self.order))

    @mute_logger(ORM_LOG)
    def test_no_closure_request_on_an_order_one_cannot_change(self):
        with self.assertRefused(AccessError, NOT_YOURS):
            self._closure(self.order, user=self.salesman)
        self.assertFalse(
            self.env["order.closure.request"]
            .sudo()
            .search([("order_id", "=", self.order.id)])
        )
        self.assertTrue(self._closure(self.order))

    @mute_logger(ORM_LOG)
    def test_no_exception_on_an_order_one_cannot_change(self):
        values = {
            "order_id": self.order.id,
            "name": "Forged exception",
            "user_id": self.salesman.id,
            "kind": "quality",
            "likelihood": "high",
            "impact": "severe",
        }
        with self.assertRefused(AccessError, NOT_YOURS):
            self.env["order.exception"].with_user(self.salesman).create(values)
        self.assertFalse(self.order.sudo().exception_ids)
        exception = (
            self.env["order.exception"]
            .with_user(self.clerk)
            .create(dict(values, user_id=self.clerk.id))
        )
        self.assertEqual(exception.order_id, self.order)


@tagged("post_install", "-at_install")
class TestTwoRequestsOnOneLine(OrderRequestFixtures, TransactionCase):
    """One open request per order line: a request put back in draft does not
    change a line another request changes meanwhile, and a change made from
    old values is not applied over a newer one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.order = cls._released_order()  # 10 bolts, 20 nuts
        cls.line = cls.order.order_line.filtered(lambda x: x.product_id == cls.bolt)

    def _line_change(self, qty):
        return self._change(
            self.order, lines=[{"sale_line_id": self.line.id, "new_qty": qty}]
        )

    def test_a_request_back_in_draft_is_not_submitted_over_another(self):
        first = self._line_change(12)
        first.action_cancel()
        second = self._line_change(15)
        second.action_submit()
        first.action_reset_to_draft()
        with self.assertRefused(ValidationError, "already changed by the open request"):
            first.action_submit()
        self.assertEqual(first.state, "draft")
        self.assertEqual(second.state, "submitted")

    def test_a_change_from_old_values_is_not_applied(self):
        first = self._approve_change(self._line_change(12))
        first.with_user(self.clerk).action_apply()
        self.assertEqual(self.line.product_uom_qty, 12)
        # made from the line as it was before the first change (two requests
        # whose submissions raced each other hold such values)
        second = self._line_change(15)
        second.line_ids._order_as_owner().write({"old_qty": 10})
        self._approve_change(second)
        with self.assertRefused(UserError, "has changed on the order since"):
            second.with_user(self.clerk).action_apply()
        self.assertEqual(self.line.product_uom_qty, 12)
        self.assertEqual(second.state, "approved")


@tagged("post_install", "-at_install")
class TestPaymentGateOfAnotherCompany(OrderRequestFixtures, TransactionCase):
    """The finance manager of one company does not lift the payment gate of
    another company's order by its id."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.company_b = cls.env["res.company"].create({"name": "Gate Co B"})
        customer_b = cls.env["res.partner"].create(
            {"name": "Customer B", "company_id": cls.company_b.id}
        )
        cls.order_b = (
            cls.env["sale.order"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": customer_b.id,
                    "company_id": cls.company_b.id,
                    "order_line": [
                        Command.create({"product_id": cls.product.id, "name": "B"})
                    ],
                }
            )
        )

    @mute_logger(ORM_LOG)
    def test_finance_manager_of_another_company_is_refused(self):
        with self.assertRefused(AccessError, "only for orders you may change"):
            order = (
                self.env["sale.order"].with_user(self.finance).browse(self.order_b.id)
            )
            order.action_override_payment_gate(reason="Forged")
        self.assertFalse(self.order_b.payment_gate_override_by_id)
