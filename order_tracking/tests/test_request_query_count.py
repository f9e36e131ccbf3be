# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from .request_common import OrderRequestFixtures

_logger = logging.getLogger(__name__)

# Query budgets of the change and closure steps (a request's worth of work),
# whatever the number of lines of the order. Measured on Odoo 18.0 with a
# small margin. "change_apply_overhead" is what applying costs on top of plain
# Odoo's own update of the same line (whose delivery update grows with the
# lines); the archive documents are rendered afterwards by a cron.
BUDGETS = {
    "change_submit": 65,
    "change_approve": 78,
    # 105 and 120 before issues 17, 18 and 23; measured 154 and 150 after
    # them, constant in the lines: the notices now e-mailed at once, the
    # milestones and allocations closed with the order, the tracker's to-dos
    "change_apply_overhead": 160,
    "closure_submit": 66,
    "closure_approve": 156,
}


@tagged("post_install", "-at_install")
class TestRequestQueryCount(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        # the budgets without notifications (order_entry_control's
        # TestQueryCount measures them: constant in the number of reviewers)
        cls.company.order_notify_reviewers = False
        cls.parts = [
            cls._create_product(f"Part {n:02d}", 10.0 + n, storable=True)
            for n in range(10)
        ]
        for product in cls.parts:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 1000.0
            )

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _flow(self, n_lines):
        order = self._released_order(lines=[(p, 5) for p in self.parts[:n_lines]])
        request = (
            self.env["order.change.request"]
            .with_user(self.clerk)
            .create(
                {
                    "order_id": order.id,
                    "reason": "More",
                    "line_ids": [
                        Command.create(
                            {"sale_line_id": order.order_line[0].id, "new_qty": 6}
                        )
                    ],
                }
            )
        )
        counts = {
            "change_submit": self._queries(request.with_user(self.clerk).action_submit)
        }
        # the approver names who carries it out, and by when
        request.with_user(self.head).write(
            {"owner_id": self.clerk.id, "date_deadline": fields.Datetime.now()}
        )
        counts["change_approve"] = self._queries(
            request.with_user(self.head).action_approve
        )
        counts["change_apply"] = self._queries(
            request.with_user(self.clerk).action_apply
        )
        # the same line update in plain Odoo, on an order of as many lines
        self.company.order_control_enabled = False
        plain = self._create_order(
            [(p, 5) for p in self.parts[:n_lines]], warehouse_id=self.warehouse.id
        )
        plain.action_confirm()
        plain_update = self._queries(
            lambda: plain.write(
                {
                    "order_line": [
                        Command.update(
                            plain.order_line[0].id,
                            {
                                "product_uom_qty": 6,
                                "price_unit": plain.order_line[0].price_unit,
                                "discount": 0.0,
                                "customer_lead": 0.0,
                            },
                        )
                    ]
                }
            )
        )
        self.company.order_control_enabled = True
        counts["change_apply_overhead"] = counts.pop("change_apply") - plain_update
        self._deliver(order)
        self._invoice_and_pay(order)
        closure = (
            self.env["order.closure.request"]
            .with_user(self.clerk)
            .create({"order_id": order.id, "reason": "completed"})
        )
        counts["closure_submit"] = self._queries(
            closure.with_user(self.clerk).action_submit
        )
        counts["closure_approve"] = self._queries(
            closure.with_user(self.head).action_approve
        )
        self.assertTrue(order.order_closed)
        return counts

    def test_change_and_closure_do_not_grow_with_lines(self):
        self._flow(1)  # warm the caches once
        one = self._flow(1)
        ten = self._flow(10)
        _logger.info("query counts at 1 line: %s; at 10 lines: %s", one, ten)
        for action, budget in BUDGETS.items():
            with self.subTest(action=action):
                self.assertLessEqual(
                    ten[action] - one[action],
                    3,
                    f"{action}: {one[action]} queries at 1 line, {ten[action]} at 10",
                )
                self.assertLessEqual(one[action], budget, f"{action} at 1 line")
                self.assertLessEqual(ten[action], budget, f"{action} at 10 lines")
