# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Findings name the field they concern as the quotation form labels it, in
the reader's language, and the form says when the checks passed (#23, 7)."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures

# The labels of the quotation form, written by hand: Odoo's sale terms and
# ours (交付日期 is the delivery date's label on the form, not 交货日期).
LABELS = {
    "en_US": {
        "partner_id": "Customer",
        "partner_shipping_id": "Delivery Address",
        "order_line": "Order Lines",
        "commitment_date": "Delivery Date",
        "customer_stated_total": "Customer's Total",
        "client_order_ref": "Customer Reference",
    },
    "zh_CN": {
        "partner_id": "客户",
        "partner_shipping_id": "交付地址",
        "order_line": "订单明细",
        "commitment_date": "交付日期",
        "customer_stated_total": "客户单据总额",
        "client_order_ref": "客户参考号",
    },
}
# the field each check kind's findings concern in the orders below
KIND_FIELDS = {
    "customer": {"partner_id", "partner_shipping_id"},
    "lines": {"order_line"},
    "delivery_date": {"commitment_date"},
    "amount": {"customer_stated_total"},
    "price": {"order_line"},
    "gift": {"order_line"},
    "duplicate": {"client_order_ref", "order_line"},
    "credit": {"partner_id"},
    "stock": {"order_line"},
}


@tagged("post_install", "-at_install")
class TestFindingFields(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sale", "sale_stock", "order_entry_control"], ["zh_CN"], overwrite=True
        )
        cls.company.order_credit_check_mode = "approval"

    def _orders_of_every_kind(self):
        """Quotations that make every kind of check find something."""
        abbreviated = self.env["res.partner"].create(
            {"name": "HDT", "is_company": True, "street": "1 Road"}
        )
        self.customer.write({"use_partner_credit_limit": True, "credit_limit": 50.0})
        storable = self._create_product("Cement 50 kg", 30.0, storable=True)
        orders = self._create_order(partner_id=abbreviated.id)  # customer
        orders |= self._create_order(lines=[])  # lines
        orders |= self._create_order(commitment_date=False)  # delivery date
        orders |= self._create_order(stated=False)  # amount
        orders |= self._create_order(
            lines=[(self.product_b, 1, {"discount": 15.0})]  # price
        )
        orders |= self._create_order(
            lines=[(self.product, 1), (self.product_b, 1, {"price_unit": 0.0})]
        )  # gift
        orders |= self._create_order(lines=[(self.product, 3)], client_order_ref="PO-7")
        orders |= self._create_order(
            lines=[(self.product, 4)], client_order_ref="PO-7"
        )  # duplicate reference
        orders |= self._create_order(lines=[(storable, 1)])  # stock (none free)
        return orders  # and the credit limit of 50 on all but the first

    def test_every_finding_names_its_field_as_the_form_labels_it(self):
        orders = self._orders_of_every_kind()
        for lang, labels in LABELS.items():
            with self.subTest(lang=lang):
                orders.with_user(self.clerk).with_context(lang=lang).action_run_checks()
                findings = orders.finding_ids
                self.assertEqual(set(findings.mapped("kind")), set(KIND_FIELDS))
                for finding in findings:
                    self.assertIn(finding.field_name, KIND_FIELDS[finding.kind])
                    label = labels[finding.field_name]
                    self.assertIn(label, finding.message)
                    # the list shows the label in the reader's language
                    self.assertEqual(finding.with_context(lang=lang).field_label, label)

    def test_the_form_labels_the_fields_so(self):
        for lang, labels in LABELS.items():
            Order = self.env["sale.order"].with_user(self.clerk).with_context(lang=lang)
            strings = Order.fields_get(list(labels), ["string"])
            arch = etree.fromstring(
                Order.get_views([(False, "form")])["views"]["form"]["arch"]
            )
            for name, label in labels.items():
                # the form's own label of the field overrides the field's string
                own = arch.xpath(f"//label[@for='{name}'][@string]/@string")
                self.assertEqual(own[0] if own else strings[name]["string"], label)
                if name != "partner_shipping_id":  # with the addresses' group only
                    self.assertTrue(arch.xpath(f"//field[@name='{name}']"), name)

    def test_the_form_highlights_the_fields_of_blocking_findings(self):
        order = self._create_order(stated=False, commitment_date=False)
        self.assertFalse(order.finding_field_names)
        order.with_user(self.clerk).action_run_checks()
        self.assertEqual(
            order.finding_field_names, ",commitment_date,customer_stated_total,"
        )
        order.with_user(self.clerk).customer_stated_total = 200.0
        self.assertEqual(order.finding_field_names, ",commitment_date,")

    def test_all_checks_passed(self):
        order = self._create_order(commitment_date=False)
        self.assertFalse(order.checks_passed)  # never run
        order.with_user(self.clerk).action_run_checks()
        self.assertFalse(order.checks_passed)  # a finding
        order.with_user(self.clerk).commitment_date = fields.Datetime.now() + timedelta(
            days=10
        )
        # a commercial change runs the checks again: nothing left
        self.assertFalse(order.finding_ids)
        self.assertTrue(order.checks_passed)
        # checked an hour ago, then changed: stale until checked again
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET checks_date = checks_date - interval '1 hour' "
            "WHERE id = %s",
            [order.id],
        )
        self.env.invalidate_all()
        order.with_user(self.clerk).special_requests = "Call before unloading"
        self.assertFalse(order.checks_passed)
        order.with_user(self.clerk).action_run_checks()
        self.assertTrue(order.checks_passed)

    def test_a_waived_finding_lets_the_checks_pass(self):
        order = self._create_order(stated=False)
        order.with_user(self.clerk).action_run_checks()
        self.assertFalse(order.checks_passed)
        order.finding_ids.with_user(self.manager).action_waive("Confirmed on the phone")
        self.assertTrue(order.checks_passed)
