# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.tests import Form, new_test_user

from odoo.addons.order_entry_control.tests.common import OrderControlFixtures

HEAD = "order_tracking.group_order_department_head"


class OrderRequestFixtures(OrderControlFixtures):
    """Released orders with real stock and pickings, and department heads."""

    @classmethod
    def _setup_order_requests(cls):
        cls._setup_order_control()
        for login in ("head", "head2"):
            user = new_test_user(
                cls.env,
                login=f"oc_{login}",
                groups=f"base.group_user,{HEAD}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                name=f"OC {login.title()}",
                tz="Asia/Shanghai",
            )
            setattr(cls, login, user)
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.bolt = cls._create_product("Hex bolt M12", 20.0, storable=True)
        cls.nut = cls._create_product("Hex nut M12", 5.0, storable=True)
        cls.washer = cls._create_product("Washer M12", 2.0, storable=True)
        for product in cls.bolt | cls.nut | cls.washer:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 100.0
            )

    @classmethod
    def _released_order(cls, lines=None, **vals):
        """An order entered, reviewed, approved and released, with its delivery."""
        order = cls._create_order(
            lines or [(cls.bolt, 10), (cls.nut, 20)],
            warehouse_id=cls.warehouse.id,
            **vals,
        )
        cls._submit(order)
        cls._approve_fully(order)
        order.with_user(cls.clerk).action_confirm()
        return order

    def _change(self, order, lines=(), user=None, **vals):
        """A draft change request of ``order`` by ``user`` (default: the clerk)."""
        values = {
            "order_id": order.id,
            "reason": "Customer asked by phone",
            "line_ids": [Command.create(line) for line in lines],
        }
        values.update(vals)
        return (
            self.env["order.change.request"]
            .with_user(user or self.clerk)
            .create(values)
        )

    def _closure(self, order, reason="completed", user=None):
        return (
            self.env["order.closure.request"]
            .with_user(user or self.clerk)
            .create({"order_id": order.id, "reason": reason})
        )

    def _approve_change(self, request, approver=None):
        """Submit ``request`` and have a department head approve every step."""
        request.with_user(request.requested_by_id).action_submit()
        approver = approver or self.head
        request.with_user(approver).write(
            {
                "owner_id": self.clerk.id,
                "date_deadline": fields.Datetime.now(),
            }
        )
        request.with_user(approver).action_approve()
        return request

    def _deliver(self, order, quantities=None):
        """Validate the order's open delivery, all or ``quantities`` by product."""
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        picking.action_assign()
        for move in picking.move_ids:
            qty = (quantities or {}).get(move.product_id, move.product_uom_qty)
            move.quantity = qty
            move.picked = True
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model"):
            wizard = Form(
                self.env[result["res_model"]].with_context(**result["context"])
            ).save()
            wizard.process()
        return picking

    def _invoice_and_pay(self, order, pay=True):
        invoice = order._create_invoices()
        invoice.action_post()
        if pay:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        return invoice
