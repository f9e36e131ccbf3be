# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from ..tools.scoring import area_score
from .common import MONTH, TRACKER, KpiFixtures


@tagged("post_install", "-at_install")
class TestScorecard(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls._build_march()
        cls.Scorecard.with_user(cls.auditor)._order_kpi_compute_month(
            cls.company, MONTH
        )
        cards = cls.Scorecard.search([("month", "=", MONTH), ("scope", "=", "user")])
        cls.card = {c.user_id: c for c in cards}

    def _spot_check(self, card, points, reason="Spot check of March orders"):
        return (
            self.env["order.kpi.adjustment"]
            .with_user(self.auditor)
            .create(
                {
                    "scorecard_id": card.id,
                    "kind": "spot_check",
                    "points": points,
                    "reason": reason,
                }
            )
        )

    def test_band_boundaries(self):
        # clerk: KPI score 26 (see test_kpi_facts); spot checks move the total
        card = self.card[self.clerk]
        self.assertEqual(card.base_score, 26.0)
        expected = [
            (84.99, "good", 80.0),
            (85.0, "excellent", 100.0),
            (69.99, "pass", 60.0),
            (70.0, "good", 80.0),
            (59.99, "fail", 0.0),
            (60.0, "pass", 60.0),
        ]
        adjustment = self._spot_check(card, 0.0)
        for total, band, bonus in expected:
            with self.subTest(total=total):
                adjustment.points = round(total - 26.0, 2)
                self.assertAlmostEqual(card.total_score, total, places=2)
                self.assertEqual(card.band, band)
                self.assertEqual(card.bonus_percent, bonus)

    def test_bands_and_bonus_are_settings(self):
        self.company.write(
            {"order_kpi_band_excellent": 90.0, "order_kpi_bonus_good": 70.0}
        )
        self.assertEqual(self.company._order_kpi_band(89.99), "good")
        self.assertEqual(self.company._order_kpi_band(90.0), "excellent")
        self.assertEqual(self.company._order_kpi_bonus("good"), 70.0)
        with self.assertRefused(ValidationError, "must rise between 0 and 100"):
            self.company.order_kpi_band_good = 95.0
        with self.assertRefused(ValidationError, "cannot fall"):
            self.company.order_kpi_bonus_pass = 90.0

    def test_tracking_counts_only_for_trackers(self):
        """A clerk named tracker of an order (the old default) is not scored on
        tracking unless she holds the Order Tracker role."""
        clerk2_card = self.card[self.clerk2]
        clerk_only = clerk2_card.base_score
        self.assertEqual(set(clerk2_card.line_ids.mapped("role")), {"clerk"})
        o3 = self.env["sale.order"].search(
            [("tracker_id", "=", self.tracker.id), ("user_id", "=", self.clerk2.id)]
        )
        self.assertEqual(len(o3), 1)
        o3.sudo().tracker_id = self.clerk2
        self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
            self.company, MONTH
        )
        self.assertFalse(self.clerk2.has_group(TRACKER))
        self.assertEqual(set(clerk2_card.line_ids.mapped("role")), {"clerk"})
        self.assertFalse(
            clerk2_card.line_ids.filtered(
                lambda line: line.definition_id.formula == "tracking_execution"
            )
        )
        self.assertEqual(clerk2_card.tracker_score, 0.0)
        self.assertEqual(clerk2_card.base_score, clerk_only)
        # once she is a tracker, her tracking counts
        self.clerk2.groups_id = [Command.link(self.env.ref(TRACKER).id)]
        self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
            self.company, MONTH
        )
        self.assertEqual(set(clerk2_card.line_ids.mapped("role")), {"clerk", "tracker"})
        self.assertTrue(
            clerk2_card.line_ids.filtered(
                lambda line: line.definition_id.formula == "tracking_execution"
            )
        )

    def test_total_is_clamped_to_0_100(self):
        card = self.card[self.clerk]
        adjustment = self._spot_check(card, 500.0)
        self.assertEqual(card.total_score, 100.0)
        adjustment.points = -500.0
        self.assertEqual(card.total_score, 0.0)

    def test_penalty_needs_a_reason(self):
        Adjustment = self.env["order.kpi.adjustment"].with_user(self.auditor)
        for reason in (False, "", "   "):
            with self.subTest(reason=reason):
                with self.assertRefused(ValidationError, "Give the reason"):
                    Adjustment.create(
                        {
                            "scorecard_id": self.card[self.clerk].id,
                            "kind": "penalty",
                            "amount": 20.0,
                            "reason": reason,
                        }
                    )
        penalty = Adjustment.create(
            {
                "scorecard_id": self.card[self.clerk].id,
                "kind": "penalty",
                "amount": 20.0,
                "reason": "Wrong delivery address on SO o2",
            }
        )
        self.assertEqual(self.card[self.clerk].penalty_amount, 20.0)
        with self.assertRefused(ValidationError, "Give the reason"):
            penalty.reason = " "

    def test_fine_per_review_error_follows_the_setting(self):
        self.company.order_kpi_review_fine = 50.0
        self.card[self.reviewer].with_user(self.auditor).action_compute()
        fines = self.card[self.reviewer].adjustment_ids
        self.assertEqual(len(fines), 1, "recomputing replaces the automatic fine")
        self.assertTrue(fines.automatic)
        self.assertEqual(fines.amount, 1 * 50.0)

    def test_ranking_follows_spot_checks(self):
        # clerk 26 passes clerk2 40.8 with 30 points
        self._spot_check(self.card[self.clerk], 30.0)
        self.assertEqual(self.card[self.clerk].rank, 1)
        self.assertEqual(self.card[self.clerk2].rank, 2)
        self.assertEqual(self.card[self.reviewer].rank, 3)

    def test_equal_scores_share_a_rank(self):
        # clerk 26 + 14.8 = clerk2 40.8
        self._spot_check(self.card[self.clerk], 14.8)
        self.assertEqual(self.card[self.clerk].rank, 1)
        self.assertEqual(self.card[self.clerk2].rank, 1)
        self.assertEqual(self.card[self.reviewer].rank, 3)

    def test_lock_asks_for_confirmation_naming_month_and_count(self):
        card = self.card[self.clerk]
        self._score_manual_areas()
        action = card.with_user(self.auditor).action_lock_confirm()
        self.assertEqual(action["res_model"], "order.kpi.month.wizard")
        wizard = self.env["order.kpi.month.wizard"].browse(action["res_id"])
        # the month's cards: clerk, clerk2, reviewer, approver, tracker (the
        # people of March's facts and decisions) and the East China team
        self.assertEqual(wizard.month_card_count, 6)
        self.assertIn("March 2026", wizard.summary)
        self.assertIn("6 scorecards will be locked", wizard.summary)
        self.assertEqual(card.state, "confirmed", "nothing locked before confirming")
        wizard.with_user(self.auditor).action_confirm()
        month_cards = self.Scorecard.search([("month", "=", MONTH)])
        self.assertEqual(len(month_cards), 6)
        self.assertEqual(set(month_cards.mapped("state")), {"locked"})

    def test_recompute_names_its_month(self):
        action = self.card[self.clerk].with_user(self.auditor).action_compute_confirm()
        wizard = self.env["order.kpi.month.wizard"].browse(action["res_id"])
        self.assertIn("Recompute March 2026", wizard.summary)
        self.assertEqual(wizard.month_card_count, 6)
        self.assertIs(wizard.with_user(self.auditor).action_confirm(), True)

    def test_only_auditors_open_the_month_confirmation(self):
        card = self.card[self.clerk].with_user(self.clerk)
        for action in (card.action_lock_confirm, card.action_compute_confirm):
            with self.assertRefused(AccessError, "audit group"):
                action()
        with self.assertRefused(AccessError, "."):
            self.env["order.kpi.month.wizard"].with_user(self.clerk).create(
                {"mode": "lock", "scorecard_ids": [Command.set(card.ids)]}
            )

    def test_lock_freezes_the_month(self):
        card = self.card[self.clerk]
        self._spot_check(card, 5.0)
        self._score_manual_areas()
        card.with_user(self.auditor).action_lock()
        month_cards = self.Scorecard.search([("month", "=", MONTH)])
        self.assertEqual(set(month_cards.mapped("state")), {"locked"})
        self.assertEqual(card.locked_by_id, self.auditor)
        total = card.total_score
        # orders change later: the locked figures stay
        self.o2.sudo().review_rejection_count = 0
        with self.assertRefused(UserError, "locked and cannot be recomputed"):
            card.with_user(self.auditor).action_compute()
        with self.assertRefused(UserError, "locked"):
            self._spot_check(card, 10.0)
        with self.assertRefused(UserError, "locked"):
            card.adjustment_ids.with_user(self.auditor).unlink()
        with self.assertRefused(UserError, "locked"):
            card.with_user(self.auditor).write({"base_score": 99.0})
        with self.assertRefused(UserError, "locked"):
            card.with_user(self.auditor).unlink()
        self.assertEqual(card.total_score, total)
        # the cron leaves a locked month alone
        with freeze_time("2026-04-02 02:00:00"):
            self.Scorecard._cron_compute_previous_month()
        self.assertEqual(card.total_score, total)
        self.assertEqual(card.state, "locked")

    def test_lock_needs_computed_scorecards(self):
        draft = self.Scorecard.create(
            {"month": date(2026, 2, 1), "scope": "user", "user_id": self.clerk.id}
        )
        with self.assertRefused(UserError, "Compute the scorecards"):
            draft.with_user(self.auditor).action_lock()

    def test_future_month_is_refused(self):
        with self.assertRefused(UserError, "has not started yet"):
            self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
                self.company, date(2026, 5, 1)
            )
        wizard = Form(self.env["order.kpi.compute.wizard"].with_user(self.auditor))
        wizard.month = date(2026, 6, 15)
        with self.assertRefused(UserError, "has not started yet"):
            wizard.save().action_compute()

    def test_recomputing_an_open_month_is_idempotent(self):
        cards = self.Scorecard.search([("month", "=", MONTH)])
        before = {c.id: (c.total_score, c.rank, len(c.line_ids)) for c in cards}
        with freeze_time("2026-04-01 02:00:00"):
            self.Scorecard._cron_compute_previous_month()
            self.Scorecard._cron_compute_previous_month()
        after = self.Scorecard.search([("month", "=", MONTH)])
        self.assertEqual(after, cards, "no duplicate scorecards")
        self.assertEqual(
            before, {c.id: (c.total_score, c.rank, len(c.line_ids)) for c in after}
        )
        self.assertEqual(len(self.card[self.reviewer].adjustment_ids), 1)

    def test_recompute_sees_later_changes_of_an_open_month(self):
        # the change request is rejected: o3 was entered accurately after all
        self.env["order.change.request"].search(
            [("order_id", "=", self.o3.id)]
        ).state = "rejected"
        self.card[self.clerk2].with_user(self.auditor).action_compute()
        line = self.card[self.clerk2].line_ids.filtered(
            lambda line: line.definition_id.formula == "entry_accuracy"
        )
        self.assertEqual(line.value, 100.0)
        self.assertEqual(self.card[self.reviewer].review_error_count, 0)
        self.assertFalse(self.card[self.reviewer].adjustment_ids)

    def test_cron_creates_last_month(self):
        with freeze_time("2026-04-01 02:00:00"):
            self.env.ref(
                "order_kpi.ir_cron_order_kpi_scorecards"
            ).method_direct_trigger()
        self.assertTrue(self.Scorecard.search([("month", "=", MONTH)]))
        with freeze_time("2026-05-01 02:00:00"):
            self.Scorecard._cron_compute_previous_month()
        april = self.Scorecard.search([("month", "=", date(2026, 4, 1))])
        # o6 (April) was entered by the clerk
        self.assertEqual(
            april.filtered(lambda c: c.scope == "user").user_id, self.clerk
        )

    def test_only_auditors_compute_and_lock(self):
        card = self.card[self.clerk].with_user(self.reviewer)
        with mute_logger("odoo.addons.base.models.ir_rule"):
            with self.assertRefused(AccessError, "Order KPI Auditor"):
                card.action_compute()
            with self.assertRefused(AccessError, "Order KPI Auditor"):
                card.action_lock()


