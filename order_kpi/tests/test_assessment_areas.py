# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The tracker's four areas (execution tracking, problem solving, coordination,
attitude), the share of typed inputs per KPI, and KPI names per reader."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MONTH, KpiFixtures, sh

RULE_LOGGERS = ("odoo.addons.base.models.ir_rule", "odoo.models")


@tagged("post_install", "-at_install")
class TestAssessmentAreas(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        # the default bands and bonuses, stated: pass from 60 (60 %), good
        # from 70 (80 %), excellent from 85 (100 %)
        cls.company.write(
            {
                "order_kpi_band_pass": 60.0,
                "order_kpi_band_good": 70.0,
                "order_kpi_band_excellent": 85.0,
                "order_kpi_bonus_pass": 60.0,
                "order_kpi_bonus_good": 80.0,
                "order_kpi_bonus_excellent": 100.0,
            }
        )

        def salesman(login):
            return new_test_user(
                cls.env,
                login=f"kpi_{login}",
                groups="base.group_user,sales_team.group_sale_salesman",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                name=f"KPI {login.title()}",
            )

        cls.leader = salesman("leader")
        cls.outsider = salesman("outsider")
        cls.tracking_team = cls.env["crm.team"].create(
            {
                "name": "Tracking",
                "company_id": cls.company.id,
                "user_id": cls.leader.id,
                "member_ids": [Command.set(cls.tracker.ids)],
            }
        )
        # one order tracked in March, released Monday 2 March 11:00
        order = cls._kpi_order(
            cls.clerk,
            sh(2026, 3, 2, 9, 0),
            sh(2026, 3, 2, 9, 30),
            released_datetime=sh(2026, 3, 2, 11, 0),
            tracker_id=cls.tracker.id,
            customer_feedback_score=80,
        )
        Milestone = cls.env["order.milestone"]

        def milestone(code, planned, actual, **vals):
            return Milestone.create(
                {
                    "order_id": order.id,
                    "type_id": cls.milestone_types[code].id,
                    "date_planned": planned,
                    "date_actual": actual,
                    **vals,
                }
            )

        # delivered from the delivery (a document), shipped typed by the
        # tracker, feedback typed and back-dated with a reason: all on time
        milestone(
            "delivered",
            sh(2026, 3, 10, 12, 0),
            sh(2026, 3, 9, 10, 0),
            actual_source="document",
        )
        milestone(
            "shipped",
            sh(2026, 3, 6, 12, 0),
            sh(2026, 3, 6, 9, 0),
            actual_source="typed",
        )
        milestone(
            "feedback",
            sh(2026, 3, 12, 12, 0),
            sh(2026, 3, 11, 9, 0),
            actual_source="typed",
            backdate_reason="Customer called on Wednesday, logged on Monday",
        )
        Exception_ = cls.env["order.exception"]

        def exception(name, state, deadline, resolved, response="Fixed"):
            return Exception_.create(
                {
                    "order_id": order.id,
                    "name": name,
                    "user_id": cls.tracker.id,
                    "state": state,
                    "date_deadline": deadline,
                    "date_resolved": resolved,
                    "response": response,
                }
            )

        # 4 exceptions due, 3 solved by their deadline with a response
        exception("Truck late", "resolved", sh(2026, 3, 6, 18), sh(2026, 3, 5, 10))
        exception("Label wrong", "resolved", sh(2026, 3, 5, 18), sh(2026, 3, 5, 17))
        exception("Stock short", "resolved", False, sh(2026, 3, 9, 10))
        exception("Box damaged", "resolved", sh(2026, 3, 6, 18), sh(2026, 3, 8, 10))
        # not counted: cancelled, and open but not due yet (the database's
        # clock decides what is past due, as for milestones)
        exception("Duplicate", "cancelled", sh(2026, 3, 6, 18), sh(2026, 3, 6, 10))
        exception("Payment slow", "open", sh(2099, 5, 1, 18), False, response=False)
        cls.order = order
        cls.Scorecard.with_user(cls.auditor)._order_kpi_compute_month(
            cls.company, MONTH
        )
        cls.card = cls.Scorecard.search(
            [("month", "=", MONTH), ("user_id", "=", cls.tracker.id)]
        )

    def _area(self, code, card=None):
        return (card or self.card).area_ids.filtered(lambda a: a.area_id.code == code)

    def _score(self, user, code, score, reason="Answered every department at once"):
        return self._area(code).with_user(user)._order_kpi_set_score(score, reason)

    def test_four_areas_scaled_to_100(self):
        card = self.card
        self.assertEqual(card.team_id, self.tracking_team)
        self.assertEqual(
            card.area_ids.mapped("area_id.code"),
            ["execution", "problem_solving", "coordination", "attitude"],
        )
        self.assertEqual(card.area_ids.mapped("weight"), [25.0] * 4)
        # execution tracking: on-time delivery 1/1 = 100 % -> 10 (40 %),
        # satisfaction 80 (pass 75, good 85: 5 + floor(3 x 5/10)) -> 6 (30 %),
        # milestones 3/3 on time -> 10 (30 %): 4 + 1.8 + 3 = 8.8 -> 9 points
        lines = {line.definition_id.formula: line for line in card.line_ids}
        self.assertEqual(lines["on_time_delivery"].area_score, 10)
        self.assertEqual(lines["satisfaction"].area_score, 6)
        self.assertEqual(lines["tracking_execution"].area_score, 10)
        self.assertEqual(self._area("execution").score, 9)
        # problem solving: 3 of 4 exceptions due solved = 75 %
        # (pass 65, good 85: 5 + floor(3 x 10/20)) -> 6 points
        self.assertEqual(lines["problem_solving"].value, 75.0)
        self.assertEqual(lines["problem_solving"].sample_count, 4)
        self.assertEqual(self._area("problem_solving").score, 6)
        # not scored yet: provisional (9 + 6) / 20 x 100, the lock waits
        self.assertEqual(card.areas_to_score, "Coordination, Attitude")
        self.assertEqual(card.tracker_score, 75.0)
        # the team leader scores coordination, an auditor attitude
        self._score(self.leader, "coordination", 8)
        self._score(self.auditor, "attitude", 4, "Missed two daily reports")
        # (9 + 6 + 8 + 4) / 40 x 100 = 67.5: pass, bonus 60 %
        self.assertEqual(card.tracker_score, 67.5)
        self.assertEqual(card.base_score, 67.5)
        self.assertEqual(card.total_score, 67.5)
        self.assertEqual(card.band, "pass")
        self.assertEqual(card.bonus_percent, 60.0)
        self.assertEqual(
            card.area_ids.mapped("level"), ["good", "fair", "good", "poor"]
        )
        coordination = self._area("coordination")
        self.assertEqual(coordination.scored_by_id, self.leader)
        self.assertEqual(coordination.reason, "Answered every department at once")
        self.assertTrue(coordination.scored_on)
        self.assertFalse(card.areas_to_score)
        # recomputing the month keeps the scores given
        card.with_user(self.auditor).action_compute()
        self.assertEqual(card.total_score, 67.5)
        self.assertEqual(self._area("attitude").scored_by_id, self.auditor)
        # now the month locks, and a locked card is scored no more
        card.with_user(self.auditor).action_lock()
        self.assertEqual(card.state, "locked")
        with self.assertRefused(UserError, "locked"):
            self._score(self.leader, "coordination", 10)
        self.assertEqual(self._area("coordination").score, 8)

    def test_lock_names_who_is_not_scored(self):
        with self.assertRefused(UserError, r"KPI Tracker \(Coordination, Attitude\)"):
            self.card.with_user(self.auditor).action_lock()
        with self.assertRefused(UserError, "cannot be locked yet"):
            self.card.with_user(self.auditor).action_lock_confirm()
        self._score(self.leader, "coordination", 8)
        with self.assertRefused(UserError, r"KPI Tracker \(Attitude\)"):
            self.card.with_user(self.auditor).action_lock()
        self.assertEqual(self.card.state, "confirmed")

    def test_score_refusals(self):
        with self.assertRefused(ValidationError, "reason"):
            self._score(self.leader, "coordination", 8, reason="   ")
        for score in (-1, 11, 7.5):
            with (
                self.subTest(score=score),
                self.assertRefused(ValidationError, "0 to 10"),
            ):
                self._score(self.leader, "coordination", score)
        with self.assertRefused(AccessError, "Nobody scores his own"):
            self._score(self.tracker, "coordination", 10)
        # someone unrelated does not even read the scorecard
        with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
            self._score(self.outsider, "coordination", 10)
        # and one who could read it without being the supervisor is refused too
        row = self._area("coordination")
        row.mapped("scorecard_id.state")  # in the cache, as the web client reads
        row.mapped("area_id.name")
        self.assertRegex(
            str(row.with_user(self.outsider)._order_kpi_score_refusal()),
            "supervisor",
        )
        with self.assertRefused(UserError, "computed from the KPIs"):
            self._score(self.auditor, "execution", 10)
        self.assertFalse(self.card.area_ids.filtered("scored_by_id"))

    def test_nobody_scores_over_rpc(self):
        """The tracker (and even an auditor) cannot write a score, a reason or
        a stamp directly, nor create a scored area: only the Score action."""
        row = self._area("coordination")
        forged = {
            "has_score": True,
            "score": 10,
            "reason": "Great",
            "scored_by_id": self.leader.id,
        }
        for user in (self.tracker, self.auditor):
            with self.subTest(user=user.login):
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    row.with_user(user).write(forged)
                with mute_logger(*RULE_LOGGERS), self.assertRaises(AccessError):
                    self.env["order.kpi.scorecard.area"].with_user(user).create(
                        {"scorecard_id": self.card.id, "area_id": row.area_id.id}
                        | forged
                    )
        with self.assertRefused(AccessError, "Nobody scores his own"):
            row.with_user(self.tracker).action_open_score_wizard()
        self.assertFalse(row.has_score)

    def test_score_wizard(self):
        row = self._area("attitude")
        self.assertFalse(row.with_user(self.tracker).can_score)
        self.assertFalse(row.with_user(self.outsider).can_score)
        self.assertTrue(row.with_user(self.leader).can_score)
        self.assertFalse(self._area("execution").with_user(self.leader).can_score)
        action = row.with_user(self.leader).action_open_score_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.leader)
            .with_context(**action["context"])
        )
        wizard.score = 9
        wizard.reason = "Helped the warehouse at the month-end peak"
        wizard.save().action_confirm()
        self.assertEqual(
            (row.score, row.level, row.scored_by_id), (9, "good", self.leader)
        )
        # the scored-by and the reason show in the area table
        self.assertEqual(row.explanation, "Helped the warehouse at the month-end peak")
        self.assertIn("Tracking execution: 10", self._area("execution").explanation)

    def test_share_of_typed_inputs(self):
        lines = {line.definition_id.formula: line for line in self.card.line_ids}
        # milestones: 3 due, shipped and feedback typed, feedback back-dated
        execution = lines["tracking_execution"]
        self.assertEqual((execution.typed_count, execution.sample_count), (2, 3))
        self.assertEqual(execution.backdated_count, 1)
        self.assertEqual(
            execution.typed_summary,
            "typed 2 / 3 (67 %) · 1 back-dated with a reason",
        )
        # delivery: from a document
        self.assertEqual(lines["on_time_delivery"].typed_summary, "typed 0 / 1 (0 %)")
        # satisfaction: a feedback score typed by staff
        self.assertEqual(lines["satisfaction"].typed_summary, "typed 1 / 1 (100 %)")
        # the customer's own rating (portal) replaces it: nothing typed
        self.env["order.customer.rating"].sudo().create(
            {
                "order_id": self.order.id,
                "score": 4,
                "source": "portal",
                "rated_on": sh(2026, 3, 12, 10, 0),
            }
        )
        self.card.with_user(self.auditor).action_compute()
        lines = {line.definition_id.formula: line for line in self.card.line_ids}
        self.assertEqual(lines["satisfaction"].typed_summary, "typed 0 / 1 (0 %)")
        # problem solving is counted from exceptions: never typed
        self.assertFalse(lines["problem_solving"].typed_summary)

    def test_line_names_in_each_readers_language(self):
        for lang in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(lang)
        definition = self.env.ref("order_kpi.order_kpi_definition_tracking_execution")
        definition.update_field_translations(
            "name", {"zh_CN": "跟踪执行", "zh_TW": "跟蹤執行"}
        )
        self.card.with_user(self.auditor).action_compute()
        line = self.card.line_ids.filtered(
            lambda item: item.definition_id == definition
        )
        readers = {}
        for lang in ("en_US", "zh_CN", "zh_TW"):
            self.auditor.lang = lang
            readers[lang] = line.with_user(self.auditor).with_context(lang=lang).name
        self.assertEqual(
            readers,
            {"en_US": "Tracking execution", "zh_CN": "跟踪执行", "zh_TW": "跟蹤執行"},
        )
        # a snapshot: renaming the KPI later does not rename the computed line
        definition.with_context(lang="en_US").name = "Milestones on time"
        line.invalidate_recordset(["name"])
        self.assertEqual(line.with_context(lang="en_US").name, "Tracking execution")
