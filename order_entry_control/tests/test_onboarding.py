# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import OrderControlFixtures

BANNER = "/order_entry_control/onboarding_banner"


@tagged("post_install", "-at_install")
class TestOnboardingBanner(OrderControlFixtures, HttpCase):
    """The quotations list warns when the review cannot run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.steps = cls.env["order.review.step"].search([])

    def _banner(self, login="oc_clerk"):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(BANNER)["message"]

    def test_no_banner_when_every_step_has_a_reviewer(self):
        self.assertFalse(self._banner())

    def test_no_banner_when_controls_are_off(self):
        self.steps.active = False
        self.company.order_control_enabled = False
        self.assertFalse(self._banner())

    def test_banner_without_an_active_review_step(self):
        self.steps.active = False
        message = self._banner()
        self.assertIn("no review step is active", message)
        self.assertIn(self.company.name, message)

    def test_banner_names_the_steps_nobody_can_act_on(self):
        nobody = self.env["res.groups"].create({"name": "Empty reviewers"})
        self.env["order.review.step"].create(
            {
                "name": "Export licence check",
                "step_type": "review",
                "group_id": nobody.id,
                "condition": "always",
            }
        )
        # a user of another company, or an archived one, acts on nothing here
        other = self.env["res.company"].create({"name": "Other Co"})
        self.reviewer2.write({"groups_id": [(4, nobody.id)]})
        self.reviewer2.write(
            {"company_ids": [Command.set(other.ids)], "company_id": other.id}
        )
        message = self._banner()
        self.assertIn(
            "nobody can act on the review step(s) Export licence check", message
        )
        self.assertNotIn("First review", message)
        # once a reviewer of the company joins the group the banner goes away
        self.reviewer.write({"groups_id": [(4, nobody.id)]})
        self.assertFalse(self._banner())

    def test_no_banner_for_users_outside_sales(self):
        self.steps.active = False
        self.assertFalse(self._banner("oc_finance"))

    def test_banner_shows_on_the_quotations_list(self):
        self.steps.active = False
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "order_entry_control_setup_banner",
            login="oc_clerk",
        )


@tagged("post_install", "-at_install")
class TestSettingsExplained(TransactionCase):
    """Settings > Order Control is laid out as Odoo's Sales settings are (issue
    23, point 11): one app section, one block per regulation, every setting
    with a label and a one-line help, no help twice, hours said as such."""

    def _app(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        apps = etree.fromstring(arch).xpath("//app[@name='order_entry_control']")
        self.assertEqual(len(apps), 1)
        return apps[0]

    def test_one_block_per_regulation(self):
        names = self._app().xpath("./block/@name")
        for name in (
            "order_control_setting_container",
            "order_control_entry_container",
            "order_control_review_container",
            "order_control_reservation_container",
            "order_control_notify_container",
        ):
            self.assertIn(name, names)
        for block in self._app().xpath("./block"):
            self.assertTrue(block.get("title"), block.get("name"))

    def test_every_order_control_setting_is_explained(self):
        settings = self._app().xpath(".//setting")
        self.assertGreaterEqual(len(settings), 20)
        helps = []
        for setting in settings:
            name = setting.get("id")
            help_text = setting.get("help")
            self.assertTrue(help_text, name)
            helps.append(help_text)
            # a label: the setting's own, or its first field's
            first = setting[0] if len(setting) else None
            self.assertTrue(
                setting.get("string") or (first is not None and first.tag == "field"),
                name,
            )
            hour_fields = [
                f for f in setting.xpath(".//field/@name") if f.endswith("_hours")
            ]
            if hour_fields:
                text = " ".join(setting.itertext()) + help_text
                self.assertRegex(text, "working hours|around the clock", name)
        self.assertEqual(len(helps), len(set(helps)), "a help appears twice")
