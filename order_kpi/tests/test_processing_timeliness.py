# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import MONTH, KpiFixtures, sh


@tagged("post_install", "-at_install")
class TestProcessingTimeliness(KpiFixtures, TransactionCase):
    """Processing timeliness (regulation 23): orders confirmed within the
    company's limit of working hours after receipt, of the orders confirmed in
    the month, on the scorecard of who entered them.

    Calendar: Mon-Fri 9-12 and 13-18 in Shanghai; 2 March 2026 is a Monday.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        clerk = cls.clerk

        def order(received, released, **vals):
            return cls._kpi_order(
                clerk, received, received, released_datetime=released, **vals
            )

        # a: Monday 9:00 -> 13:00 = 3 working hours (lunch 12-13 not counted)
        cls.a = order(sh(2026, 3, 2, 9, 0), sh(2026, 3, 2, 13, 0))
        # b: Monday 16:00 -> Tuesday 10:00 = 2 + 1 = 3 working hours (18 on
        # the wall clock)
        cls.b = order(sh(2026, 3, 2, 16, 0), sh(2026, 3, 3, 10, 0))
        # c: Tuesday 9:00 -> 14:30 = 3 + 1.5 = 4.5 working hours: late
        cls.c = order(sh(2026, 3, 3, 9, 0), sh(2026, 3, 3, 14, 30))
        # d: received Friday 27 February 15:00 (a February order), confirmed
        # Monday 2 March 10:00 = 3 + 1 = 4 working hours: on time (the limit
        # counts), in March (confirmed in March)
        cls.d = order(sh(2026, 2, 27, 15, 0), sh(2026, 3, 2, 10, 0))
        # e: confirmed 1 April 7:00 in Shanghai (31 March 23:00 UTC): April's
        cls.e = order(sh(2026, 3, 31, 10, 0), sh(2026, 4, 1, 7, 0))
        # f: confirmed in March, then cancelled: does not count
        cls.f = order(sh(2026, 3, 4, 9, 0), sh(2026, 3, 4, 9, 30))
        cls.f.sudo().write({"state": "cancel"})
        # g: received, not confirmed: does not count
        cls.g = order(sh(2026, 3, 5, 9, 0), False)
        cls.definition = cls.env.ref(
            "order_kpi.order_kpi_definition_processing_timeliness"
        )

    def _value(self, month=MONTH):
        self.env["order.kpi.work.interval"]._refresh(self.company, month)
        stats = self.Scorecard._order_kpi_stats(self.company, month)
        return self.definition._kpi_value(stats.get(("clerk", self.clerk.id), {}))

    def test_share_of_orders_confirmed_within_the_limit(self):
        # a, b and d within 4 working hours, c not: 3 of 4
        self.assertEqual(self._value(), (75.0, 4))
        # the order's own figure is the same processing cycle
        self.env["order.kpi.work.interval"]._refresh(self.company, MONTH)
        facts = self._facts(self.a | self.b | self.c | self.d)
        self.assertEqual(
            [facts[o].cycle_hours for o in (self.a, self.b, self.c, self.d)],
            [3.0, 3.0, 4.5, 4.0],
        )

    def test_the_limit_is_a_company_setting(self):
        self.assertEqual(self.company.order_kpi_processing_hours, 4.0)
        self.company.order_kpi_processing_hours = 5.0
        self.assertEqual(self._value(), (100.0, 4))
        self.company.order_kpi_processing_hours = 2.5
        # a and b take 3 h, d 4 h, c 4.5 h: none within 2.5 h
        self.assertEqual(self._value(), (0.0, 4))

    def test_the_setting_in_settings(self):
        form = Form(self.env["res.config.settings"])
        form.order_kpi_processing_hours = 3.0
        form.save().execute()
        self.assertEqual(self.company.order_kpi_processing_hours, 3.0)
        # a and b (3 h) of a, b, c, d
        self.assertEqual(self._value(), (50.0, 4))

    def test_a_limit_that_is_not_a_number_of_hours_is_refused(self):
        for hours in (0.0, -1.0, 1001.0):
            with self.subTest(hours=hours):
                with self.assertRefused(ValidationError, "processing time limit"):
                    self.company.order_kpi_processing_hours = hours

    def test_the_clerk_scorecard_scores_it(self):
        self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
            self.company, MONTH
        )
        card = self.Scorecard.search(
            [("month", "=", MONTH), ("user_id", "=", self.clerk.id)]
        )
        line = card.line_ids.filtered(
            lambda line: line.definition_id == self.definition
        )
        # 75 %: zero at 40, pass from 80 -> 5 * 35 / 40 = 4.375 -> 4 points
        self.assertEqual(
            (line.role, line.value, line.sample_count, line.area_score, line.weight),
            ("clerk", 75.0, 4, 4, 20.0),
        )

    def test_read_with_the_facts_for_the_clerk_team_and_company(self):
        # the orders confirmed in March are read in the pass over the facts,
        # whatever their business date (d: February, e: March but April's)
        self.env["order.kpi.work.interval"]._refresh(self.company, MONTH)
        stats = self.Scorecard._order_kpi_stats(self.company, MONTH)
        team = self.a.team_id
        self.assertEqual(team, self.b.team_id | self.c.team_id | self.d.team_id)
        for key in (("clerk", self.clerk.id), ("team", team.id), ("company", False)):
            with self.subTest(key=key):
                self.assertEqual(
                    (stats[key]["processed"], stats[key]["processed_on_time"]),
                    (4, 3),
                )
        # February: only d's business date, none confirmed in it
        february = self.Scorecard._order_kpi_stats(self.company, MONTH.replace(month=2))
        self.assertEqual(february["clerk", self.clerk.id]["orders"], 1)
        self.assertEqual(february["clerk", self.clerk.id]["processed"], 0)
        # the facts of March's business dates: a, b, c, e and g (not d)
        self.assertEqual(stats["clerk", self.clerk.id]["orders"], 5)
        # trackers are not scored on it
        self.assertFalse(
            any(
                "processed" in row
                for (kind, _id), row in stats.items()
                if kind == "tracker"
            )
        )
