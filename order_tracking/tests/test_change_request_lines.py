# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lines of a change request as the requester meets them (issue 23, point
9): prefilled with the order's lines, only what changes kept and shown, amounts
without taxes as the order line shows them, and a diff of changed values."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .request_common import OrderRequestFixtures


@tagged("post_install", "-at_install")
class TestChangeRequestLines(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "VAT 13% (change lines)",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )

    def _lines(self, order):
        bolt = order.order_line.filtered(lambda x: x.product_id == self.bolt)
        return bolt, order.order_line - bolt

    def _new_request_form(self, order):
        return Form(
            self.env["order.change.request"]
            .with_user(self.clerk)
            .with_context(default_order_id=order.id)
        )

    def _message_of(self, order, request):
        return order.message_ids.filtered(lambda m: request.name in (m.body or ""))[:1]

    # --- prefill --- #

    def test_new_request_starts_with_the_order_lines_unchanged(self):
        order = self._create_order(
            [(self.bolt, 10), (self.nut, 20)], warehouse_id=self.warehouse.id
        )
        bolt, nut = self._lines(order)
        bolt.customer_lead = 4.0
        self._submit(order)
        self._approve_fully(order)
        order.with_user(self.clerk).action_confirm()
        form = self._new_request_form(order)
        self.assertEqual(len(form.line_ids), 2)
        rows = [form.line_ids.edit(i) for i in range(2)]
        values = []
        for row in rows:
            with row as line:
                values.append(
                    (
                        line.change_type,
                        line.sale_line_id,
                        line.product_id,
                        line.new_qty,
                        line.new_price,
                        line.new_discount,
                        line.new_lead,
                        line.is_changed,
                    )
                )
        self.assertEqual(
            values,
            [
                ("update", bolt, self.bolt, 10.0, 20.0, 0.0, 4.0, False),
                ("update", nut, self.nut, 20.0, 5.0, 0.0, 0.0, False),
            ],
        )
        # a change is an edit in place
        with form.line_ids.edit(0) as line:
            line.new_qty = 12
        form.reason = "Customer wants two more"
        request = form.save()
        self.assertEqual(
            [(x.old_qty, x.new_qty, x.is_changed) for x in request.line_ids],
            [(10.0, 12.0, True), (20.0, 20.0, False)],
        )

    def test_unchanged_lines_are_dropped_at_submission(self):
        order = self._released_order()
        bolt, nut = self._lines(order)
        form = self._new_request_form(order)
        with form.line_ids.edit(1) as line:
            line.change_type = "remove"
        with form.line_ids.new() as line:
            line.product_id = self.washer
            line.new_qty = 50
            line.new_price = 2.0
        form.reason = "Nuts replaced by washers"
        request = form.save()
        self.assertEqual(len(request.line_ids), 3)
        request.with_user(self.clerk).action_submit()
        self.assertEqual(
            [(x.change_type, x.product_id) for x in request.line_ids],
            [("remove", self.nut), ("add", self.washer)],
        )
        self.assertNotIn(bolt, request.line_ids.sale_line_id)

    def test_a_request_left_as_prefilled_proposes_nothing(self):
        order = self._released_order()
        form = self._new_request_form(order)
        form.reason = "Nothing after all"
        request = form.save()
        with self.assertRefused(UserError, "proposes no change"):
            request.with_user(self.clerk).action_submit()
        self.assertEqual(request.state, "draft")
        self.assertEqual(len(request.line_ids), 2)

    def test_prefilled_lines_clash_only_when_changed(self):
        order = self._released_order()
        bolt, _nut = self._lines(order)
        first = self._new_request_form(order)
        first.reason = "First"
        with first.line_ids.edit(0) as line:
            line.new_qty = 11
        first.save()
        # the second request holds the bolt line too, unchanged: no clash
        second = self._new_request_form(order)
        second.reason = "Second"
        second_request = second.save()
        self.assertIn(bolt, second_request.line_ids.sale_line_id)
        with self.assertRefused(ValidationError, "already changed by the open request"):
            second_request.line_ids.filtered(
                lambda x: x.sale_line_id == bolt
            ).new_qty = 12

    # --- amounts: without taxes as the order line, both totals in the footer --- #

    def test_amounts_are_untaxed_like_the_order_line_with_both_differences(self):
        (self.bolt | self.nut).taxes_id = self.vat
        order = self._released_order()
        bolt, nut = self._lines(order)
        # by hand: 10 bolts at 20.00 and 20 nuts at 5.00, VAT 13%
        self.assertEqual((bolt.price_subtotal, nut.price_subtotal), (200.0, 100.0))
        self.assertAlmostEqual(order.amount_total, 339.0)
        request = self._change(
            order,
            [
                {"sale_line_id": bolt.id, "new_qty": 15},
                {"sale_line_id": nut.id, "new_price": 6.0},
            ],
        )
        bolt_change = request.line_ids.filtered(lambda x: x.sale_line_id == bolt)
        nut_change = request.line_ids - bolt_change
        # old and new subtotals without taxes, as the order line shows them
        self.assertEqual(
            (bolt_change.amount_old, bolt_change.amount_new), (200.0, 300.0)
        )
        self.assertEqual((nut_change.amount_old, nut_change.amount_new), (100.0, 120.0))
        self.assertEqual(bolt_change.amount_difference, 100.0)
        self.assertEqual(nut_change.amount_difference, 20.0)
        # 100 + 20 = 120 without taxes; with 13%: 113.00 + 22.60 = 135.60
        self.assertAlmostEqual(request.amount_difference, 120.0)
        self.assertAlmostEqual(request.amount_difference_taxed, 135.60)
        self.assertAlmostEqual(request.amount_total_old, 339.0)
        self.assertAlmostEqual(request.amount_total_new, 474.60)
        self._approve_change(request)
        request.with_user(self.clerk).action_apply()
        # the order agrees: 15 x 20 + 20 x 6 = 420.00, with taxes 474.60
        self.assertAlmostEqual(order.amount_untaxed, 420.0)
        self.assertAlmostEqual(order.amount_total, 474.60)
        self.assertAlmostEqual(request.amount_total_old, 339.0)
        self.assertAlmostEqual(request.amount_total_new, 474.60)

    # --- the chatter diff --- #

    def test_diff_names_only_the_changed_values(self):
        order = self._released_order()
        bolt, nut = self._lines(order)
        form = self._new_request_form(order)
        with form.line_ids.edit(0) as line:
            line.new_qty = 12
        form.reason = "Two more bolts"
        request = form.save()
        self._approve_change(request)
        request.with_user(self.clerk).action_apply()
        body = self._message_of(order, request).body
        self.assertIn("quantity 10", body)
        self.assertIn("quantity 12", body)
        self.assertIn(self.bolt.display_name, body)
        # nothing about what did not change, nor about the unchanged nut line
        for absent in ("lead time", "unit price", "discount", self.nut.display_name):
            self.assertNotIn(absent, body)
        self.assertEqual(
            request.line_ids.mapped("sale_line_id"), bolt, "the nut line was dropped"
        )
        self.assertEqual(nut.product_uom_qty, 20)

    def test_diff_of_price_lead_time_added_and_removed_lines(self):
        order = self._released_order()
        bolt, nut = self._lines(order)
        request = self._change(
            order,
            [
                {"sale_line_id": bolt.id, "new_price": 22.0, "new_lead": 3.0},
                {"change_type": "remove", "sale_line_id": nut.id},
                {
                    "change_type": "add",
                    "product_id": self.washer.id,
                    "new_qty": 50,
                    "new_price": 2.0,
                },
            ],
        )
        rows = request._get_diff_rows()
        self.assertEqual(
            rows,
            [
                (
                    self.bolt.display_name,
                    "unit price 20.00, lead time 0 days",
                    "unit price 22.00, lead time 3 days",
                ),
                (
                    f"Remove {self.nut.display_name}",
                    "quantity 20, unit price 5.00",
                    "",
                ),
                (
                    f"Add {self.washer.display_name}",
                    "",
                    "quantity 50, unit price 2.00",
                ),
            ],
        )
