# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""China's official holidays and make-up working days (调休) of 2026.

The arrangement comes from the chinese-calendar package, imported as a user
does. Calendar of the fixtures: Monday to Friday 9-12 and 13-18, Shanghai
(UTC+8, no daylight saving). 2026 (State Council): Sunday 20 September and
Saturday 10 October are worked for National Day (1-7 October); Saturday
14 February and Saturday 28 February for the Spring Festival (15-23 February);
Monday 6 April is the Tomb-sweeping Day holiday (4-6 April).
"""

from datetime import date, datetime

from psycopg2 import IntegrityError
from pytz import UTC

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MANAGER, OrderControlFixtures


@tagged("post_install", "-at_install")
class TestExtraWorkingDays(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.ExtraDay = cls.env["resource.calendar.extra.day"]

    def _import(self, year=2026, user=None, calendar=None, context=None):
        wizard = (
            self.env["order.holiday.import.wizard"]
            .with_user(user or self.manager)
            .with_context(**(context or {}))
            .create({"calendar_id": (calendar or self.calendar).id, "year": year})
        )
        return wizard.action_import()

    def _holidays(self, calendar=None):
        return self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", (calendar or self.calendar).id),
                ("resource_id", "=", False),
            ],
            order="date_from",
        )

    # === THE IMPORT === #

    def test_import_of_2026(self):
        self._import()
        holidays = self._holidays()
        self.assertEqual(
            holidays.mapped("name"),
            ["元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆节"],
        )
        spring = holidays[1]
        # 15 February 00:00 to 23 February 23:59:59 in Shanghai, in UTC
        self.assertEqual(spring.date_from, datetime(2026, 2, 14, 16, 0))
        self.assertEqual(spring.date_to, datetime(2026, 2, 23, 15, 59, 59))
        self.assertEqual(spring.company_id, self.company)
        days = self.ExtraDay.search([("calendar_id", "=", self.calendar.id)])
        self.assertEqual(
            sorted(days.mapped("date")),
            [
                date(2026, 1, 4),
                date(2026, 2, 14),
                date(2026, 2, 28),
                date(2026, 5, 9),
                date(2026, 9, 20),
                date(2026, 10, 10),
            ],
        )
        sunday = days.filtered(lambda d: d.date == date(2026, 9, 20))
        self.assertEqual(sunday.name, "国庆节 make-up day")
        # the calendar's usual day: Monday, 9-12 and 13-18
        self.assertEqual(sunday._order_weekday(), "0")
        self.assertEqual(sunday.hours, 8.0)

    def test_import_twice_creates_nothing_new(self):
        self._import()
        holidays = self._holidays()
        days = self.ExtraDay.search([])
        action = self._import()
        self.assertEqual(self._holidays(), holidays)
        self.assertEqual(self.ExtraDay.search([]), days)
        self.assertIn("0 holiday period(s) and 0", action["params"]["message"])

    def test_import_keeps_a_holiday_entered_by_hand(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day week",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 9, 30, 16, 0),
                "date_to": datetime(2026, 10, 7, 16, 0),
            }
        )
        self._import()
        self.assertNotIn("国庆节", self._holidays().mapped("name"))
        self.assertEqual(len(self._holidays()), 7)

    def test_unknown_year_is_refused(self):
        with self.assertRefused(
            UserError,
            "The chinese-calendar package has no official arrangement for 2031; "
            "update it or enter the days by hand.",
        ):
            self._import(2031)

    def test_unknown_year_is_refused_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN"], overwrite=True
        )
        with self.assertRefused(UserError, "2031") as caught:
            # the web client sends the user's language in the context
            self._import(2031, context={"lang": "zh_CN"})
        self.assertIn("chinese-calendar", str(caught.exception))
        self.assertNotIn("has no official arrangement", str(caught.exception))

    def test_import_from_the_calendar_form(self):
        action = self.calendar.with_user(self.manager).action_order_import_holidays()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.calendar_id, self.calendar)
        wizard.year = 2026
        wizard.save().action_import()
        self.assertEqual(len(self._holidays()), 7)

    def test_calendar_form_and_settings_show_them(self):
        arch = self.calendar.with_user(self.manager).get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertIn('name="order_extra_day_ids"', arch)
        self.assertIn('name="action_order_import_holidays"', arch)
        clerk_arch = self.calendar.with_user(self.clerk).get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertNotIn('name="action_order_import_holidays"', clerk_arch)
        settings = self.env["res.config.settings"].get_views([(False, "form")])
        settings_arch = settings["views"]["form"]["arch"]
        for name in (
            "order_finance_review",
            "order_review_rounds_enabled",
            "order_review_rounds",
        ):
            self.assertIn(f'name="{name}"', settings_arch)

    # === DEADLINES, BUSINESS DATES, ODOO'S OWN CALLERS === #

    def test_friday_after_cutoff_counts_on_the_makeup_sunday(self):
        self._import()
        # Friday 18 September 2026, 16:30 in Shanghai: after the 16:00 cutoff
        received = self._shanghai(2026, 9, 18, 16, 30)
        with freeze_time(received):
            order = self._create_order(received_datetime=received)
        self.assertEqual(order.business_date, date(2026, 9, 20))

    def test_review_deadline_on_the_makeup_sunday(self):
        self._import()
        # submitted Friday 18 September 17:00, review SLA 2 working hours:
        # 17:00-18:00 on Friday, 09:00-10:00 on Sunday 20 (make-up day)
        with freeze_time(self._shanghai(2026, 9, 18, 17, 0)):
            order = self._submit(self._create_order())
        self.assertEqual(
            order.current_review_id.deadline, self._shanghai(2026, 9, 20, 10, 0)
        )
        # without the import it would be Monday 21 at 10:00
        self.ExtraDay.search([]).unlink()
        self.assertEqual(
            self.company._order_add_working_hours(
                self._shanghai(2026, 9, 18, 17, 0), 2
            ),
            self._shanghai(2026, 9, 21, 10, 0),
        )

    def test_makeup_saturday_of_the_spring_festival(self):
        self._import()
        # Friday 13 February 17:00 + 2 h: Saturday 14 (make-up) at 10:00
        friday = self._shanghai(2026, 2, 13, 17, 0)
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 2, 14, 10, 0),
        )
        # Saturday 14 17:00 + 2 h: 15 to 23 February are holidays, Tuesday 24
        saturday = self._shanghai(2026, 2, 14, 17, 0)
        self.assertEqual(
            self.company._order_add_working_hours(saturday, 2),
            self._shanghai(2026, 2, 24, 10, 0),
        )

    def test_holiday_monday_is_skipped(self):
        self._import()
        # Friday 3 April 17:00 + 2 h: 4-6 April (Saturday to Monday) are the
        # Tomb-sweeping Day: Tuesday 7 April at 10:00
        friday = self._shanghai(2026, 4, 3, 17, 0)
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 4, 7, 10, 0),
        )
        received = self._shanghai(2026, 4, 3, 16, 5)
        with freeze_time(received):
            order = self._create_order(received_datetime=received)
        self.assertEqual(order.business_date, date(2026, 4, 7))

    def test_working_hours_between_count_the_makeup_day(self):
        self._import()
        # Friday 18 September 16:00 to Monday 21 September 10:00:
        # 2 h on Friday, 8 h on Sunday 20, 1 h on Monday
        self.assertEqual(
            self.company._order_working_hours_between(
                self._shanghai(2026, 9, 18, 16, 0), self._shanghai(2026, 9, 21, 10, 0)
            ),
            11.0,
        )

    def test_odoos_own_calendar_computations_see_the_day(self):
        self._import()
        calendar = self.calendar
        # Sunday 20 September, 00:00 to 24:00 in Shanghai
        start, stop = datetime(2026, 9, 19, 16, 0), datetime(2026, 9, 20, 16, 0)
        self.assertEqual(calendar.get_work_hours_count(start, stop), 8.0)
        # Odoo's planning: 10 working hours from Friday 18 September 17:00
        # local (09:00 UTC): 1 h on Friday, 8 h on Sunday, 1 h on Monday, so
        # Monday 10:00 local
        planned = calendar.plan_hours(
            10, datetime(2026, 9, 18, 9, 0), compute_leaves=True
        )
        self.assertEqual(planned, datetime(2026, 9, 21, 2, 0))
        self.assertTrue(calendar._works_on_date(date(2026, 9, 20)))
        self.assertFalse(calendar._works_on_date(date(2026, 9, 19)))
        unusual = calendar._get_unusual_days(start, datetime(2026, 9, 21, 15, 0))
        self.assertFalse(unusual["2026-09-20"])
        self.assertTrue(unusual["2026-09-19"])

    def test_a_resource_of_the_calendar_works_the_day(self):
        """Odoo's per-resource computation (employees, work centres) too, in
        the resource's own time zone."""
        self.ExtraDay.create(
            {"calendar_id": self.calendar.id, "date": date(2026, 9, 20)}
        )
        resource = self.env["resource.resource"].create(
            {"name": "Packing line", "calendar_id": self.calendar.id, "tz": "UTC"}
        )
        start = datetime(2026, 9, 19, 0, 0, tzinfo=UTC)
        stop = datetime(2026, 9, 22, 0, 0, tzinfo=UTC)
        intervals = self.calendar._work_intervals_batch(start, stop, resources=resource)
        # Sunday 20 September 9-12 and 13-18 in UTC for a resource in UTC
        sunday = [
            (begin.replace(tzinfo=None), end.replace(tzinfo=None))
            for begin, end, _meta in intervals[resource.id]
            if begin.date() == date(2026, 9, 20)
        ]
        self.assertEqual(
            sunday,
            [
                (datetime(2026, 9, 20, 9, 0), datetime(2026, 9, 20, 12, 0)),
                (datetime(2026, 9, 20, 13, 0), datetime(2026, 9, 20, 18, 0)),
            ],
        )
        # the calendar itself, in Shanghai: 01:00-04:00 and 05:00-10:00 UTC
        calendar_sunday = [
            (
                begin.astimezone(UTC).replace(tzinfo=None),
                end.astimezone(UTC).replace(tzinfo=None),
            )
            for begin, end, _meta in intervals[False]
            if begin.date() == date(2026, 9, 20)
        ]
        self.assertEqual(
            calendar_sunday,
            [
                (datetime(2026, 9, 20, 1, 0), datetime(2026, 9, 20, 4, 0)),
                (datetime(2026, 9, 20, 5, 0), datetime(2026, 9, 20, 10, 0)),
            ],
        )

    def test_a_chosen_weekday_gives_its_hours(self):
        # Friday ends at 17:30 in this calendar; a Saturday worked as a Friday
        self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "4" and a.hour_to == 18
        ).hour_to = 17.5
        day = self.ExtraDay.with_user(self.manager).create(
            {"calendar_id": self.calendar.id, "date": date(2026, 11, 7), "weekday": "4"}
        )
        self.assertEqual(day.hours, 7.5)
        saturday = self._shanghai(2026, 11, 7, 17, 0)
        # 17:00-17:30 on Saturday, 1.5 h on Monday 9 from 09:00
        self.assertEqual(
            self.company._order_add_working_hours(saturday, 2),
            self._shanghai(2026, 11, 9, 10, 30),
        )

    def test_cached_working_time_follows_the_extra_days(self):
        friday = self._shanghai(2026, 11, 6, 17, 0)
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 11, 9, 10, 0),
        )
        day = self.ExtraDay.create(
            {"calendar_id": self.calendar.id, "date": date(2026, 11, 8)}
        )
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 11, 8, 10, 0),
        )
        day.date = date(2026, 11, 7)
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 11, 7, 10, 0),
        )
        day.unlink()
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 11, 9, 10, 0),
        )

    # === REFUSALS === #

    def test_a_normal_working_day_is_refused(self):
        with self.assertRefused(ValidationError, "already a working day"):
            self.ExtraDay.create(
                {"calendar_id": self.calendar.id, "date": date(2026, 11, 9)}
            )

    def test_a_weekday_without_hours_is_refused(self):
        with self.assertRefused(ValidationError, "no working hours on the weekday"):
            self.ExtraDay.create(
                {
                    "calendar_id": self.calendar.id,
                    "date": date(2026, 11, 8),
                    "weekday": "6",
                }
            )

    def test_a_date_twice_is_refused(self):
        self.ExtraDay.create(
            {"calendar_id": self.calendar.id, "date": date(2026, 11, 8)}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.ExtraDay.create(
                    {"calendar_id": self.calendar.id, "date": date(2026, 11, 8)}
                )


@tagged("post_install", "-at_install")
class TestExtraWorkingDaysAccess(OrderControlFixtures, TransactionCase):
    """Everyone internal reads; Order Control Managers and administrators
    write; another company reads nothing; a shared calendar's days only by a
    user allowed in every company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.other_company = cls.env["res.company"].create({"name": "OC Branch"})
        cls.admin = new_test_user(
            cls.env,
            login="oc_extra_admin",
            groups="base.group_user,base.group_system",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="oc_extra_other_manager",
            groups=f"base.group_user,{MANAGER}",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.day = cls.env["resource.calendar.extra.day"].create(
            {"calendar_id": cls.calendar.id, "date": date(2026, 9, 20)}
        )
        cls.shared_calendar = cls.calendar.copy({"company_id": False})

    def _model(self, user):
        return self.env["resource.calendar.extra.day"].with_user(user)

    def test_internal_users_read_and_cannot_write(self):
        for user in (self.clerk, self.salesman, self.reviewer, self.approver):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self._model(user).search([("id", "=", self.day.id)]), self.day
                )
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self.day.with_user(user).name = "forged"
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self._model(user).create(
                        {"calendar_id": self.calendar.id, "date": date(2026, 9, 27)}
                    )
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self.day.with_user(user).unlink()

    def test_portal_users_read_nothing(self):
        portal = new_test_user(
            self.env, login="oc_extra_portal", groups="base.group_portal"
        )
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self._model(portal).search([])

    def test_manager_and_admin_write(self):
        for user, day in (
            (self.manager, date(2026, 10, 10)),
            (self.admin, date(2026, 10, 11)),
        ):
            with self.subTest(user=user.login):
                record = self._model(user).create(
                    {"calendar_id": self.calendar.id, "date": day, "name": "调休"}
                )
                record.weekday = "2"
                self.assertEqual(record.hours, 8.0)
                record.unlink()

    def test_another_companys_manager_sees_nothing(self):
        self.assertFalse(
            self._model(self.other_manager).search([("id", "=", self.day.id)])
        )
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.day.with_user(self.other_manager).name = "forged"

    def test_shared_calendar_only_by_a_user_of_every_company(self):
        with self.assertRefused(AccessError, "shared by every company"):
            self._model(self.manager).create(
                {"calendar_id": self.shared_calendar.id, "date": date(2026, 9, 20)}
            )
        self._model(self.admin).create(
            {"calendar_id": self.shared_calendar.id, "date": date(2026, 9, 20)}
        )

    def test_only_managers_and_admins_import(self):
        for user in (self.clerk, self.reviewer, self.approver):
            with self.subTest(user=user.login):
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self.env["order.holiday.import.wizard"].with_user(user).create(
                        {"calendar_id": self.calendar.id, "year": 2026}
                    ).action_import()
        self.env["order.holiday.import.wizard"].with_user(self.admin).create(
            {"calendar_id": self.calendar.id, "year": 2026}
        ).action_import()
        self.assertEqual(
            self.env["resource.calendar.extra.day"].search_count(
                [("calendar_id", "=", self.calendar.id)]
            ),
            6,
        )
        with self.assertRefused(AccessError, "shared by every company"):
            self.env["order.holiday.import.wizard"].with_user(self.manager).create(
                {"calendar_id": self.shared_calendar.id, "year": 2026}
            ).action_import()
