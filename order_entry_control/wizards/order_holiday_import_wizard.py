# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Import a year of China's official arrangement into a working calendar:
the official holidays become company-wide leaves of the calendar, the make-up
working days (调休) become its extra working days. Importing twice creates
nothing new."""

from datetime import date, datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

try:
    import chinese_calendar
    from chinese_calendar.constants import Holiday
except ImportError:  # pragma: no cover - an external dependency of the manifest
    chinese_calendar = Holiday = None


class OrderHolidayImportWizard(models.TransientModel):
    _name = "order.holiday.import.wizard"
    _description = "Import Chinese Official Holidays"

    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        required=True,
        ondelete="cascade",
        default=lambda self: self.env.company._order_control_calendar(),
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        help="The year of the State Council's arrangement to import.",
    )

    # === ACTION METHODS === #

    def action_import(self):
        """Create the year's missing holidays and make-up working days."""
        self.ensure_one()
        self._check_may_import()
        holidays, makeup_days = self._get_arrangement()
        calendar = self.calendar_id
        leaves = self._import_holidays(calendar, holidays)
        extra_days = self._import_makeup_days(calendar, makeup_days)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._(
                    "Chinese official holidays %(year)s", year=self.year
                ),
                "message": self.env._(
                    "%(calendar)s: %(leaves)s holiday period(s) and %(days)s "
                    "make-up working day(s) added; what was already there was "
                    "kept.",
                    calendar=calendar.name,
                    leaves=len(leaves),
                    days=len(extra_days),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # === BUSINESS METHODS === #

    def _check_may_import(self):
        """Only Order Control Managers and administrators import, into a
        calendar they may read; a shared calendar only by a user allowed in
        every company."""
        user = self.env.user
        if not (
            user.has_group("order_entry_control.group_order_control_manager")
            or user._is_system()
        ):
            raise AccessError(
                self.env._(
                    "Only Order Control Managers and administrators can import "
                    "official holidays."
                )
            )
        self.calendar_id.check_access("read")
        # the holidays are company-wide leaves, which only administrators write:
        # the same guard as the extra days, then the import runs as superuser
        self.env["resource.calendar.extra.day"]._order_check_shared(self.calendar_id)

    def _get_arrangement(self):
        """The year's ([(first, last, name)] holiday periods, [(date, name)]
        make-up days) from the ``chinese-calendar`` package."""
        self.ensure_one()
        year = self.year
        unknown = UserError(
            self.env._(
                "The chinese-calendar package has no official arrangement for "
                "%(year)s; update it or enter the days by hand.",
                year=year,
            )
        )
        if chinese_calendar is None or not 1900 < year < 2200:
            raise unknown
        day, last_day = date(year, 1, 1), date(year, 12, 31)
        periods, makeup_days = [], []
        try:
            while day <= last_day:
                on_holiday, name = chinese_calendar.get_holiday_detail(day)
                if name and on_holiday:
                    if (
                        periods
                        and periods[-1][2] == name
                        and (periods[-1][1] == day - timedelta(days=1))
                    ):
                        periods[-1][1] = day
                    else:
                        periods.append([day, day, name])
                elif name:
                    makeup_days.append((day, name))
                day += timedelta(days=1)
        except NotImplementedError:
            raise unknown from None
        names = {holiday.value: holiday.chinese for holiday in Holiday}
        return (
            [(first, last, names.get(name, name)) for first, last, name in periods],
            [(day, names.get(name, name)) for day, name in makeup_days],
        )

    def _import_holidays(self, calendar, periods):
        """Company-wide leaves of ``calendar`` for the holiday periods, whole
        days in the calendar's time zone; existing ones are kept."""
        tz = pytz.timezone(calendar.tz or "UTC")
        company = calendar.company_id or self.env.company
        Leaves = self.env["resource.calendar.leaves"].sudo()
        vals_list = []
        for first, last, name in periods:
            start = tz.localize(datetime.combine(first, time.min))
            stop = tz.localize(datetime.combine(last, time(23, 59, 59)))
            start = start.astimezone(pytz.utc).replace(tzinfo=None)
            stop = stop.astimezone(pytz.utc).replace(tzinfo=None)
            if Leaves.search_count(
                [
                    ("resource_id", "=", False),
                    ("calendar_id", "in", [False, calendar.id]),
                    ("company_id", "in", [False, company.id]),
                    ("date_from", "<=", start),
                    ("date_to", ">=", stop),
                ],
                limit=1,
            ):
                continue
            vals_list.append(
                {
                    "name": name,
                    "calendar_id": calendar.id,
                    "company_id": company.id,
                    "date_from": start,
                    "date_to": stop,
                    "time_type": "leave",
                }
            )
        return Leaves.create(vals_list) if vals_list else Leaves

    def _import_makeup_days(self, calendar, makeup_days):
        """Extra working days of ``calendar`` for the make-up days, at the
        calendar's usual hours; existing ones, and days it works anyway, are
        kept as they are."""
        ExtraDay = self.env["resource.calendar.extra.day"].sudo()
        known = set(ExtraDay.search([("calendar_id", "=", calendar.id)]).mapped("date"))
        calendar = calendar.sudo()
        vals_list = [
            {
                "calendar_id": calendar.id,
                "date": day,
                "name": self.env._("%(holiday)s make-up day", holiday=name),
            }
            for day, name in makeup_days
            if day not in known
            and not calendar._order_day_attendances(day, str(day.weekday()))
        ]
        return ExtraDay.create(vals_list) if vals_list else ExtraDay
