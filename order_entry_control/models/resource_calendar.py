# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working calendars: extra working days (调休) in the calendar's own interval
computation, and the cached working time of order deadlines cleared whenever
a calendar, its attendances, its holidays or its extra days change."""

from collections import Counter
from datetime import datetime, timedelta

from pytz import timezone

from odoo import api, fields, models, tools
from odoo.osv import expression

from odoo.addons.hr_work_entry_contract.models.hr_work_intervals import (
    WorkIntervals,
)
from odoo.addons.resource.models.utils import float_to_time


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    order_extra_day_ids = fields.One2many(
        comodel_name="resource.calendar.extra.day",
        inverse_name="calendar_id",
        string="Extra Working Days",
        help="Days the calendar works although its week says not, such as the "
        "make-up working days (调休) of China's official holidays.",
    )

    # === CRUD METHODS === #

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # res.company._order_work_intervals_of_days
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # === ACTION METHODS === #

    def action_order_import_holidays(self):
        """Open the import of a year's official holidays and make-up days."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Chinese Official Holidays"),
            "res_model": "order.holiday.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_calendar_id": self.id},
        }

    # === INTERVALS: EXTRA WORKING DAYS === #

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        """Add the extra working days to the weekly attendances, so that every
        caller (deadlines, leaves, planning, Odoo's own) sees them."""
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        first = start_dt.astimezone(timezone("UTC")).date() - timedelta(days=1)
        last = end_dt.astimezone(timezone("UTC")).date() + timedelta(days=1)
        extra_days = [
            (day, weekday)
            for day, weekday in self._order_extra_days()
            if first <= day <= last
        ]
        if not extra_days:
            return result
        attendances = self._order_extra_day_attendances(extra_days, domain, lunch)
        if not any(attendances.values()):
            return result
        resources_list = [self.env["resource.resource"]]
        if resources:
            resources_list = list(resources) + resources_list
        for resource in resources_list:
            resource_tz = tz or timezone((resource or self).tz)
            lo, hi = start_dt.astimezone(resource_tz), end_dt.astimezone(resource_tz)
            intervals = result[resource.id]
            worked = {begin.date() for begin, _end, _meta in intervals}
            added = []
            for day, day_attendances in attendances.items():
                if day in worked:
                    continue  # the week works that day anyway
                for attendance in day_attendances:
                    begin = resource_tz.localize(
                        datetime.combine(day, float_to_time(attendance.hour_from))
                    )
                    stop = resource_tz.localize(
                        datetime.combine(day, float_to_time(attendance.hour_to))
                    )
                    begin, stop = max(begin, lo), min(stop, hi)
                    if begin < stop:
                        added.append((begin, stop, attendance))
            if added:
                result[resource.id] = WorkIntervals(list(intervals) + added)
        return result

    def _order_extra_day_attendances(self, extra_days, domain=None, lunch=False):
        """{date: attendances} of ``extra_days`` ((date, weekday) pairs), with
        the attendance filter ``domain`` of the caller."""
        self.ensure_one()
        domain = expression.AND(
            [
                domain or [],
                [
                    ("calendar_id", "=", self.id),
                    ("resource_id", "=", False),
                    ("display_type", "=", False),
                    ("day_period", "=" if lunch else "!=", "lunch"),
                ],
            ]
        )
        attendances = self.env["resource.calendar.attendance"].sudo().search(domain)
        usual = self._order_usual_weekday()
        return {
            day: self._order_day_attendances(day, weekday or usual, attendances)
            for day, weekday in extra_days
        }

    def _works_on_date(self, date):
        if date in {day for day, _weekday in self._order_extra_days()}:
            return True
        return super()._works_on_date(date)

    @tools.ormcache("self.id")
    def _order_extra_days(self):
        """The calendar's extra working days as (date, weekday or False) pairs,
        cached: the interval computation reads them on every call (extra days
        clear the cache when they change)."""
        self.ensure_one()
        if not isinstance(self.id, int):
            return ()  # a calendar being created in a form has none yet
        days = (
            self.env["resource.calendar.extra.day"]
            .sudo()
            .search_read([("calendar_id", "=", self.id)], ["date", "weekday"])
        )
        return tuple(sorted((day["date"], day["weekday"]) for day in days))

    def _order_day_attendances(self, day, weekday, attendances=None):
        """The working attendances (no breaks) of ``weekday`` that apply on
        date ``day`` (its week type, the attendances' validity)."""
        self.ensure_one()
        if attendances is None:
            attendances = self.attendance_ids.filtered(
                lambda att: att.day_period != "lunch"
            )
        week_type = str(self.env["resource.calendar.attendance"].get_week_type(day))
        return attendances.filtered(
            lambda att: (
                att.dayofweek == weekday
                and not att.resource_id
                and not att.display_type
                and (not self.two_weeks_calendar or att.week_type == week_type)
                and (not att.date_from or att.date_from <= day)
                and (not att.date_to or day <= att.date_to)
            )
        )

    def _order_usual_weekday(self):
        """The calendar's usual working day: the weekday whose hours most
        weekdays share (the first of them), e.g. Monday for Monday to Friday
        9-18."""
        self.ensure_one()
        patterns = {}
        for attendance in self.attendance_ids:
            if attendance.display_type or attendance.resource_id:
                continue
            if attendance.day_period == "lunch":
                continue
            patterns.setdefault(attendance.dayofweek, []).append(
                (attendance.hour_from, attendance.hour_to)
            )
        if not patterns:
            return False
        shapes = {day: tuple(sorted(hours)) for day, hours in patterns.items()}
        counts = Counter(shapes.values())
        return min(shapes, key=lambda day: (-counts[shapes[day]], day))


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()  # res.company._order_work_intervals_of_days
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _order_clear_work_intervals(self):
        """Company-wide leaves (public holidays) change the working intervals of
        order deadlines; a person's time off does not."""
        if any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()  # _order_work_intervals_of_days

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._order_clear_work_intervals()
        return leaves

    def write(self, vals):
        self._order_clear_work_intervals()
        res = super().write(vals)
        self._order_clear_work_intervals()
        return res

    def unlink(self):
        self._order_clear_work_intervals()
        return super().unlink()
