# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.order_entry_control.tests.common import MANAGER, SALESMAN

from .common import AUDITOR, MONTH, KpiFixtures

RULE_LOGGERS = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKpiAccess(KpiFixtures, TransactionCase):
    """Who reads which scorecards, KPI values and penalties (one test per role)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls.lead = new_test_user(
            cls.env,
            login="kpi_lead",
            groups=f"base.group_user,{SALESMAN}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            name="KPI Team Lead",
        )
        cls.team.user_id = cls.lead
        cls._build_march()
        cls.Scorecard.with_user(cls.auditor)._order_kpi_compute_month(
            cls.company, MONTH
        )
        cls.cards = cls.Scorecard.search([("month", "=", MONTH)])
        cls.card = {c.user_id: c for c in cls.cards if c.scope == "user"}
        cls.clerk_card = cls.card[cls.clerk]
        cls.team_cards = cls.cards.filtered(lambda c: c.team_id == cls.team)
        cls.fines = cls.cards.adjustment_ids
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

    def _readable(self, user, env=None):
        """The scorecards, KPI values and penalties of March ``user`` reads."""
        env = env or self.env
        month = [("month", "=", MONTH)]
        return (
            env["order.kpi.scorecard"].with_user(user).search(month),
            env["order.kpi.scorecard.line"].with_user(user).search(month),
            env["order.kpi.adjustment"]
            .with_user(user)
            .search([("scorecard_id.month", "=", MONTH)]),
        )

    def assertReads(self, user, cards):
        read_cards, lines, adjustments = self._readable(user)
        self.assertEqual(read_cards, cards)
        self.assertEqual(lines, cards.line_ids)
        self.assertEqual(adjustments.sudo(), cards.sudo().adjustment_ids)

    def assertCannotRead(self, user, card):
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            card.with_user(user).read(["bonus_percent", "total_score"])

    def test_fixture(self):
        self.assertEqual(
            set(self.card),
            {self.clerk, self.clerk2, self.reviewer, self.approver, self.tracker},
        )
        self.assertEqual(len(self.team_cards), 4, "3 members and the team")
        self.assertTrue(self.card[self.reviewer].adjustment_ids, "a review error")

    def test_clerk_reads_own_scorecard_and_facts(self):
        self.assertReads(self.clerk, self.clerk_card)
        self.assertCannotRead(self.clerk, self.card[self.clerk2])
        facts = self.Fact.with_user(self.clerk).search([])
        self.assertEqual(facts.order_id, self.o1 | self.o2 | self.o6)
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            self._adjust(self.clerk)
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            self.env.ref("order_kpi.order_kpi_definition_entry_accuracy").with_user(
                self.clerk
            ).target = 50.0

    def test_reviewer_reads_own_scorecard_only(self):
        # reviewers read every order (all_leads), hence every fact, but not
        # the others' scores, bonuses and penalties
        self.assertReads(self.reviewer, self.card[self.reviewer])
        self.assertCannotRead(self.reviewer, self.clerk_card)
        self.assertEqual(
            len(
                self.Fact.with_user(self.reviewer).search(
                    [("business_date", ">=", MONTH)]
                )
            ),
            5,
        )
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            self._adjust(self.reviewer)

    def test_tracker_reads_own_scorecard_only(self):
        self.assertTrue(
            self.tracker.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertReads(self.tracker, self.card[self.tracker])
        self.assertCannotRead(self.tracker, self.card[self.reviewer])

    def test_team_lead_reads_the_team(self):
        self.assertReads(self.lead, self.team_cards)
        self.assertIn(self.card[self.reviewer].adjustment_ids, self.fines)
        self.assertCannotRead(self.lead, self.card[self.approver])
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            self._adjust(self.lead)

    def test_auditor_reads_all_records_penalties_and_locks(self):
        self.assertReads(self.auditor, self.cards)
        penalty = self._adjust(self.auditor)
        self.assertEqual(penalty.user_id, self.auditor)
        self._score_manual_areas(self.clerk_card.month)
        self.clerk_card.with_user(self.auditor).action_lock()
        self.assertEqual(self.clerk_card.state, "locked")

    def test_manager_reads_all(self):
        self.assertTrue(self.manager.has_group(AUDITOR))
        self.assertReads(self.manager, self.cards)

    def test_other_company_reads_nothing(self):
        other = self.env["res.company"].create({"name": "Guangzhou Branch"})
        outsider = new_test_user(
            self.env,
            login="kpi_gz_manager",
            groups=f"base.group_user,{MANAGER}",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        for record in self._readable(outsider):
            self.assertFalse(record)
        self.assertCannotRead(outsider, self.clerk_card)
        self.auditor.company_ids |= other
        cards, lines, adjustments = self._readable(
            self.auditor, self.env(context={"allowed_company_ids": other.ids})
        )
        self.assertFalse(cards | lines.scorecard_id | adjustments.scorecard_id)

    def test_manager_edits_shared_definitions_only_if_in_every_company(self):
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        self.assertFalse(accuracy.company_id)
        # one company: its manager is allowed in every company
        accuracy.with_user(self.manager).target = 99.0
        self.assertEqual(accuracy.target, 99.0)
        other = self.env["res.company"].create({"name": "Guangzhou Branch"})
        outsider = new_test_user(
            self.env,
            login="kpi_gz_manager",
            groups=f"base.group_user,{MANAGER}",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        for user in (self.manager, outsider):
            with self.subTest(user=user.login):
                definition = accuracy.with_user(user)
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    definition.target = 97.0
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    definition.active = False
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    definition.unlink()
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    definition.copy({"name": "Copy"})
        self.assertEqual(accuracy.target, 99.0)
        self.assertTrue(accuracy.active)
        # a manager of both companies, and the administrator, may
        self.manager.company_ids |= other
        accuracy.with_user(self.manager).target = 98.5
        accuracy.with_user(self.env.ref("base.user_admin")).target = 98.0
        self.assertEqual(accuracy.target, 98.0)
        # a company's own KPI is its manager's
        own = (
            self.env["order.kpi.definition"]
            .with_user(outsider)
            .with_company(other)
            .create(
                {
                    "name": "Guangzhou entry accuracy",
                    "formula": "entry_accuracy",
                    "role": "clerk",
                    "company_id": other.id,
                    "weight": 100.0,
                    "target": 99.0,
                    "threshold_good": 95.0,
                    "threshold_pass": 90.0,
                    "threshold_zero": 50.0,
                }
            )
        )
        own.target = 98.0
        self.assertEqual(own.target, 98.0)
