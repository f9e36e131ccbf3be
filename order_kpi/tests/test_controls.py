# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The controls hold against the people they control (DESIGN, principle 10):
no client context flag lifts the lock, skips a check or makes a fine
automatic, and the figures are written by the computation only."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MONTH, KpiFixtures

RULE_LOGGERS = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
# What an RPC client can put in its context: JSON values.
CLIENT_VALUES = (True, 1, "1", "order_kpi_locking", {"x": 1})


@tagged("post_install", "-at_install")
class TestKpiControls(KpiFixtures, TransactionCase):
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
        cls.fine = cls.card[cls.reviewer].adjustment_ids
        cls.Adjustment = cls.env["order.kpi.adjustment"]

    def _spot_check(self, user, card=None, context=None, **vals):
        return (
            self.Adjustment.with_user(user)
            .with_context(**(context or {}))
            .create(
                {
                    "scorecard_id": (card or self.card[self.clerk]).id,
                    "kind": "spot_check",
                    "points": 30.0,
                    "reason": "Spot check of March orders",
                    **vals,
                }
            )
        )

    def test_an_auditor_does_not_adjust_his_own_scorecard(self):
        own = self.card.get(self.auditor) or self.card[self.clerk].sudo().copy(
            {"user_id": self.auditor.id}
        )
        with self.assertRaises(AccessError):
            self._spot_check(self.auditor, card=own)
        self.assertFalse(own.adjustment_ids.filtered(lambda a: not a.automatic))

    # === CONTEXT FLAGS === #

    def test_client_context_does_not_lift_the_month_lock(self):
        card = self.card[self.clerk]
        self._score_manual_areas()
        card.with_user(self.auditor).action_lock()
        total = card.total_score
        for value in CLIENT_VALUES:
            with self.subTest(value=value):
                # not even code writing as superuser with the client's context
                with self.assertRefused(UserError, "locked"):
                    card.sudo().with_context(order_kpi_locking=value).write(
                        {"base_score": 99.0}
                    )
                with self.assertRefused(UserError, "locked"):
                    card.with_user(self.auditor).with_context(
                        order_kpi_locking=value
                    ).write({"base_score": 99.0})
                with self.assertRefused(UserError, "locked"):
                    self._spot_check(
                        self.auditor,
                        card,
                        context={
                            "order_kpi_locking": value,
                            "order_kpi_automatic": value,
                        },
                    )
        self.assertEqual(card.total_score, total)
        self.assertEqual(card.state, "locked")

    def test_client_context_does_not_skip_the_weight_check(self):
        accuracy = self.env.ref("order_kpi.order_kpi_definition_entry_accuracy")
        for value in CLIENT_VALUES:
            with self.subTest(value=value):
                definition = accuracy.with_user(self.manager).with_context(
                    order_kpi_defer_weight_check=value
                )
                with self.assertRefused(ValidationError, "not 100 %"):
                    definition.weight = 30.0
                with self.assertRefused(ValidationError, "between 0 and 100"):
                    definition.weight = 130.0
                with self.assertRefused(ValidationError, "not 100 %"):
                    definition.active = False
        self.assertEqual(accuracy.weight, 32.0)

    def test_client_context_does_not_make_an_adjustment_automatic(self):
        for value in CLIENT_VALUES:
            with self.subTest(value=value):
                check = self._spot_check(
                    self.auditor, context={"order_kpi_automatic": value}
                )
                self.assertFalse(check.automatic)
                # a user's spot check moves the ranking at once
                self.assertEqual(self.card[self.clerk].rank, 1)
                check.unlink()
                self.assertEqual(self.card[self.clerk].rank, 2)
        # nor lets someone else than the audit group record one
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            self.Adjustment.with_user(self.reviewer).with_context(
                order_kpi_automatic=True
            ).create(
                {
                    "scorecard_id": self.card[self.reviewer].id,
                    "kind": "spot_check",
                    "points": 50.0,
                    "reason": "My own bonus",
                }
            )
        # nor removes or changes an automatic fine
        fine = self.fine.with_user(self.auditor).with_context(order_kpi_automatic=True)
        with self.assertRefused(UserError, "only by recomputing"):
            fine.unlink()
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            fine.amount = 0.0
        self.assertTrue(self.fine.exists())

    # === FIELD POLICY === #

    def test_scorecard_figures_are_the_computation_s(self):
        card = self.card[self.clerk]
        forged = {
            "state": "locked",
            "base_score": 99.0,
            "total_score": 99.0,
            "band": "excellent",
            "bonus_percent": 100.0,
            "rank": 1,
            "user_id": self.clerk2.id,
            "team_id": False,
            "month": MONTH.replace(month=2),
            "locked_by_id": self.auditor.id,
            "computed_on": "2026-04-01 00:00:00",
        }
        before = card.read(list(forged))
        for user in (self.auditor, self.manager):
            for name, value in forged.items():
                with self.subTest(user=user.login, field=name):
                    with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                        card.with_user(user).write({name: value})
        self.assertEqual(card.read(list(forged)), before)
        Scorecard = self.Scorecard.with_user(self.auditor)
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            Scorecard.create(
                {
                    "month": MONTH,
                    "scope": "user",
                    "user_id": self.salesman.id,
                    "state": "confirmed",
                }
            )
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            card.with_user(self.auditor).copy({"state": "draft"})

    def test_adjustment_stamps_are_not_the_user_s(self):
        for vals in ({"automatic": True}, {"user_id": self.clerk.id}):
            with self.subTest(vals=vals):
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    self._spot_check(self.auditor, **vals)
        # context defaults are ignored
        check = (
            self.Adjustment.with_user(self.auditor)
            .with_context(default_automatic=True, default_user_id=self.clerk.id)
            .create(
                {
                    "scorecard_id": self.card[self.clerk].id,
                    "kind": "penalty",
                    "amount": 20.0,
                    "reason": "Wrong delivery address",
                }
            )
        )
        self.assertFalse(check.automatic)
        self.assertEqual(check.user_id, self.auditor)
        # the auditor's own fields stay editable; the stamps do not
        check.write({"amount": 30.0, "reason": "Wrong delivery address (twice)"})
        self.assertEqual(check.amount, 30.0)
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            check.automatic = True
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            check.copy({"automatic": True})

    def test_automatic_fine_is_the_computation_s(self):
        self.assertTrue(self.fine.automatic)
        fine = self.fine.with_user(self.manager)
        for name, value in (
            ("amount", 0.0),
            ("reason", "Forgiven"),
            ("kind", "spot_check"),
            ("scorecard_id", self.card[self.clerk].id),
        ):
            with self.subTest(field=name):
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    fine.write({name: value})
        with self.assertRefused(UserError, "only by recomputing"):
            fine.unlink()
        # recomputing replaces it
        self.card[self.reviewer].with_user(self.auditor).action_compute()
        self.assertFalse(self.fine.exists())
        self.assertTrue(self.card[self.reviewer].adjustment_ids.automatic)

    def test_kpi_values_are_the_computation_s(self):
        line = self.card[self.clerk].line_ids[:1].with_user(self.auditor)
        value = line.value
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            line.value = 100.0
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            line.copy({"value": 100.0})
        with self.assertRefused(UserError, "only when the scorecard is computed"):
            line.unlink()
        self.assertEqual(line.value, value)
