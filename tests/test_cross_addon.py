# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end scenarios that need all three addons installed."""

from odoo.tests import Form, TransactionCase

from odoo.addons.order_entry_control.tests.common import OrderControlFixtures


class TestAllThreeAddons(OrderControlFixtures, TransactionCase):
    # Odoo tags the test classes of addons itself; these live outside any addon.
    test_tags = {"standard", "post_install"}
    test_module = "order_control"
    test_class = "TestAllThreeAddons"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def test_three_addons_are_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("order_entry_control", "order_tracking", "order_kpi"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    def test_settings_page_holds_every_regulation(self):
        form = Form(self.env["res.config.settings"])
        form.order_control_enabled = True
        form.order_cutoff_time = 15.5
        form.order_payment_gate = True
        form.order_kpi_review_fine = 30.0
        form.save().execute()
        company = self.env.company
        self.assertEqual(company.order_cutoff_time, 15.5)
        self.assertTrue(company.order_payment_gate)
        self.assertEqual(company.order_kpi_review_fine, 30.0)

    def test_order_released_through_review_with_every_addon(self):
        order = self._create_order()
        self._approve_fully(self._submit(order))
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(len(order.picking_ids), 1)

    def test_manager_holds_every_role(self):
        self.assertTrue(self.manager.has_group("order_tracking.group_order_tracker"))
        self.assertTrue(self.manager.has_group("order_kpi.group_order_kpi_auditor"))
