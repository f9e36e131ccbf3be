# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.order_entry_control.tests.common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestOrderKpiTours(OrderControlFixtures, HttpCase):
    """The KPI dashboard in the web client, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def test_kpi_dashboard_loads(self):
        # one order entered, reviewed and approved this month, right first time
        order = self._approve_fully(self._submit(self._create_order()))
        self.assertEqual(order.review_state, "approved")
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        accuracy = accuracy.with_user(self.manager).with_company(self.company)
        self.assertTrue(accuracy.current_has_data)
        self.assertEqual(accuracy.current_count, 1)
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "order_kpi_dashboard",
            login="oc_manager",
        )
