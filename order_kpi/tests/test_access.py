# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MONTH, KpiFixtures


@tagged("post_install", "-at_install")
class TestKpiAccess(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls._build_march()
        cls.Scorecard.with_user(cls.auditor)._order_kpi_compute_month(
            cls.company, MONTH
        )
        cls.cards = cls.Scorecard.search([("month", "=", MONTH)])
        cls.clerk_card = cls.cards.filtered(lambda c: c.user_id == cls.clerk)
        cls.env.flush_all()

    def _adjust(self, user):
        return (
            self.env["order.kpi.adjustment"]
            .with_user(user)
            .create(
                {
                    "scorecard_id": self.clerk_card.id,
                    "kind": "penalty",
                    "amount": 20.0,
                    "reason": "Customer name abbreviated",
                }
            )
        )

    def test_clerk_sees_only_own_scorecard_and_facts(self):
        cards = self.Scorecard.with_user(self.clerk).search([("month", "=", MONTH)])
        self.assertEqual(cards, self.clerk_card)
        self.assertTrue(cards.line_ids)
        facts = self.Fact.with_user(self.clerk).search([])
        self.assertEqual(facts.order_id, self.o1 | self.o2 | self.o6)
        with (
            mute_logger("odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            self._adjust(self.clerk)
        with (
            mute_logger("odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            self.env.ref("order_kpi.order_kpi_definition_entry_accuracy").with_user(
                self.clerk
            ).target = 50.0

    def test_reviewer_reads_every_scorecard_but_does_not_audit(self):
        cards = self.Scorecard.with_user(self.reviewer).search([("month", "=", MONTH)])
        self.assertEqual(cards, self.cards)
        self.assertEqual(
            len(
                self.Fact.with_user(self.reviewer).search(
                    [("business_date", ">=", MONTH)]
                )
            ),
            5,
        )
        with (
            mute_logger("odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            self._adjust(self.reviewer)

    def test_auditor_records_penalties_and_locks(self):
        penalty = self._adjust(self.auditor)
        self.assertEqual(penalty.user_id, self.auditor)
        self.clerk_card.with_user(self.auditor).action_lock()
        self.assertEqual(self.clerk_card.state, "locked")

    def test_manager_edits_definitions(self):
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        accuracy.with_user(self.manager).target = 99.0
        self.assertEqual(accuracy.target, 99.0)
        self.assertTrue(self.manager.has_group("order_kpi.group_order_kpi_auditor"))

    def test_other_company_is_hidden(self):
        other = self.env["res.company"].create({"name": "Guangzhou Branch"})
        self.auditor.company_ids |= other
        cards = (
            self.Scorecard.with_user(self.auditor)
            .with_context(allowed_company_ids=other.ids)
            .search([])
        )
        self.assertFalse(cards)
