# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Extra working days of a working calendar (调休, make-up working days).

China moves working days around its official holidays: some Saturdays and
Sundays become working days. ``resource.calendar`` only knows weekly
attendances, so an extra working day is a record of its own: a date on which
the calendar works the hours of one of its normal weekdays. The calendar's
interval computation (``resource_calendar.py``) adds these days for every
caller, Odoo's and ours.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ResourceCalendarExtraDay(models.Model):
    """A date on which a working calendar works although its week says not."""

    _name = "resource.calendar.extra.day"
    _inherit = ["order.field.policy"]
    _description = "Extra Working Day"
    _order = "date desc, id"
    _order_user_fields = frozenset({"calendar_id", "date", "name", "weekday"})

    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="calendar_id.company_id", store=True, index=True, string="Company"
    )
    date = fields.Date(required=True, index=True)
    name = fields.Char(
        string="Reason", help="E.g. 春节调休 (make-up day of the Spring Festival)."
    )
    weekday = fields.Selection(
        selection=WEEKDAYS,
        string="Work As On",
        help="The day is worked with the hours of this weekday. Empty: the "
        "calendar's usual working day.",
    )
    hours = fields.Float(
        string="Working Hours of the Day",
        compute="_compute_hours",
        help="The working hours this day adds to the calendar.",
    )

    _sql_constraints = [
        (
            "calendar_date_unique",
            "UNIQUE(calendar_id, date)",
            "A date is an extra working day of a calendar only once.",
        )
    ]

    # === COMPUTE METHODS === #

    @api.depends("calendar_id", "date", "weekday", "calendar_id.attendance_ids.hour_to")
    def _compute_hours(self):
        for day in self:
            attendances = day._order_attendances()
            day.hours = sum(att.hour_to - att.hour_from for att in attendances)

    @api.depends("date", "calendar_id")
    def _compute_display_name(self):
        for day in self:
            label = fields.Date.to_string(day.date) if day.date else ""
            day.display_name = f"{label} {day.name}" if day.name else label

    # === CONSTRAINT METHODS === #

    @api.constrains("date", "calendar_id", "weekday")
    def _check_extra_day(self):
        for day in self:
            if day._order_normal_attendances():
                raise ValidationError(
                    self.env._(
                        "%(date)s is already a working day of %(calendar)s: an "
                        "extra working day must be a day the calendar does not "
                        "work (a weekend day, usually).",
                        date=fields.Date.to_string(day.date),
                        calendar=day.calendar_id.name,
                    )
                )
            if not day._order_attendances():
                raise ValidationError(
                    self.env._(
                        "%(calendar)s has no working hours on the weekday chosen "
                        "for the extra working day %(date)s: choose a weekday on "
                        "which it works.",
                        date=fields.Date.to_string(day.date),
                        calendar=day.calendar_id.name,
                    )
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        calendars = self.env["resource.calendar"].browse(
            [vals["calendar_id"] for vals in vals_list if vals.get("calendar_id")]
        )
        self._order_check_shared(calendars)
        days = super().create(vals_list)
        self.env.registry.clear_cache()  # the calendars' cached intervals
        return days

    def write(self, vals):
        calendars = self.calendar_id
        if vals.get("calendar_id"):
            calendars |= self.env["resource.calendar"].browse(vals["calendar_id"])
        self._order_check_shared(calendars)
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        self._order_check_shared(self.calendar_id)
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # === BUSINESS METHODS === #

    def _order_check_shared(self, calendars):
        """A calendar of no company is shared: only a user allowed everywhere
        changes its extra days (DESIGN, principle 10)."""
        shared = calendars.sudo().filtered(lambda calendar: not calendar.company_id)
        if shared and not self.env["order.shared.config"]._order_may_edit_shared():
            raise AccessError(
                self.env._(
                    "%(calendars)s is shared by every company: only an "
                    "administrator, or a manager allowed in every company, may "
                    "change its extra working days.",
                    calendars=", ".join(shared.mapped("name")),
                )
            )

    def _order_weekday(self):
        """The weekday whose hours this day is worked with."""
        self.ensure_one()
        return self.weekday or self.calendar_id.sudo()._order_usual_weekday()

    def _order_attendances(self):
        """The attendances (no breaks) this day is worked with."""
        self.ensure_one()
        if not self.calendar_id or not self.date:
            return self.env["resource.calendar.attendance"]
        return self.calendar_id.sudo()._order_day_attendances(
            self.date, self._order_weekday()
        )

    def _order_normal_attendances(self):
        """The attendances the calendar has on this date anyway."""
        self.ensure_one()
        if not self.calendar_id or not self.date:
            return self.env["resource.calendar.attendance"]
        return self.calendar_id.sudo()._order_day_attendances(
            self.date, str(self.date.weekday())
        )
