# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The compute wizard of scorecards computes only for the companies its user
is allowed in, whatever company a client gives it."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MONTH, KpiFixtures

ALLOWED = "only for your allowed companies"


@tagged("post_install", "-at_install")
class TestComputeWizardCompany(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls.other = cls.env["res.company"].create({"name": "Guangzhou Branch"})

    def _wizard(self, company, lang="en_US"):
        return (
            self.env["order.kpi.compute.wizard"]
            .with_user(self.auditor)
            .with_context(lang=lang)
            .create({"company_id": company.id, "month": MONTH})
        )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_another_company_is_refused(self):
        # the wizard's company forged over RPC
        with self.assertRefused(AccessError, ALLOWED) as caught:
            self._wizard(self.other).action_compute()
        self.assertIn(self.company.name, str(caught.exception))
        self.assertNotIn(self.other.name, str(caught.exception))
        cards = self.env["order.kpi.scorecard"].search(
            [("company_id", "=", self.other.id)]
        )
        self.assertFalse(cards)

    def test_another_company_is_refused_in_the_user_s_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["order_kpi"], ["zh_CN"])
        with self.assertRefused(AccessError, "有权访问的公司") as caught:
            self._wizard(self.other, lang="zh_CN")
        self.assertIn(self.company.name, str(caught.exception))

    def test_written_company_is_refused(self):
        wizard = self._wizard(self.company)
        with self.assertRefused(AccessError, ALLOWED):
            wizard.write({"company_id": self.other.id})

    def test_an_allowed_company_is_computed(self):
        self.auditor.company_ids = [Command.link(self.other.id)]
        action = self._wizard(self.other).action_compute()
        self.assertEqual(
            action["domain"],
            [("company_id", "=", self.other.id), ("month", "=", MONTH)],
        )
        # and its own company, as before
        action = self._wizard(self.company).action_compute()
        self.assertEqual(
            action["domain"],
            [("company_id", "=", self.company.id), ("month", "=", MONTH)],
        )
