# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the business-time helpers (no database)."""

from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools.business_time import (
    add_working_hours,
    business_date,
    float_to_time,
    next_working_day,
    working_hours_between,
)

# Two working days, Monday 2 and Tuesday 3 November 2026, 09-12 and 13-18.
INTERVALS = [
    (datetime(2026, 11, 2, 9), datetime(2026, 11, 2, 12)),
    (datetime(2026, 11, 2, 13), datetime(2026, 11, 2, 18)),
    (datetime(2026, 11, 3, 9), datetime(2026, 11, 3, 12)),
    (datetime(2026, 11, 3, 13), datetime(2026, 11, 3, 18)),
]


@tagged("post_install", "-at_install")
class TestBusinessTime(BaseCase):
    def test_add_hours_within_an_interval(self):
        self.assertEqual(
            add_working_hours(datetime(2026, 11, 2, 9, 30), 2, INTERVALS),
            datetime(2026, 11, 2, 11, 30),
        )

    def test_add_hours_skips_lunch_and_night(self):
        # 11:00 + 2h: one hour before lunch, one after -> 14:00
        self.assertEqual(
            add_working_hours(datetime(2026, 11, 2, 11), 2, INTERVALS),
            datetime(2026, 11, 2, 14),
        )
        # 17:00 + 2h: one hour today, one tomorrow from 09:00 -> 10:00
        self.assertEqual(
            add_working_hours(datetime(2026, 11, 2, 17), 2, INTERVALS),
            datetime(2026, 11, 3, 10),
        )

    def test_start_outside_working_time_counts_from_next_interval(self):
        self.assertEqual(
            add_working_hours(datetime(2026, 11, 2, 7), 1, INTERVALS),
            datetime(2026, 11, 2, 10),
        )
        self.assertEqual(
            add_working_hours(datetime(2026, 11, 2, 12, 30), 0.5, INTERVALS),
            datetime(2026, 11, 2, 13, 30),
        )

    def test_not_enough_working_time_returns_none(self):
        self.assertIsNone(add_working_hours(datetime(2026, 11, 3, 17), 5, INTERVALS))

    def test_negative_hours_are_refused(self):
        with self.assertRaises(ValueError):
            add_working_hours(datetime(2026, 11, 2, 9), -1, INTERVALS)

    def test_working_hours_between(self):
        # Monday 10:00 -> Tuesday 10:00: 2 + 5 + 1 = 8 working hours
        self.assertEqual(
            working_hours_between(
                datetime(2026, 11, 2, 10), datetime(2026, 11, 3, 10), INTERVALS
            ),
            8.0,
        )
        self.assertEqual(
            working_hours_between(
                datetime(2026, 11, 3, 10), datetime(2026, 11, 2, 10), INTERVALS
            ),
            -8.0,
        )

    def test_float_to_time(self):
        self.assertEqual(float_to_time(16.0).strftime("%H:%M"), "16:00")
        self.assertEqual(float_to_time(15.5).strftime("%H:%M"), "15:30")
        self.assertEqual(float_to_time(23.9999).strftime("%H:%M"), "23:59")
        for wrong in (-0.5, 24, 25):
            with self.assertRaises(ValueError):
                float_to_time(wrong)

    def test_business_date(self):
        working = {
            date(2026, 11, 2),
            date(2026, 11, 3),
            date(2026, 11, 6),
            date(2026, 11, 9),
        }
        # before the cutoff: same day
        self.assertEqual(
            business_date(datetime(2026, 11, 2, 15, 59), 16.0, working),
            date(2026, 11, 2),
        )
        # at the cutoff: next working day
        self.assertEqual(
            business_date(datetime(2026, 11, 2, 16, 0), 16.0, working),
            date(2026, 11, 3),
        )
        # Friday after the cutoff: Monday
        self.assertEqual(
            business_date(datetime(2026, 11, 6, 16, 30), 16.0, working),
            date(2026, 11, 9),
        )
        # Wednesday 4 is not a working day: the next one is Friday 6
        self.assertEqual(
            business_date(datetime(2026, 11, 4, 10), 16.0, working), date(2026, 11, 6)
        )
        self.assertEqual(
            next_working_day(date(2026, 11, 7), working), date(2026, 11, 9)
        )
        self.assertIsNone(next_working_day(date(2026, 11, 10), working))
