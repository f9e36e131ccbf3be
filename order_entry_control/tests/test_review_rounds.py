# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Review rounds (processing regulation): rounds at 9:30, 11:30, 15:00 and
closing time; a quotation's step is due at the end of the round it falls
into. Calendar of the fixtures: Monday to Friday 9-12 and 13-18, Shanghai;
2 November 2026 is a Monday."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestReviewRounds(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _due(self, *wall_clock):
        """The deadline of the first step of a quotation submitted then."""
        with freeze_time(self._shanghai(*wall_clock)):
            order = self._submit(self._create_order())
        return order.current_review_id.deadline

    def test_off_by_default_the_sla_counts(self):
        self.assertFalse(self.company.order_review_rounds_enabled)
        self.assertEqual(self.company.order_review_rounds, "09:30,11:30,15:00")
        # 10:05 + 2 working hours: 1 h 55 until 12:00, 5 min after lunch
        self.assertEqual(
            self._due(2026, 11, 2, 10, 5), self._shanghai(2026, 11, 2, 13, 5)
        )

    def test_due_at_the_end_of_the_round(self):
        self.company.order_review_rounds_enabled = True
        cases = [
            # started (Shanghai)      due (Shanghai)
            ((2026, 11, 2, 9, 0), (2026, 11, 2, 9, 30)),
            ((2026, 11, 2, 10, 5), (2026, 11, 2, 11, 30)),
            # exactly at a round: the next one
            ((2026, 11, 2, 11, 30), (2026, 11, 2, 15, 0)),
            ((2026, 11, 2, 12, 30), (2026, 11, 2, 15, 0)),
            # between 15:00 and closing: reviewed the same day, at closing
            ((2026, 11, 2, 15, 40), (2026, 11, 2, 18, 0)),
            # after closing: the first round of the next working day
            ((2026, 11, 2, 18, 30), (2026, 11, 3, 9, 30)),
            # before opening: the first round of the day
            ((2026, 11, 3, 7, 45), (2026, 11, 3, 9, 30)),
            # Friday evening and Saturday: Monday's first round
            ((2026, 11, 6, 18, 0), (2026, 11, 9, 9, 30)),
            ((2026, 11, 7, 10, 0), (2026, 11, 9, 9, 30)),
        ]
        for started, due in cases:
            with self.subTest(started=started):
                self.assertEqual(self._due(*started), self._shanghai(*due))

    def test_the_next_step_starts_its_own_round(self):
        self.company.order_review_rounds_enabled = True
        with freeze_time(self._shanghai(2026, 11, 2, 9, 10)):
            order = self._submit(self._create_order())
        self.assertEqual(
            order.current_review_id.deadline, self._shanghai(2026, 11, 2, 9, 30)
        )
        with freeze_time(self._shanghai(2026, 11, 2, 9, 25)):
            order.with_user(self.reviewer).action_review_pass()
        # the approval starts at 9:25: due at the 9:30 round as well
        self.assertEqual(
            order.current_review_id.deadline, self._shanghai(2026, 11, 2, 9, 30)
        )
        self.assertEqual(order.current_review_id.step_type, "approval")

    def test_makeup_sunday_and_holidays(self):
        self.company.order_review_rounds_enabled = True
        self.env["order.holiday.import.wizard"].with_user(self.manager).create(
            {"calendar_id": self.calendar.id, "year": 2026}
        ).action_import()
        # Friday 18 September 2026 after closing: Sunday 20 is a make-up day
        self.assertEqual(
            self._due(2026, 9, 18, 18, 30), self._shanghai(2026, 9, 20, 9, 30)
        )
        # on the make-up Sunday itself at 15:40: closing, 18:00
        self.assertEqual(
            self._due(2026, 9, 20, 15, 40), self._shanghai(2026, 9, 20, 18, 0)
        )
        # Wednesday 30 September after closing: 1-7 October are National Day
        # holidays (4 and 5 are a weekend anyway), Thursday 8 October
        self.assertEqual(
            self._due(2026, 9, 30, 18, 30), self._shanghai(2026, 10, 8, 9, 30)
        )

    def test_round_times_are_editable(self):
        self.company.write(
            {"order_review_rounds_enabled": True, "order_review_rounds": "10:00,14:00"}
        )
        self.assertEqual(
            self._due(2026, 11, 2, 10, 5), self._shanghai(2026, 11, 2, 14, 0)
        )
        # a round outside working hours (lunch break is fine; 19:00 is not)
        self.company.order_review_rounds = "12:30,19:00"
        self.assertEqual(
            self._due(2026, 11, 2, 10, 5), self._shanghai(2026, 11, 2, 12, 30)
        )
        self.assertEqual(
            self._due(2026, 11, 2, 16, 0), self._shanghai(2026, 11, 2, 18, 0)
        )

    def test_bad_round_times_are_refused(self):
        with self.assertRefused(ValidationError, "'9h30' is not a time of day"):
            self.company.write(
                {"order_review_rounds_enabled": True, "order_review_rounds": "9h30"}
            )
        with self.assertRefused(ValidationError, "'25:00' is not a time of day"):
            self.company.write(
                {"order_review_rounds_enabled": True, "order_review_rounds": "25:00"}
            )
        with self.assertRefused(ValidationError, "from morning to evening"):
            self.company.write(
                {
                    "order_review_rounds_enabled": True,
                    "order_review_rounds": "11:30,09:30",
                }
            )
        # empty: closing time is the only round
        self.company.write(
            {"order_review_rounds_enabled": True, "order_review_rounds": ""}
        )
        self.assertEqual(
            self._due(2026, 11, 2, 10, 5), self._shanghai(2026, 11, 2, 18, 0)
        )
        # off, anything goes until switched on
        self.company.write(
            {"order_review_rounds_enabled": False, "order_review_rounds": "soon"}
        )

    def test_settings_screen(self):
        settings = Form(self.env["res.config.settings"])
        settings.order_review_rounds_enabled = True
        settings.order_review_rounds = "09:00,16:00"
        settings.save().execute()
        self.assertTrue(self.company.order_review_rounds_enabled)
        self.assertEqual(self.company.order_review_rounds, "09:00,16:00")
