# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestKpiSettings(TransactionCase):
    def test_defaults_follow_the_regulation(self):
        company = self.env["res.company"].create({"name": "Guangzhou Branch"})
        # one regulation fines a review error 20 yuan
        self.assertEqual(company.order_kpi_review_fine, 20.0)
        self.assertEqual(company.order_kpi_entry_accuracy_target, 98.0)

    def test_settings_are_saved(self):
        form = Form(self.env["res.config.settings"])
        form.order_control_enabled = True
        form.order_kpi_review_fine = 50.0
        form.order_kpi_entry_accuracy_target = 95.0
        form.save().execute()
        self.assertEqual(self.env.company.order_kpi_review_fine, 50.0)
        self.assertEqual(self.env.company.order_kpi_entry_accuracy_target, 95.0)

    def test_out_of_range_values_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env.company.order_kpi_review_fine = -5
        with self.assertRaises(ValidationError):
            self.env.company.order_kpi_entry_accuracy_target = 101
