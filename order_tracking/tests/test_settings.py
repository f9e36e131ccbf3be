# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTrackingSettings(TransactionCase):
    def test_settings_are_saved_per_company(self):
        form = Form(self.env["res.config.settings"])
        form.order_control_enabled = True
        form.order_payment_gate = True
        form.order_shipping_notice_hours = 12.0
        form.save().execute()
        self.assertTrue(self.env.company.order_payment_gate)
        self.assertEqual(self.env.company.order_shipping_notice_hours, 12.0)
        other = self.env["res.company"].create({"name": "Tianjin Branch"})
        self.assertFalse(other.order_payment_gate)
        self.assertEqual(other.order_shipping_notice_hours, 24.0)

    def test_negative_notice_deadline_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env.company.order_shipping_notice_hours = -1

    def test_managers_are_trackers(self):
        manager_group = self.env.ref("order_entry_control.group_order_control_manager")
        self.assertIn(
            self.env.ref("order_tracking.group_order_tracker"),
            manager_group.trans_implied_ids,
        )
