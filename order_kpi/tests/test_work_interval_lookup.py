# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestWorkingHoursLookup(TransactionCase):
    """The working-hours lookup of the KPI SQL (``order.kpi.work.interval``):
    a moment located in the company's intervals read as sorted arrays.

    Company A works 01:00-04:00 and 05:00-09:00 on 2 March 2026 and
    01:00-04:00 on 3 March; company B 00:00-10:00 on 2 March and 00:00-02:00
    on 3 March; company C has no interval (naive UTC throughout).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.company_a = Company.create({"name": "Lookup A"})
        cls.company_b = Company.create({"name": "Lookup B"})
        cls.company_c = Company.create({"name": "Lookup C"})
        companies = cls.company_a | cls.company_b | cls.company_c
        cls.env.cr.execute(
            SQL(
                "DELETE FROM order_kpi_work_interval WHERE company_id IN %s",
                tuple(companies.ids),
            )
        )
        # (company, start, stop, working hours of the earlier intervals)
        rows = [
            (cls.company_a, datetime(2026, 3, 2, 1), datetime(2026, 3, 2, 4), 0),
            (cls.company_a, datetime(2026, 3, 2, 5), datetime(2026, 3, 2, 9), 3),
            (cls.company_a, datetime(2026, 3, 3, 1), datetime(2026, 3, 3, 4), 7),
            (cls.company_b, datetime(2026, 3, 2, 0), datetime(2026, 3, 2, 10), 0),
            (cls.company_b, datetime(2026, 3, 3, 0), datetime(2026, 3, 3, 2), 10),
        ]
        # inserted out of order: the arrays are sorted by start
        for company, start, stop, before in reversed(rows):
            cls.env.cr.execute(
                SQL(
                    "INSERT INTO order_kpi_work_interval "
                    "(company_id, date_start, date_stop, hours_before) "
                    "VALUES (%s, %s, %s, %s)",
                    company.id,
                    start,
                    stop,
                    before,
                )
            )

    def _lookup(self, company, start, end):
        """(cumulative hours at ``end``, working hours from ``start`` to ``end``)."""
        Interval = self.env["order.kpi.work.interval"]
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM (SELECT %s::int AS company_id, "
                "%s::timestamp AS start, %s::timestamp AS stop) t %s",
                Interval._cumulative_hours_sql("wk", SQL("t.stop")),
                Interval._working_hours_sql("wk", SQL("t.start"), SQL("t.stop")),
                company.id,
                start,
                end,
                Interval._calendar_join_sql("wk", SQL("t.company_id")),
            )
        )
        cumulative, hours = self.env.cr.fetchone()
        return (
            None if cumulative is None else round(cumulative, 4),
            None if hours is None else float(hours),
        )

    def _cumulative(self, company, moment):
        return self._lookup(company, None, moment)[0]

    def test_a_moment_in_each_place_of_the_calendar(self):
        a = self.company_a
        cases = [
            # before the first interval: unknown, as before the table starts
            (datetime(2026, 3, 2, 0, 30), None),
            # the first interval's start, inside it, its end
            (datetime(2026, 3, 2, 1, 0), 0.0),
            (datetime(2026, 3, 2, 2, 30), 1.5),
            (datetime(2026, 3, 2, 4, 0), 3.0),
            # in the gap at noon: the morning's 3 h
            (datetime(2026, 3, 2, 4, 30), 3.0),
            # the second interval's start, inside it: 3 h + 3 h 15
            (datetime(2026, 3, 2, 5, 0), 3.0),
            (datetime(2026, 3, 2, 8, 15), 6.25),
            # overnight gap: the whole day's 3 h + 4 h
            (datetime(2026, 3, 2, 20, 0), 7.0),
            # the last interval's end, and days after it: 7 h + 3 h
            (datetime(2026, 3, 3, 4, 0), 10.0),
            (datetime(2026, 3, 5, 12, 0), 10.0),
        ]
        for moment, expected in cases:
            with self.subTest(moment=moment):
                self.assertEqual(self._cumulative(a, moment), expected)

    def test_working_hours_between_two_moments(self):
        a = self.company_a
        # 02:30 on 2 March to 02:00 on 3 March: 1 h 30 + 4 h + 1 h
        self.assertEqual(
            self._lookup(a, datetime(2026, 3, 2, 2, 30), datetime(2026, 3, 3, 2))[1],
            6.5,
        )
        # both in the same gap: nothing
        self.assertEqual(
            self._lookup(a, datetime(2026, 3, 2, 4, 10), datetime(2026, 3, 2, 4, 50))[
                1
            ],
            0.0,
        )
        # from before the first interval: unknown (NULL), as before
        self.assertIsNone(
            self._lookup(a, datetime(2026, 3, 1, 9), datetime(2026, 3, 2, 2))[1]
        )
        # a missing moment: unknown
        self.assertIsNone(self._lookup(a, None, datetime(2026, 3, 2, 2))[1])

    def test_each_company_its_own_calendar(self):
        start, end = datetime(2026, 3, 2, 2, 30), datetime(2026, 3, 3, 2)
        # A: 1 h 30 + 4 h + 1 h; B: 7 h 30 (02:30-10:00) + 2 h
        self.assertEqual(self._lookup(self.company_a, start, end), (8.0, 6.5))
        self.assertEqual(self._lookup(self.company_b, start, end), (12.0, 9.5))
        # B at 12:00 on 2 March: its whole day; 23:00 on 1 March: before B's first
        self.assertEqual(self._cumulative(self.company_b, datetime(2026, 3, 2, 12)), 10)
        self.assertIsNone(self._cumulative(self.company_b, datetime(2026, 3, 1, 23)))
        # C has no working time: unknown
        self.assertEqual(self._lookup(self.company_c, start, end), (None, None))
