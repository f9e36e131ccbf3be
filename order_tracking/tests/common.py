# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.order_entry_control.tests.common import OrderControlFixtures

TRACKER = "order_tracking.group_order_tracker"
HEAD = "order_tracking.group_order_department_head"
LATE_ACTIVITY = "order_tracking.mail_activity_type_milestone_late"


class TrackingFixtures(OrderControlFixtures):
    """Order Control fixtures plus trackers, departments and released orders."""

    def setUp(self):
        super().setUp()
        # the rotation's turns are counted by a sequence, which the rollback
        # of a test does not undo: each test starts from the first tracker
        if getattr(self, "company", None):
            self.company.sudo().order_tracker_last_id = False

    @classmethod
    def _setup_tracking(cls):
        cls._setup_order_control()
        for login, group in (
            ("tracker", TRACKER),
            ("head", HEAD),
            ("storekeeper", "stock.group_stock_user"),
        ):
            user = new_test_user(
                cls.env,
                login=f"oc_{login}",
                groups=f"base.group_user,{group}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                name=f"OC {login.title()}",
                tz="Asia/Shanghai",
            )
            setattr(cls, login, user)
        # the tracker rule (default): no team or warehouse default here, so the
        # Order Trackers take released orders in turn, from the first by id
        # (oc_tracker, then oc_head); the clerk is not a tracker
        cls.company.sudo().order_tracker_last_id = False
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.customer.email = "orders@huadong.example.com"
        departments = cls.env["order.department"]
        departments.search([]).active = False  # demo departments, if any
        cls.dept_production = departments.create(
            {
                "name": "Production",
                "company_id": cls.company.id,
                "manager_id": cls.head.id,
                "default_task": "Plan and produce",
                "default_hours": 4.0,
            }
        )
        cls.dept_shipping = departments.create(
            {
                "name": "Shipping",
                "company_id": cls.company.id,
                "warehouse_id": cls.warehouse.id,
                "default_hours": 10.0,
            }
        )
        other_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Tianjin", "code": "TJ", "company_id": cls.company.id}
        )
        cls.dept_elsewhere = departments.create(
            {
                "name": "Tianjin Shipping",
                "company_id": cls.company.id,
                "warehouse_id": other_warehouse.id,
            }
        )

    @classmethod
    def _release(cls, order, user=None):
        """Submit, approve and confirm a quotation: the regulations' release."""
        cls._submit(order, user or cls.clerk)
        cls._approve_fully(order)
        order.with_user(user or cls.clerk).action_confirm()
        return order

    @classmethod
    def _released_order(cls, lines=None, user=None, **vals):
        """A released order entered by ``user`` (default: the clerk), its
        salesperson; its tracker comes from the tracker rule."""
        return cls._release(cls._create_order(lines=lines, user=user, **vals), user)

    @staticmethod
    def _milestone(order, code):
        return order.milestone_ids.filtered(lambda m: m.code == code)

    @staticmethod
    def _delivery(order):
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "done"
        )

    def _validate_delivery(self, order, user=None):
        picking = self._delivery(order)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        return picking.with_user(user or self.storekeeper).button_validate()

    def _invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _pay(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )
