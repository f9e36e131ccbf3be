# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSettingsLayout(TransactionCase):
    """With the three addons, Settings > Order Control has one block per
    regulation, in the order the regulations follow an order (issue 23, point
    11), and every bonus percentage has its own label."""

    def _app(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        return etree.fromstring(arch).xpath("//app[@name='order_entry_control']")[0]

    def test_blocks_follow_the_regulations(self):
        self.assertEqual(
            self._app().xpath("./block/@name"),
            [
                "order_control_setting_container",
                "order_control_entry_container",
                "order_control_review_container",
                "order_control_reservation_container",
                "order_control_tracking_container",
                "order_control_request_container",
                "order_control_notify_container",
                "order_kpi_setting_container",
            ],
        )

    def test_each_band_and_bonus_is_labelled(self):
        app = self._app()
        for band in ("excellent", "good", "pass"):
            for prefix in ("order_kpi_band_", "order_kpi_bonus_"):
                self.assertTrue(
                    app.xpath(f".//label[@for='{prefix}{band}'][@string]"), band
                )
        self.assertTrue(app.xpath(".//label[@for='order_kpi_bonus_fail'][@string]"))