@tagged("post_install", "-at_install")
class TestKpiDefinitions(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls.Definition = cls.env["order.kpi.definition"]

    def test_default_weights_add_up_per_role(self):
        definitions = self.Definition.search([("company_id", "=", False)])
        self.assertEqual(len(definitions), 11)
        # per role, and per assessment area for the tracker's areas (a database
        # upgraded from before the areas keeps its tracker KPIs without one)
        groups = {(d.role, d.area_id) for d in definitions}
        self.assertEqual(
            {role for role, _area in groups},
            {"clerk", "reviewer", "tracker", "warehouse"},
        )
        for role, area in groups:
            weights = definitions.filtered(
                lambda d, role=role, area=area: d.role == role and d.area_id == area
            )
            self.assertEqual(sum(weights.mapped("weight")), 100.0, (role, area.name))

    def test_weights_not_adding_up_are_refused(self):
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        # order entry: 32 + 24 + 24 + 20
        with self.assertRefused(ValidationError, "add up to 98.0 %, not 100 %"):
            accuracy.weight = 30.0
        with self.assertRefused(ValidationError, "add up to 68.0 %, not 100 %"):
            accuracy.active = False
        with self.assertRefused(ValidationError, "between 0 and 100"):
            accuracy.weight = 130.0

    def test_weights_change_together_in_the_wizard(self):
        wizard = Form(self.env["order.kpi.weight.wizard"])
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        cycle = self.env.ref("order_kpi.order_kpi_definition_cycle_time")
        for index in range(len(wizard.line_ids)):
            with wizard.line_ids.edit(index) as line:
                if line.definition_id == accuracy:
                    line.weight = 40.0
                elif line.definition_id == cycle:
                    line.weight = 16.0
        wizard.save().action_apply()
        self.assertEqual((accuracy.weight, cycle.weight), (40.0, 16.0))
        wizard = Form(self.env["order.kpi.weight.wizard"])
        with wizard.line_ids.edit(0) as line:
            line.weight += 1
        with self.assertRefused(ValidationError, "not 100 %"):
            wizard.save().action_apply()

    def test_targets_and_thresholds_have_a_range(self):
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        with self.assertRefused(ValidationError, "between 0 and 100 %"):
            accuracy.target = 120.0
        with self.assertRefused(ValidationError, "between 0 and 100 %"):
            accuracy.threshold_zero = -10.0
        cycle = self.env.ref("order_kpi.order_kpi_definition_cycle_time")
        with self.assertRefused(ValidationError, "between 0 and 1000 h"):
            cycle.threshold_zero = 5000.0
        with self.assertRefused(ValidationError, "between 0 and 1000 h"):
            cycle.target = -4.0
        cycle.write({"target": 2.0, "threshold_zero": 160.0})
        self.assertEqual((cycle.target, cycle.threshold_zero), (2.0, 160.0))

    def test_thresholds_out_of_order_are_refused(self):
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        with self.assertRefused(ValidationError, "must rise"):
            accuracy.threshold_pass = 96.0
        cycle = self.env.ref("order_kpi.order_kpi_definition_cycle_time")
        with self.assertRefused(ValidationError, "must fall"):
            cycle.threshold_good = 2.0

    def test_area_score_bands(self):
        # higher is better: target 95 -> 10, good 90 -> 8, pass 80 -> 5, zero 40
        cases = [
            (100, 10),
            (95, 10),
            (92.5, 9),
            (90, 8),
            (89.99, 7),
            (86.67, 7),
            (83.34, 6),
            (83.33, 5),
            (80, 5),
            (79.99, 4),
            (72, 4),
            (48, 1),
            (40, 0),
            (0, 0),
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(area_score(value, 95, 90, 80, 40), expected)
        # lower is better (hours): target 4 -> 10, good 8, pass 16, zero 40
        for value, expected in [
            (3, 10),
            (6, 9),
            (8, 8),
            (10, 7),
            (16, 5),
            (20, 4),
            (40, 0),
            (60, 0),
        ]:
            with self.subTest(hours=value):
                self.assertEqual(area_score(value, 4, 8, 16, 40, False), expected)
        self.assertIsNone(area_score(None, 95, 90, 80, 40))

    def test_dashboard_values_of_the_current_month(self):
        # March's orders (and April's first) are entered in the past; the
        # dashboard is then read on 20 March
        self._build_march()
        with freeze_time("2026-03-20 10:00:00"):
            self.env["order.kpi.work.interval"]._refresh(self.company)
            timeliness = self.env.ref(
                "order_kpi.order_kpi_definition_entry_timeliness"
            ).with_company(self.company)
            # o1, o3, o4 on time; o2 late
            self.assertEqual(timeliness.current_value, 3 / 4 * 100)
            self.assertEqual(timeliness.current_count, 4)
            self.assertTrue(timeliness.current_has_data)


@tagged("post_install", "-at_install")
class TestKpiCron(KpiFixtures, TransactionCase):
    """The monthly computation goes on past one bad scorecard or company."""

    LOGGER = "odoo.addons.order_kpi.models.order_kpi_scorecard"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls._build_march()

    def test_one_bad_scorecard_does_not_stop_the_others(self):
        Scorecard = type(self.Scorecard)
        score = Scorecard._order_kpi_score
        clerk = self.clerk

        def score_or_fail(card, *args, **kwargs):
            if card.user_id == clerk:
                raise ValueError("corrupt statistics")
            return score(card, *args, **kwargs)

        with (
            freeze_time("2026-04-01 02:00:00"),
            patch.object(Scorecard, "_order_kpi_score", score_or_fail),
            self.assertLogs(self.LOGGER, level="ERROR") as logs,
        ):
            self.env.ref(
                "order_kpi.ir_cron_order_kpi_scorecards"
            ).method_direct_trigger()
        self.assertIn("corrupt statistics", "\n".join(logs.output))
        cards = self.Scorecard.search([("month", "=", MONTH)])
        bad = cards.filtered(lambda c: c.user_id == clerk)
        self.assertEqual(bad.state, "draft", "left to compute: the month cannot lock")
        self.assertFalse(bad.line_ids)
        good = cards - bad
        self.assertEqual(len(good), 5, "clerk2, reviewer, approver, tracker, team")
        self.assertEqual(set(good.mapped("state")), {"confirmed"})
        self.assertTrue(all(card.line_ids for card in good))
        self.assertTrue(good.adjustment_ids.filtered("automatic"), "the fine")
        with self.assertRefused(UserError, "Compute the scorecards"):
            good.with_user(self.auditor).action_lock()
        # once fixed, the next run computes it
        with freeze_time("2026-04-01 02:00:00"):
            self.Scorecard._cron_compute_previous_month()
        self.assertEqual(bad.state, "confirmed")
        self.assertTrue(bad.line_ids)

    def test_one_bad_company_does_not_stop_the_others(self):
        other = self.env["res.company"].create({"name": "Guangzhou Branch"})
        Scorecard = type(self.Scorecard)
        compute = Scorecard._order_kpi_compute_month

        def compute_or_fail(model, company, *args, **kwargs):
            if company == other:
                raise ValueError("broken calendar")
            return compute(model, company, *args, **kwargs)

        other.sequence = -1
        self.assertEqual(self.env["res.company"].search([])[:1], other, "first")
        with (
            freeze_time("2026-04-01 02:00:00"),
            patch.object(Scorecard, "_order_kpi_compute_month", compute_or_fail),
            self.assertLogs(self.LOGGER, level="ERROR") as logs,
        ):
            self.Scorecard._cron_compute_previous_month()
        self.assertIn("broken calendar", "\n".join(logs.output))
        cards = self.Scorecard.search([("month", "=", MONTH)])
        self.assertEqual(len(cards), 6)
        self.assertEqual(set(cards.mapped("state")), {"confirmed"})
