# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads which order's findings, reviews and reservations.

As core's personal/all sales order rules: a salesman reads those of the orders
they can see (theirs and the unassigned ones); all-documents salesmen
(reviewers, approvers, managers) read every order's; stock users read every
reservation of their companies; invoicing users (finance reviewers) read every
order's findings and reviews. Another company's users and portal users read
none.
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CLERK, MANAGER, OrderControlFixtures

MODELS = ("order.control.finding", "order.review", "order.stock.reservation")


@tagged("post_install", "-at_install")
class TestRecordRules(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.company.order_reservation_mode = "submission"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.clerk2 = new_test_user(
            cls.env,
            login="oc_clerk2_rules",
            groups=f"base.group_user,{CLERK}",
            **company,
        )
        cls.stock_user = new_test_user(
            cls.env,
            login="oc_stock_rules",
            groups="base.group_user,stock.group_stock_user",
            **company,
        )
        cls.invoicing = new_test_user(
            cls.env,
            login="oc_invoicing_rules",
            groups="base.group_user,account.group_account_invoice",
            **company,
        )
        cls.portal = new_test_user(
            cls.env,
            login="oc_portal_rules",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.other_company = cls.env["res.company"].create({"name": "Beijing Branch"})
        cls.outsider = new_test_user(
            cls.env,
            login="oc_outsider_rules",
            groups=f"base.group_user,{MANAGER},stock.group_stock_user,"
            "account.group_account_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        # each order asks one unit more than its product has: a stock finding,
        # a partial reservation, and the default review steps
        cls.orders = {}
        for key, user in (("clerk", cls.clerk), ("clerk2", cls.clerk2)):
            cls.orders[key] = cls._stock_order(key, user)
        cls.orders["unassigned"] = cls._stock_order("unassigned", cls.clerk)
        # an order with no salesperson: every salesman may see it (core rule)
        cls.orders["unassigned"].sudo().user_id = False
        for order in cls.orders.values():
            cls._submit(order, user=order.create_uid)
            assert order.finding_ids and order.review_ids and order.reservation_ids

    @classmethod
    def _stock_order(cls, key, user):
        product = cls._create_product(f"Bracket {key}", 10.0, storable=True)
        stock = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(product, stock, 2.0)
        return cls._create_order([(product, 3)], user=user, client_order_ref=key)

    def _records(self, model, keys):
        field = {
            "order.control.finding": "finding_ids",
            "order.review": "review_ids",
            "order.stock.reservation": "reservation_ids",
        }[model]
        records = self.env[model]
        for key in keys:
            records |= self.orders[key][field]
        return records

    def assertReads(self, user, model, keys):
        """``user`` reads exactly the ``model`` records of the orders ``keys``."""
        everything = self._records(model, self.orders)
        expected = self._records(model, keys)
        found = self.env[model].with_user(user).search([("id", "in", everything.ids)])
        self.assertEqual(found, expected, f"{user.login} reading {model}")
        for record in everything - expected:
            with (
                mute_logger("odoo.addons.base.models.ir_rule"),
                self.assertRaises(AccessError),
            ):
                record.with_user(user).read(["company_id"])
        if expected:
            expected.with_user(user).read(["company_id"])

    @mute_logger("odoo.addons.base.models.ir_model")
    def assertNoAccess(self, user, model):
        with self.assertRaises(AccessError):
            self.env[model].with_user(user).search([])

    # === SALESMEN === #

    def test_plain_salesman_reads_only_unassigned_orders(self):
        for model in MODELS:
            self.assertReads(self.salesman, model, ["unassigned"])

    def test_clerk_reads_own_and_unassigned_orders(self):
        for model in MODELS:
            self.assertReads(self.clerk, model, ["clerk", "unassigned"])
            self.assertReads(self.clerk2, model, ["clerk2", "unassigned"])

    def test_salesman_reads_the_review_steps_he_is_asked_to_decide(self):
        step = self.orders["clerk2"].review_ids[:1]
        step.sudo().user_ids = [Command.link(self.salesman.id)]
        found = self.env["order.review"].with_user(self.salesman).search([])
        self.assertIn(step, found)
        self.assertNotIn(self.orders["clerk2"].review_ids - step, found)

    # === REVIEWERS AND ABOVE === #

    def test_reviewers_approvers_managers_read_every_order(self):
        for user in (self.reviewer, self.approver, self.manager):
            self.assertTrue(user.has_group("sales_team.group_sale_salesman_all_leads"))
            for model in MODELS:
                self.assertReads(user, model, list(self.orders))

    def test_a_reviewer_asked_to_review_reads_the_orders_steps(self):
        order = self.orders["clerk2"]
        pending = order.review_ids.filtered(lambda r: r.state == "pending")
        self.assertIn(self.reviewer, pending.user_ids)
        self.assertEqual(order.with_user(self.reviewer).review_ids, order.review_ids)
        order.with_user(self.reviewer).action_review_pass()
        self.assertEqual(pending.state, "done")

    # === OTHER DEPARTMENTS === #

    def test_stock_user_reads_every_reservation_and_no_review(self):
        self.assertReads(self.stock_user, "order.stock.reservation", list(self.orders))
        self.assertNoAccess(self.stock_user, "order.control.finding")
        self.assertNoAccess(self.stock_user, "order.review")

    def test_finance_reads_every_finding_and_review_and_no_reservation(self):
        for user in (self.finance, self.invoicing):
            self.assertReads(user, "order.control.finding", list(self.orders))
            self.assertReads(user, "order.review", list(self.orders))
            self.assertNoAccess(user, "order.stock.reservation")

    # === OUTSIDERS === #

    def test_another_companys_user_reads_nothing(self):
        for model in MODELS:
            self.assertReads(self.outsider, model, [])

    def test_portal_user_reads_nothing(self):
        for model in MODELS:
            self.assertNoAccess(self.portal, model)
