# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import KpiFixtures, sh


@tagged("post_install", "-at_install")
class TestKpiExtraWorkingDays(KpiFixtures, TransactionCase):
    """KPI durations count the make-up working days (调休) of 2026.

    Calendar: Monday to Friday 9-12 and 13-18, Shanghai. Saturday 28 February
    2026 is worked for the Spring Festival (chinese-calendar package).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        # received Friday 27 February 17:00, released Monday 2 March 10:00
        cls.order = cls._kpi_order(
            cls.clerk,
            sh(2026, 2, 27, 17, 0),
            sh(2026, 2, 27, 17, 30),
            released_datetime=sh(2026, 3, 2, 10, 0),
        )

    def _cycle_hours(self):
        self.env.flush_all()
        self.env.invalidate_all()  # the facts are a view: read them again
        return self.Fact.search([("order_id", "=", self.order.id)]).cycle_hours

    def test_cycle_counts_the_makeup_saturday(self):
        # 1 h on Friday (17-18) and 1 h on Monday (9-10)
        self.assertAlmostEqual(self._cycle_hours(), 2.0)
        self.env["order.holiday.import.wizard"].with_user(self.manager).create(
            {"calendar_id": self.calendar.id, "year": 2026}
        ).action_import()
        # the import refreshed the materialised working time: plus 8 h on
        # Saturday 28 February (9-12, 13-18)
        self.assertAlmostEqual(self._cycle_hours(), 10.0)

    def test_removing_the_extra_day_refreshes(self):
        day = self.env["resource.calendar.extra.day"].create(
            {"calendar_id": self.calendar.id, "date": "2026-02-28", "weekday": "0"}
        )
        self.assertAlmostEqual(self._cycle_hours(), 10.0)
        day.weekday = False  # the usual day: the same hours
        self.assertAlmostEqual(self._cycle_hours(), 10.0)
        day.unlink()
        self.assertAlmostEqual(self._cycle_hours(), 2.0)

    def test_changing_the_usual_week_refreshes(self):
        friday_pm = self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "4" and a.hour_from >= 13
        )
        self.assertEqual(len(friday_pm), 1)
        # Friday afternoon ends at 17:00: nothing counts on Friday after 17:00
        friday_pm.hour_to = 17.0
        self.assertAlmostEqual(self._cycle_hours(), 1.0)
        # Friday afternoon removed: the same
        friday_pm.unlink()
        self.assertAlmostEqual(self._cycle_hours(), 1.0)
        # a Friday evening attendance 17-19 added: 2 h on Friday (17-19)
        # and 1 h on Monday (9-10)
        self.env["resource.calendar.attendance"].create(
            {
                "calendar_id": self.calendar.id,
                "name": "Friday evening",
                "dayofweek": "4",
                "hour_from": 17.0,
                "hour_to": 19.0,
                "day_period": "afternoon",
            }
        )
        self.assertAlmostEqual(self._cycle_hours(), 3.0)
