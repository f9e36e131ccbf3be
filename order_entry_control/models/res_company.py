# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import business_time

# Settings that cannot be negative.
NON_NEGATIVE_FIELDS = (
    "order_entry_deadline_hours",
    "order_review_sla_hours",
    "order_approval_sla_hours",
    "order_customer_reply_hours",
    "order_duplicate_window_days",
    "order_max_discount",
    "order_large_order_amount",
    "order_max_gift_percent",
    "order_price_decimals",
    "order_amount_tolerance",
    "order_rounding_unit",
    "order_reservation_margin_hours",
)
# Working-hour settings, and the longest a typing error can make them: past a
# year of working days a deadline lies beyond the calendar that is read.
HOUR_FIELDS = (
    "order_entry_deadline_hours",
    "order_review_sla_hours",
    "order_approval_sla_hours",
    "order_customer_reply_hours",
    "order_reservation_margin_hours",
)
MAX_HOURS = 2000
MAX_WINDOW_DAYS = 3650
# How far ahead the working calendar is read at once, then on retry.
CALENDAR_WINDOWS_DAYS = (21, 120, 400)


class ResCompany(models.Model):
    _inherit = "res.company"

    order_control_enabled = fields.Boolean(
        string="Order Control",
        help="Quotations of this company must be checked, submitted, reviewed "
        "and approved before they can be confirmed.",
    )
    order_reservation_mode = fields.Selection(
        selection=[
            ("never", "Never"),
            ("submission", "On submission"),
            ("entry", "On entry"),
        ],
        string="Stock Reservation",
        default="submission",
        required=True,
        help="When the storable products of a controlled quotation are reserved "
        "in its warehouse.",
    )
    order_reservation_margin_hours = fields.Float(
        string="Reservation Margin (working hours)",
        default=8.0,
        help="A reservation lasts the approval SLA plus this margin, then the "
        "stock is released.",
    )
    order_release_windows_enabled = fields.Boolean(
        string="Release Windows",
        help="Approved orders are confirmed in batches at the release windows "
        "instead of one by one.",
    )
    order_release_windows = fields.Char(
        string="Window Times",
        default="10:00,12:00,15:30,17:30",
        help="Times of day (company time zone), separated by commas. Orders "
        "approved after the last window are released at closing time.",
    )
    order_review_rounds_enabled = fields.Boolean(
        string="Review Rounds",
        help="A quotation's review and approval steps are due at the end of the "
        "review round they fall into (the first round time after the step "
        "starts, or closing time), instead of after their SLA in working hours.",
    )
    order_review_rounds = fields.Char(
        string="Round Times",
        default="09:30,11:30,15:00",
        help="Times of day (company time zone), separated by commas; closing "
        "time (the end of the day's working hours) is always the last round.",
    )
    order_cutoff_time = fields.Float(
        string="Daily Cutoff",
        default=16.0,
        help="Orders received at or after this time (company time zone) count "
        "on the next working day.",
    )
    order_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Order Working Calendar",
        help="Working hours and holidays used for business dates and deadlines. "
        "Empty: the company's working hours.",
    )
    order_entry_deadline_hours = fields.Float(
        string="Entry Deadline (working hours)",
        default=1.0,
        help="An order must be entered within this many working hours of its "
        "receipt to count as entered on time.",
    )
    order_urgent_sla_factor = fields.Float(
        string="Urgent Orders' Deadlines",
        default=1.0,
        digits=(3, 2),
        help="The review and approval deadlines of urgent and very urgent orders "
        "are this share of the usual working hours (0.5: half the time; 1: the "
        "same as other orders). Urgent orders always come first in the queues.",
    )
    order_review_sla_hours = fields.Float(
        string="Review SLA (working hours)",
        default=2.0,
        help="Default time allowed for a review step.",
    )
    order_approval_sla_hours = fields.Float(
        string="Approval SLA (working hours)",
        default=8.0,
        help="Default time allowed for an approval step.",
    )
    order_notify_reviewers = fields.Boolean(
        string="Tell Reviewers",
        default=True,
        help="When a step starts, its reviewers are told by e-mail or in Odoo, "
        "as each one's notification preference says, with a link to the "
        "document and the step's deadline.",
    )
    order_review_notify_managers = fields.Boolean(
        string="Send Review Steps to Managers Too",
        help="Off (default): a step's activities and notices go to the users "
        "holding its reviewer group, Order Control Managers left out (they "
        "hold every role; they still decide any step from the lists), unless "
        "nobody else holds the group. On: the managers receive every step too.",
    )
    order_customer_reply_hours = fields.Float(
        string="Customer Reply Deadline (working hours)",
        default=24.0,
        help="Time the customer has to answer an open question on an order.",
    )
    order_duplicate_window_days = fields.Integer(
        string="Duplicate Window (days)",
        default=7,
        help="Orders of the same customer with the same products and quantities "
        "within this many days are reported as possible duplicates.",
    )
    order_large_order_amount = fields.Float(
        string="Large Order Amount",
        help="Orders whose total (in company currency) is above this amount "
        "also need a senior approval. 0: no senior approval.",
    )
    order_max_discount = fields.Float(
        string="Maximum Discount (%)",
        default=10.0,
        help="A line discount above this needs special approval.",
    )
    order_max_gift_percent = fields.Float(
        string="Maximum Gift Value (%)",
        default=5.0,
        help="Free lines worth more than this share of the order total need "
        "special approval.",
    )
    order_price_decimals = fields.Integer(
        string="Unit Price Decimals",
        default=2,
        help="Unit prices with more decimals than this are reported.",
    )
    order_amount_tolerance = fields.Float(
        string="Amount Tolerance",
        default=0.01,
        help="Largest accepted difference between the order total and the "
        "total written on the customer's document.",
    )
    order_credit_check_mode = fields.Selection(
        selection=[
            ("off", "Off"),
            ("warn", "Warn"),
            ("approval", "Needs approval"),
            ("block", "Block"),
        ],
        string="Credit Check",
        default="approval",
        required=True,
        help="What a customer over the credit limit or with overdue invoices "
        "causes: nothing, a warning, a credit approval step, or a refusal.",
    )
    order_finance_review = fields.Selection(
        selection=[
            ("findings", "Only with credit findings"),
            ("terms", "Credit terms or payment before shipping"),
            ("always", "Every order"),
        ],
        string="Finance Review",
        default="findings",
        required=True,
        help="Which quotations the finance step (the review step whose condition "
        "is 'Finance review') reaches: only those with a credit finding; also "
        "those sold on credit terms (a payment term that is not immediate, or "
        "the payment method 'Credit terms') or paid before shipping; or every "
        "order.",
    )
    order_rounding_unit = fields.Float(
        string="Small-Change Rounding Unit",
        default=0.0,
        help="Round order totals down to a multiple of this amount at submission "
        "(0: off). The small change is posted as a discount line with a remark.",
    )

    # === CONSTRAINT METHODS === #

    @api.constrains("order_cutoff_time")
    def _check_order_cutoff_time(self):
        for company in self:
            if not 0 <= company.order_cutoff_time < 24:
                raise ValidationError(
                    self.env._(
                        "The daily cutoff of %(company)s must be a time between "
                        "00:00 and 23:59.",
                        company=company.name,
                    )
                )

    @api.constrains(*NON_NEGATIVE_FIELDS)
    def _check_order_control_numbers(self):
        for company in self:
            negatives = [
                self._fields[name].get_description(self.env)["string"]
                for name in NON_NEGATIVE_FIELDS
                if company[name] < 0
            ]
            if negatives:
                raise ValidationError(
                    self.env._(
                        "These Order Control settings cannot be negative: %(fields)s.",
                        fields=", ".join(negatives),
                    )
                )
            if company.order_max_discount > 100 or company.order_max_gift_percent > 100:
                raise ValidationError(
                    self.env._("Discount and gift limits are percentages: 0 to 100.")
                )
            too_long = [
                self._fields[name].get_description(self.env)["string"]
                for name in HOUR_FIELDS
                if company[name] > MAX_HOURS
            ]
            if too_long:
                raise ValidationError(
                    self.env._(
                        "These Order Control settings must be at most %(max)s working "
                        "hours: %(fields)s.",
                        max=MAX_HOURS,
                        fields=", ".join(too_long),
                    )
                )
            if company.order_duplicate_window_days > MAX_WINDOW_DAYS:
                raise ValidationError(
                    self.env._(
                        "The duplicate-order window must be at most %(max)s days.",
                        max=MAX_WINDOW_DAYS,
                    )
                )
            if company.order_price_decimals > 6:
                raise ValidationError(
                    self.env._("Unit prices can be checked for at most 6 decimals.")
                )

    @api.constrains("order_release_windows", "order_release_windows_enabled")
    def _check_order_release_windows(self):
        for company in self:
            if company.order_release_windows_enabled:
                company._order_release_window_hours()

    @api.constrains("order_urgent_sla_factor")
    def _check_order_urgent_sla_factor(self):
        for company in self:
            if not 0.05 <= company.order_urgent_sla_factor <= 1.0:
                raise ValidationError(
                    self.env._(
                        "The deadline share of urgent orders must be between 0.05 "
                        "and 1 (1 keeps their deadlines as for other orders)."
                    )
                )

    @api.constrains("order_review_rounds", "order_review_rounds_enabled")
    def _check_order_review_rounds(self):
        for company in self:
            if company.order_review_rounds_enabled:
                company._order_review_round_hours()

    # === BUSINESS METHODS === #

    @api.model
    def _order_parse_times(self, text):
        """Float hours of "HH:MM" times separated by commas, and the first part
        that is not a time of day (or None)."""
        hours = []
        for part in (text or "").split(","):
            part = part.strip()
            if not part:
                continue
            hour, _sep, minute = part.partition(":")
            try:
                value = int(hour) + int(minute or 0) / 60.0
                valid = 0 <= int(hour) <= 23 and 0 <= int(minute or 0) <= 59
            except ValueError:
                valid = False
            if not valid:
                return hours, part
            hours.append(value)
        return hours, None

    def _order_review_round_hours(self):
        """The review round times as float hours, ascending; refuse bad input."""
        self.ensure_one()
        hours, bad = self._order_parse_times(self.order_review_rounds)
        if bad is not None:
            raise ValidationError(
                self.env._(
                    "'%(time)s' is not a time of day: write the review rounds as "
                    "HH:MM, separated by commas (e.g. 09:30,11:30,15:00).",
                    time=bad,
                )
            )
        if hours != sorted(set(hours)):
            raise ValidationError(
                self.env._(
                    "List the review round times once each, from morning to "
                    "evening; closing time is always the last round."
                )
            )
        return hours

    def _order_review_round_deadline(self, start):
        """The end of the review round ``start`` (naive UTC) falls into: the
        first round time of a working day later than ``start``, or that day's
        closing time (the end of its working hours), whichever comes first.
        A round time outside the day's working hours does not count. After
        closing, or on a day off, the first round of the next working day:
        started at 10:05, due at 11:30; at 11:30, due at 15:00; at 15:40, due
        at closing the same day; after closing, due at 09:30 the next working
        day (a make-up working day counts)."""
        self.ensure_one()
        rounds = self._order_review_round_hours()
        tz = self._order_control_tz()
        local = pytz.utc.localize(start).astimezone(tz)
        day_start = tz.localize(datetime.combine(local.date(), time.min))
        begin = day_start.astimezone(pytz.utc).replace(tzinfo=None)
        for days in CALENDAR_WINDOWS_DAYS:
            intervals = self._order_work_intervals(begin, begin + timedelta(days=days))
            hours_by_day = {}
            for first, stop in intervals:
                day = pytz.utc.localize(first).astimezone(tz).date()
                opening, closing = hours_by_day.get(day, (first, stop))
                hours_by_day[day] = (min(opening, first), max(closing, stop))
            for day in sorted(hours_by_day):
                opening, closing = hours_by_day[day]
                candidates = [
                    tz.localize(
                        datetime.combine(day, business_time.float_to_time(hour))
                    )
                    .astimezone(pytz.utc)
                    .replace(tzinfo=None)
                    for hour in rounds
                ]
                later = [c for c in candidates if opening < c <= closing and start < c]
                if later or start < closing:
                    return min(later + [closing])
        return self._order_add_working_hours(start, self.order_review_sla_hours)

    def _order_release_window_hours(self):
        """The release windows as float hours, ascending; refuse bad input."""
        self.ensure_one()
        hours, bad = self._order_parse_times(self.order_release_windows)
        if bad is not None:
            raise ValidationError(
                self.env._(
                    "'%(window)s' is not a time of day: write the release "
                    "windows as HH:MM, separated by commas (e.g. 10:00,15:30).",
                    window=bad,
                )
            )
        if not hours:
            raise ValidationError(
                self.env._("Give at least one release window time (e.g. 10:00).")
            )
        if hours != sorted(set(hours)):
            raise ValidationError(
                self.env._(
                    "List the release windows once each, from morning to evening."
                )
            )
        return hours

    def _order_control_calendar(self):
        """Return the working calendar that order deadlines count on."""
        self.ensure_one()
        return self.order_calendar_id or self.resource_calendar_id

    def _order_control_tz(self):
        """Return the company's time zone (the calendar's, else the company's)."""
        self.ensure_one()
        calendar = self._order_control_calendar()
        return pytz.timezone(
            (calendar and calendar.tz)
            or self.partner_id.tz
            or self.env.user.tz
            or "UTC"
        )

    def _order_work_intervals(self, start, end):
        """Working intervals between two naive UTC datetimes, as naive UTC pairs."""
        self.ensure_one()
        calendar = self._order_control_calendar()
        if not calendar:
            return [(start, end)]
        tz = self._order_control_tz()
        first_day = pytz.utc.localize(start).astimezone(tz).date()
        last_day = pytz.utc.localize(end).astimezone(tz).date()
        whole_days = self._order_work_intervals_of_days(
            calendar.id, self.id, tz.zone, first_day, last_day
        )
        return [
            (max(begin, start), min(stop, end))
            for begin, stop in whole_days
            if stop > start and begin < end
        ]

    @api.model
    @tools.ormcache("calendar_id", "company_id", "tz_name", "first_day", "last_day")
    def _order_work_intervals_of_days(
        self, calendar_id, company_id, tz_name, first_day, last_day
    ):
        """Working intervals of whole local days (naive UTC pairs), cached: every
        deadline and business date reads the calendar, which rarely changes
        (``resource.calendar`` and its attendances and company-wide leaves
        clear the cache when they do). Only this company's leaves and the
        leaves of no company count, whoever asks."""
        tz = pytz.timezone(tz_name)
        start = tz.localize(datetime.combine(first_day, time.min))
        end = tz.localize(datetime.combine(last_day + timedelta(days=1), time.min))
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        intervals = calendar._work_intervals_batch(
            start,
            end,
            domain=[
                ("time_type", "=", "leave"),
                ("company_id", "in", [False, company_id]),
            ],
            tz=tz,
        )[False]
        return tuple(
            (
                begin.astimezone(pytz.utc).replace(tzinfo=None),
                stop.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for begin, stop, _meta in intervals
        )

    def _order_add_working_hours(self, start, hours):
        """Naive UTC moment ``hours`` working hours after ``start``."""
        self.ensure_one()
        for days in CALENDAR_WINDOWS_DAYS:
            intervals = self._order_work_intervals(start, start + timedelta(days=days))
            deadline = business_time.add_working_hours(start, hours, intervals)
            if deadline:
                return deadline
        return start + timedelta(hours=hours)

    def _order_working_hours_between(self, start, end):
        """Working hours between two naive UTC datetimes."""
        self.ensure_one()
        lo, hi = min(start, end), max(start, end)
        intervals = self._order_work_intervals(lo, hi)
        return business_time.working_hours_between(start, end, intervals)

    def _order_business_date(self, received):
        """Business date of an order received at ``received`` (naive UTC)."""
        self.ensure_one()
        tz = self._order_control_tz()
        local = pytz.utc.localize(received).astimezone(tz).replace(tzinfo=None)
        day_start = tz.localize(datetime.combine(local.date(), datetime.min.time()))
        start = day_start.astimezone(pytz.utc).replace(tzinfo=None)
        if not self._order_control_calendar():
            return business_time.business_date(local, self.order_cutoff_time, set())
        for days in CALENDAR_WINDOWS_DAYS:
            intervals = self._order_work_intervals(start, start + timedelta(days=days))
            working_days = business_time.working_days_of(
                intervals,
                lambda moment: pytz.utc.localize(moment).astimezone(tz),
            )
            day = business_time.business_date(
                local, self.order_cutoff_time, working_days
            )
            if day in working_days:
                return day
        return business_time.business_date(local, self.order_cutoff_time, set())

    def _order_local_text(self, moment):
        """A naive UTC datetime as the company's people read it in a message
        or an error: ``2026-03-02 20:00`` in the company's time zone (digits
        only: the same in every language, and the same for every reader of a
        chatter message, whoever's cron or session wrote it)."""
        self.ensure_one()
        if not moment:
            return ""
        local = pytz.utc.localize(moment).astimezone(self._order_control_tz())
        return local.strftime("%Y-%m-%d %H:%M")

    def _order_local_date(self, moment):
        """The company-local date of a naive UTC datetime."""
        self.ensure_one()
        return pytz.utc.localize(moment).astimezone(self._order_control_tz()).date()

    def _order_control_setup_issue(self):
        """What keeps this company's controlled quotations from being reviewed
        (no active review step, or steps nobody can act on), or False."""
        self.ensure_one()
        if not self.order_control_enabled:
            return False
        # reading the configuration, not granting anything: the caller checked
        # that the user works in Sales
        steps = (
            self.env["order.review.step"]
            .sudo()
            .search(
                [
                    ("model_id.model", "=", "sale.order"),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", self.id),
                ]
            )
        )
        if not steps:
            return self.env._(
                "Order Control is on for %(company)s, but no review step is "
                "active: submitted quotations are approved at once. Add one in "
                "Sales > Configuration > Order Control > Review Steps.",
                company=self.name,
            )
        nobody = steps.filtered(
            lambda step: (
                not (step.user_id | step.group_id.users).filtered(
                    lambda user: (
                        user.active and not user.share and self in user.company_ids
                    )
                )
            )
        )
        if nobody:
            return self.env._(
                "Order Control is on for %(company)s, but nobody can act on the "
                "review step(s) %(steps)s: add users to their groups (or name a "
                "user on the step) before quotations are submitted.",
                company=self.name,
                steps=", ".join(nobody.mapped("name")),
            )
        return False
