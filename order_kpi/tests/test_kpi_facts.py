# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import TransactionCase, tagged

from .common import MONTH, KpiFixtures, sh


@tagged("post_install", "-at_install")
class TestKpiFacts(KpiFixtures, TransactionCase):
    """Each fact and KPI on five hand-checked orders of March 2026.

    Working hours are counted by hand on the 9-12 / 13-18 calendar.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls._build_march()

    def test_facts_of_each_order(self):
        facts = self._facts(self.o1 | self.o2 | self.o3 | self.o4 | self.o5)
        self.assertNotIn(self.o5, facts, "cancelled orders do not count")
        f1, f2, f3, f4 = (facts[o] for o in (self.o1, self.o2, self.o3, self.o4))
        # o1: 9:00 -> 9:30 entry; 9:40 -> 11:00 review; 9:00 -> 11:30 cycle
        self.assertAlmostEqual(f1.entry_hours, 0.5)
        self.assertAlmostEqual(f1.review_hours, round(80 / 60, 2))
        self.assertAlmostEqual(f1.cycle_hours, 2.5)
        self.assertTrue(f1.entered_on_time)
        self.assertTrue(f1.reviewed_on_time)
        self.assertTrue(f1.approved_on_time)
        self.assertTrue(f1.accurately_entered)
        self.assertTrue(f1.delivery_due)
        self.assertTrue(f1.delivered_on_time)
        self.assertEqual(f1.satisfaction, 90)
        # shipped late, delivered and feedback on time
        self.assertEqual((f1.milestone_due_count, f1.milestone_on_time_count), (3, 2))
        self.assertEqual(f1.entry_user_id, self.clerk)
        self.assertEqual(f1.reviewer_id, self.reviewer)
        self.assertEqual(f1.approver_id, self.approver)
        self.assertEqual(f1.business_date, date(2026, 3, 2))
        # o2: Monday 17:30-18:00 then Tuesday 9:00-9:45 -> 1.25 h, late
        self.assertEqual(f2.business_date, date(2026, 3, 3), "after the cutoff")
        self.assertAlmostEqual(f2.entry_hours, 0.5 + 0.75)
        self.assertFalse(f2.entered_on_time)
        # Tuesday 10-12 and 13-18, Wednesday 9-9:30
        self.assertAlmostEqual(f2.review_hours, 2 + 5 + 0.5)
        # Monday 0.5, Tuesday 8, Wednesday 1
        self.assertAlmostEqual(f2.cycle_hours, 0.5 + 8 + 1)
        self.assertFalse(f2.reviewed_on_time, "the second pass was late")
        self.assertTrue(f2.is_reviewed)
        self.assertFalse(f2.accurately_entered, "rejected once")
        self.assertFalse(f2.delivery_due)
        # o3: Friday 11:00 -> Monday 14:00 = 1 + 5 + 3 + 1
        self.assertAlmostEqual(f3.entry_hours, round(20 / 60, 2))
        self.assertAlmostEqual(f3.cycle_hours, 1 + 5 + 3 + 1)
        self.assertAlmostEqual(f3.review_hours, 0.5 + 5 + 2)
        self.assertFalse(f3.accurately_entered, "change request for an entry error")
        self.assertEqual(f3.entry_error_count, 1)
        self.assertTrue(f3.delivery_due)
        self.assertFalse(f3.delivered_on_time)
        self.assertFalse(f3.satisfaction)
        # o4: entered, not reviewed
        self.assertTrue(f4.entered_on_time)
        self.assertFalse(f4.is_reviewed)
        self.assertFalse(f4.cycle_hours)

    def test_the_customers_own_rating_is_the_satisfaction(self):
        """A rating of 4 stars counts as 80 %, before any score staff typed
        with the feedback; an order nobody rated has no satisfaction."""
        self.assertFalse(self._facts(self.o3)[self.o3].satisfaction)
        self.env["order.customer.rating"].sudo().create(
            {
                "order_id": self.o3.id,
                "score": 4,
                "source": "portal",
                "rated_on": "2026-03-20 02:00:00",
            }
        )
        self.env["order.customer.rating"].sudo().create(
            {
                "order_id": self.o1.id,
                "score": 2,
                "source": "staff",
                "recorded_by_id": self.tracker.id,
                "rated_on": "2026-03-20 02:00:00",
            }
        )
        self.env.flush_all()
        self.Fact.invalidate_model()  # a view: read it again
        facts = self._facts(self.o1 | self.o3)
        self.assertEqual(facts[self.o3].satisfaction, 80)
        # o1's typed feedback score was 90: the customer's own 2 stars win
        self.assertEqual(facts[self.o1].satisfaction, 40)

    def test_kpi_values_per_person(self):
        stats = self.Scorecard._order_kpi_stats(self.company, MONTH)
        definitions = {
            d.formula: d
            for d in self.env["order.kpi.definition"]._get_definitions(self.company)
        }

        def value(kind, who, formula):
            return definitions[formula]._kpi_value(stats.get((kind, who.id), {}))[0]

        # clerk: o1 accurate, o2 rejected; o1 on time, o2 late; cycles 2.5, 9.5
        self.assertEqual(value("clerk", self.clerk, "entry_accuracy"), 1 / 2 * 100)
        self.assertEqual(value("clerk", self.clerk, "entry_timeliness"), 50.0)
        self.assertEqual(value("clerk", self.clerk, "cycle_time"), (2.5 + 9.5) / 2)
        # clerk2: o3 not accurate (o4 not reviewed); o3 and o4 on time
        self.assertEqual(value("clerk", self.clerk2, "entry_accuracy"), 0.0)
        self.assertEqual(value("clerk", self.clerk2, "entry_timeliness"), 100.0)
        self.assertEqual(value("clerk", self.clerk2, "cycle_time"), 10.0)
        # processing timeliness (confirmed within 4 working hours of receipt,
        # of the orders confirmed in March): clerk o1 2.5 h yes, o2 9.5 h no;
        # clerk2 o3 10 h no (o4 not confirmed)
        self.assertEqual(value("clerk", self.clerk, "processing_timeliness"), 50.0)
        self.assertEqual(value("clerk", self.clerk2, "processing_timeliness"), 0.0)
        # reviewer: 4 decisions, the second pass of o2 late; 3 passes, o3 wrong
        self.assertEqual(value("reviewer", self.reviewer, "review_timeliness"), 75.0)
        self.assertEqual(
            value("reviewer", self.reviewer, "confirmation_accuracy"),
            round(2 / 3 * 100, 2),
        )
        self.assertEqual(value("reviewer", self.approver, "review_timeliness"), 100.0)
        # tracker: o1 on time, o3 late; o1 rated 90; milestones 2 of 4 on time
        self.assertEqual(value("tracker", self.tracker, "on_time_delivery"), 50.0)
        self.assertEqual(value("tracker", self.tracker, "satisfaction"), 90.0)
        self.assertEqual(value("tracker", self.tracker, "tracking_execution"), 50.0)
        self.assertEqual(stats["company", False]["orders"], 4)

    def test_scorecards_of_the_month(self):
        self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
            self.company, MONTH
        )
        cards = self.Scorecard.search([("month", "=", MONTH)])
        card = {c.user_id: c for c in cards if c.scope == "user"}
        self.assertEqual(
            set(card),
            {self.clerk, self.clerk2, self.reviewer, self.approver, self.tracker},
        )
        # clerk: accuracy 50 (zero at 50: 0 points), timeliness 50 (zero 40,
        # pass 80: 5*10/40 -> 1), cycle 6 h (good 8, target 4: 8+2*2/4 -> 9),
        # processing timeliness 50 (zero 40, pass 80: 5*10/40 -> 1); weights
        # 32, 24, 24, 20
        areas = {
            line.definition_id.formula: line.area_score
            for line in card[self.clerk].line_ids
        }
        self.assertEqual(
            areas,
            {
                "entry_accuracy": 0,
                "entry_timeliness": 1,
                "cycle_time": 9,
                "processing_timeliness": 1,
            },
        )
        self.assertEqual(
            card[self.clerk].total_score, (0 * 32 + 1 * 24 + 9 * 24 + 1 * 20) / 10
        )
        self.assertEqual(card[self.clerk].band, "fail")
        # clerk2: 0 points, 10 points, cycle 10 h (pass 16, good 8: 5+3*6/8 -> 7),
        # processing timeliness 0 % -> 0 points
        self.assertEqual(
            card[self.clerk2].total_score, (0 * 32 + 10 * 24 + 7 * 24 + 0 * 20) / 10
        )
        # reviewer: accuracy 66.67 (zero 60, pass 93: 5*6.67/33 -> 1),
        # timeliness 75 (5*35/40 -> 4); one review error fined 20
        self.assertEqual(card[self.reviewer].total_score, (1 * 50 + 4 * 50) / 10)
        self.assertEqual(card[self.reviewer].review_error_count, 1)
        self.assertEqual(card[self.reviewer].penalty_amount, 20.0)
        # approver: accuracy 66.67 -> 1, timeliness 100 -> 10
        self.assertEqual(card[self.approver].total_score, (1 * 50 + 10 * 50) / 10)
        # tracker: execution tracking area = delivery 50 -> 1 (40 %),
        # satisfaction 90 -> 10 (30 %), execution 50 -> 1 (30 %): 3.7, 4 points;
        # no exception (problem solving not counted); coordination and attitude
        # not scored yet: provisional 4 / 10 x 100
        areas = {a.area_id.code: a for a in card[self.tracker].area_ids}
        self.assertEqual(areas["execution"].score, 4)
        self.assertFalse(areas["problem_solving"].has_score)
        self.assertEqual(card[self.tracker].total_score, 40.0)
        team_card = cards.filtered(lambda c: c.scope == "team")
        self.assertEqual(team_card.team_id, self.team)
        self.assertEqual(team_card.order_count, 4)
        # ranking inside East China: clerk2 40.8, clerk 26, reviewer 25
        self.assertEqual(
            [
                (card[u].rank, card[u].rank_size)
                for u in (self.clerk2, self.clerk, self.reviewer)
            ],
            [(1, 3), (2, 3), (3, 3)],
        )
        # the approver and the tracker have no team: ranked together
        self.assertEqual((card[self.approver].rank, card[self.tracker].rank), (1, 2))

    def test_a_public_holiday_changes_the_working_hours(self):
        # Tuesday 3 March becomes a holiday: o2's cycle loses its 8 hours
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": sh(2026, 3, 3, 0, 0),
                "date_to": sh(2026, 3, 3, 23, 59),
            }
        )
        self.env.flush_all()
        fact = self.Fact.search([("order_id", "=", self.o2.id)])
        self.assertAlmostEqual(fact.cycle_hours, 0.5 + 1)

    def test_monthly_scorecard_prints(self):
        self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
            self.company, MONTH
        )
        card = self.Scorecard.search(
            [("month", "=", MONTH), ("user_id", "=", self.clerk.id)]
        )
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "order_kpi.report_order_kpi_scorecard", card.ids
        )
        html = html.decode()
        self.assertIn(card.name, html)
        self.assertIn("Entry timeliness", html)

    def test_entry_timeliness_counts_only_known_receipt_times(self):
        """A phone order whose received time was never entered is not counted
        on time or late; the scorecard says how many orders were counted."""
        unknown = self._kpi_order(
            self.clerk,
            False,
            sh(2026, 3, 4, 10, 0),
            entry_channel="phone",
        )
        self.assertFalse(unknown.received_datetime)
        fact = self._facts(unknown)[unknown]
        self.assertFalse(fact.entry_due)
        self.assertFalse(fact.entered_on_time)
        stats = self.Scorecard._order_kpi_stats(self.company, MONTH)
        timeliness = self.env.ref("order_kpi.order_kpi_definition_entry_timeliness")
        # o1 on time, o2 late; the third order of the clerk is not counted
        self.assertEqual(stats["clerk", self.clerk.id]["orders"], 3)
        self.assertEqual(
            timeliness._kpi_value(stats["clerk", self.clerk.id]), (50.0, 2)
        )
        self.Scorecard.with_user(self.auditor)._order_kpi_compute_month(
            self.company, MONTH
        )
        card = self.Scorecard.search(
            [
                ("month", "=", MONTH),
                ("scope", "=", "user"),
                ("user_id", "=", self.clerk.id),
            ]
        )
        line = card.line_ids.filtered(lambda x: x.definition_id == timeliness)
        self.assertEqual((line.value, line.sample_count), (50.0, 2))
        self.assertEqual(line._fields["sample_count"].string, "Orders Counted")
