# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestEntryChecks(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _kinds(self, order):
        order.with_user(self.clerk).action_run_checks()
        return sorted(set(order.finding_ids.mapped("kind")))

    def _messages(self, order, kind):
        order.with_user(self.clerk).action_run_checks()
        return order.finding_ids.filtered(lambda f: f.kind == kind).mapped("message")

    def test_complete_order_has_no_findings(self):
        order = self._create_order()
        self.assertEqual(self._kinds(order), [])
        self.assertEqual(order.finding_count, 0)
        self.assertTrue(order.checks_date)

    def test_action_run_checks_returns_the_findings(self):
        order = self._create_order(stated=False)
        findings = order.with_user(self.clerk).action_run_checks()
        self.assertEqual(findings, order.finding_ids)
        self.assertEqual(findings.mapped("kind"), ["amount"])
        # over RPC the findings come back as ids
        rpc = call_kw(order.with_user(self.clerk), "action_run_checks", [order.ids], {})
        self.assertEqual(rpc, order.finding_ids.ids)

    def test_customer_checks(self):
        abbreviated = self.env["res.partner"].create(
            {"name": "HDT", "is_company": True, "street": "1 Road"}
        )
        order = self._create_order(partner_id=abbreviated.id)
        self.assertIn("customer", self._kinds(order))
        messages = " ".join(self._messages(order, "customer"))
        self.assertIn("full legal name", messages)
        self.assertIn("contact person", messages)
        self.assertIn("street and the city", messages)
        # completing the customer clears the findings on the next check
        abbreviated.write({"name": "Huadong Trading Co., Ltd.", "city": "Shanghai"})
        self.env["res.partner"].create(
            {"name": "Zhang San", "parent_id": abbreviated.id, "mobile": "13800000000"}
        )
        self.assertNotIn("customer", self._kinds(order))

    def test_line_checks(self):
        self.company.order_price_decimals = 1
        order = self._create_order(
            lines=[(self.product, 0), (self.product_b, 1, {"price_unit": 250.25})]
        )
        self.assertIn("lines", self._kinds(order))
        messages = " ".join(self._messages(order, "lines"))
        self.assertIn("more than zero", messages)
        self.assertIn("250.25 has more than 1 decimals", messages)
        self.assertEqual(
            order.finding_ids.filtered(lambda f: f.kind == "lines").line_id,
            order.order_line,
        )
        self.company.order_price_decimals = 2
        order.order_line[0].product_uom_qty = 3
        self.assertNotIn("lines", self._kinds(order))

    def test_order_without_lines(self):
        order = self._create_order(lines=[])
        self.assertIn(
            "Order Lines: add at least one product line.",
            self._messages(order, "lines"),
        )

    def test_delivery_date_checks(self):
        order = self._create_order(commitment_date=False)
        self.assertIn("delivery_date", self._kinds(order))
        order.commitment_date = fields.Datetime.now() - timedelta(days=1)
        self.assertIn("in the past", " ".join(self._messages(order, "delivery_date")))
        self.product.sale_delay = 20
        order.order_line.customer_lead = 20
        order.commitment_date = fields.Datetime.now() + timedelta(days=5)
        self.assertIn("lead time", " ".join(self._messages(order, "delivery_date")))
        order.commitment_date = fields.Datetime.now() + timedelta(days=21)
        self.assertNotIn("delivery_date", self._kinds(order))

    def test_amount_checks(self):
        order = self._create_order(stated=False)
        self.assertEqual(self._kinds(order), ["amount"])
        order.customer_stated_total = order.amount_total + 5
        self.assertIn("differs", " ".join(self._messages(order, "amount")))
        order.customer_stated_total = order.amount_total + 0.005
        self.assertEqual(self._kinds(order), [])

    def test_price_checks(self):
        order = self._create_order(
            lines=[
                (self.product, 1, {"price_unit": 90.0}),
                (self.product_b, 1, {"discount": 15.0}),
            ]
        )
        messages = " ".join(self._messages(order, "price"))
        self.assertIn("below the pricelist price 100.0", messages)
        self.assertIn("discount of 15.0% is above the 10.0% policy", messages)
        self.assertEqual(
            set(
                order.finding_ids.filtered(lambda f: f.kind == "price").mapped(
                    "severity"
                )
            ),
            {"approval"},
        )
        order.order_line[0].price_unit = 100.0
        order.order_line[1].discount = 10.0
        self.assertNotIn("price", self._kinds(order))

    def test_gift_checks(self):
        gift = [(self.product_b, 1, {"price_unit": 0.0})]
        order = self._create_order(lines=[(self.product, 2)] + gift)
        # 250 of gifts on 200 + 250: 55.6 % > 5 %
        self.assertIn("55.6%", " ".join(self._messages(order, "gift")))
        small = self._create_order(
            lines=[(self.product_b, 40), (self.product, 1, {"price_unit": 0.0})]
        )
        # 100 of gifts on 10,000 + 100: 0.99 % <= 5 %
        self.assertNotIn("gift", self._kinds(small))

    def test_duplicate_checks(self):
        first = self._create_order(client_order_ref="PO-2026-118")
        same_ref = self._create_order(
            lines=[(self.product_b, 7)], client_order_ref="PO-2026-118"
        )
        self.assertIn(
            f"possible duplicate of {first.name}, which has the same reference "
            "'PO-2026-118'",
            " ".join(self._messages(same_ref, "duplicate")),
        )
        same_lines = self._create_order()
        self.assertIn(
            "same customer, products and quantities",
            " ".join(self._messages(same_lines, "duplicate")),
        )
        other_qty = self._create_order(lines=[(self.product, 3)])
        self.assertNotIn("duplicate", self._kinds(other_qty))
        # outside the window, the same lines are no longer a duplicate
        self.company.order_duplicate_window_days = 0
        first.date_order = fields.Datetime.now() - timedelta(days=2)
        same_ref.date_order = fields.Datetime.now() - timedelta(days=2)
        self.assertNotIn("duplicate", self._kinds(same_lines))
        # a cancelled order is never a duplicate
        self.company.order_duplicate_window_days = 30
        first.with_user(self.clerk)._action_cancel()
        self.assertNotIn("duplicate", self._kinds(same_lines))

    def test_credit_limit_check(self):
        self.customer.write({"use_partner_credit_limit": True})
        self.customer.credit_limit = 150.0
        order = self._create_order(lines=[(self.product, 2)])
        messages = " ".join(self._messages(order, "credit"))
        self.assertIn("over the credit limit of 150.0", messages)
        finding = order.finding_ids.filtered(lambda f: f.kind == "credit")
        self.assertEqual(finding.severity, "approval")
        self._submit(order)
        self.assertIn("Credit approval", order.review_ids.mapped("name"))
        # the credit check mode sets the severity
        self.company.order_credit_check_mode = "block"
        blocked = self._create_order(lines=[(self.product, 2)])
        with self.assertRefused(UserError, "credit limit"):
            self._submit(blocked)
        self.company.order_credit_check_mode = "off"
        self.assertNotIn("credit", self._kinds(blocked))
        self.company.order_credit_check_mode = "approval"
        self.customer.credit_limit = 10000.0
        self.assertNotIn("credit", self._kinds(blocked))

    def test_stock_check(self):
        storable = self._create_product("Cement 50 kg", 30.0, storable=True)
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(
            storable, warehouse.lot_stock_id, 5.0
        )
        order = self._create_order(lines=[(storable, 8), (self.service, 1)])
        messages = " ".join(self._messages(order, "stock"))
        self.assertIn("8.0 Units ordered, 5.0 free", messages)
        order.order_line[0].product_uom_qty = 5
        self.assertNotIn("stock", self._kinds(order))

    def test_inactive_rule_does_not_fire(self):
        self.env.ref("order_entry_control.rule_amount").active = False
        order = self._create_order(stated=False)
        self.assertEqual(self._kinds(order), [])

    def test_rule_of_another_company_does_not_fire(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.env.ref("order_entry_control.rule_amount").company_id = other
        order = self._create_order(stated=False)
        self.assertEqual(self._kinds(order), [])

    def test_findings_follow_changes_of_a_checked_draft(self):
        order = self._create_order()
        self.assertEqual(self._kinds(order), [])
        # a change of the order (not only of the lines) recomputes at once
        order.with_user(self.clerk).write(
            {"order_line": [Command.create({"product_id": self.product_b.id})]}
        )
        self.assertEqual(order.finding_ids.mapped("kind"), ["amount"])
        order.with_user(self.clerk).customer_stated_total = order.amount_total
        self.assertFalse(order.finding_ids)

    def test_waive_needs_manager_and_reason(self):
        order = self._create_order(stated=False)
        order.with_user(self.clerk).action_run_checks()
        finding = order.finding_ids
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            finding.with_user(self.approver).action_waive(reason="Looks fine")
        with self.assertRefused(UserError, "reason"):
            finding.with_user(self.manager).action_waive(reason=" ")
        self.assertFalse(finding.waived)
        finding.with_user(self.manager).action_waive(
            reason="Customer sends the PO later"
        )
        self.assertTrue(finding.waived)
        self.assertEqual(finding.waived_by_id, self.manager)
        self.assertEqual(order.blocking_finding_count, 0)
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: (
                    m.subtype_id
                    == self.env.ref("order_entry_control.mt_order_finding_waived")
                )
            )
        )
        with self.assertRefused(UserError, "already waived"):
            finding.with_user(self.manager).action_waive(reason="again")
        # the waiver survives a recheck that finds the same thing
        order.with_user(self.clerk).action_run_checks()
        self.assertEqual(order.finding_ids, finding)
        self._submit(order)
        self.assertEqual(order.review_state, "to_review")

    def test_waive_refused_under_review_and_without_reason_in_the_dialog(self):
        order = self._create_order(lines=[(self.product, 2, {"discount": 30.0})])
        order.with_user(self.clerk).action_run_checks()
        finding = order.finding_ids.filtered(lambda f: f.kind == "price")
        wizard_model = self.env["order.control.reason.wizard"].with_user(self.manager)
        wizard = wizard_model.create(
            {"action": "waive", "res_ids": finding.ids, "reason": " "}
        )
        with self.assertRefused(UserError, "Give a reason"):
            wizard.action_confirm()
        gone = wizard_model.create(
            {"action": "waive", "res_ids": [finding.id + 100000], "reason": "x"}
        )
        with self.assertRefused(UserError, "no longer exist"):
            gone.action_confirm()
        self._submit(order)
        with self.assertRefused(UserError, "not under review"):
            finding.with_user(self.manager).action_waive(reason="Agreed price")
        self.assertFalse(finding.waived)

    def test_small_change_rounding(self):
        self.company.order_rounding_unit = 10.0
        fee = self._create_product("Handling fee", 7.5)
        order = self._create_order(lines=[(self.product, 1), (fee, 1)])
        self.assertEqual(order.amount_total, 107.5)
        order.customer_stated_total = 100.0
        self._submit(order)
        rounding = order.order_line.filtered(
            lambda line: (
                line.product_id
                == self.env.ref("order_entry_control.product_small_change")
            )
        )
        self.assertEqual(rounding.price_unit, -7.5)
        self.assertIn("7.5", rounding.name)
        self.assertEqual(order.amount_total, 100.0)
        self.assertFalse(order.finding_ids)
