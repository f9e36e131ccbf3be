# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fuzzed input for the checks and the business-time arithmetic (Hypothesis).

Every example runs in a savepoint that is rolled back, so examples never see
each other's data. The examples are derandomized: a run is reproducible.
"""

import contextlib
from datetime import datetime, timedelta

import pytz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..tools import business_time
from .common import OrderControlFixtures

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)
TIME_ZONES = (
    "Asia/Shanghai",
    "UTC",
    "Asia/Kathmandu",
    "America/New_York",
    "America/St_Johns",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Europe/London",
)
# The fixture calendar: Monday to Friday, 9-12 and 13-18 (local time).
WORK_HOURS = ((9, 12), (13, 18))
moments = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2037, 12, 1))
hostile_floats = st.one_of(
    st.floats(min_value=-1e7, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 0.004, 0.005, 1e-9, 0.333333333, 99.999, 100.0]),
)
sane_qty = st.integers(min_value=1, max_value=60).map(float)
sane_price = st.integers(min_value=0, max_value=500000).map(lambda cents: cents / 100)
lines = st.lists(
    st.tuples(
        st.sampled_from(["product", "product_b", "service", "storable"]),
        st.one_of(sane_qty, hostile_floats),  # quantity
        st.one_of(st.none(), sane_price, hostile_floats),  # unit price
        st.one_of(
            st.sampled_from([0.0, 5.0, 10.0, 100.0]),
            st.floats(min_value=-50, max_value=150, allow_nan=False),
        ),  # discount
    ),
    max_size=4,
)
tidy_lines = st.lists(
    st.tuples(
        st.sampled_from(["product", "product_b", "service", "storable"]),
        sane_qty,
        st.one_of(st.none(), sane_price),
        st.sampled_from([0.0, 5.0, 10.0, 12.5]),
    ),
    min_size=1,
    max_size=3,
)
company_settings = st.fixed_dictionaries(
    {},
    optional={
        "order_cutoff_time": st.floats(min_value=-2, max_value=26, allow_nan=False),
        "order_amount_tolerance": st.floats(min_value=-1, max_value=1e6),
        "order_max_discount": st.floats(min_value=-5, max_value=120),
        "order_max_gift_percent": st.floats(min_value=-5, max_value=120),
        "order_price_decimals": st.integers(min_value=-1, max_value=8),
        "order_duplicate_window_days": st.integers(min_value=-1, max_value=3650),
        "order_entry_deadline_hours": st.floats(min_value=-1, max_value=500),
        "order_rounding_unit": st.sampled_from([-1.0, 0.0, 0.1, 1.0, 10.0, 1e6]),
        "order_credit_check_mode": st.sampled_from(
            ["off", "warn", "approval", "block"]
        ),
        "order_reservation_mode": st.sampled_from(["never", "submission", "entry"]),
    },
)


def _working_local_day(day, holidays):
    return day.weekday() < 5 and day not in holidays


def _in_work_hours(local):
    """Whether a local moment lies in (or closes) a work period of a weekday."""
    if local.weekday() >= 5:
        return False
    hours = local.hour + local.minute / 60 + local.second / 3600
    hours += local.microsecond / 3.6e9
    return any(begin <= hours <= end for begin, end in WORK_HOURS)


@tagged("post_install", "-at_install")
class TestFuzz(OrderControlFixtures, TransactionCase):
    """No hostile input crashes the checks; business time keeps its invariants."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.storable = cls._create_product("Cable drum", 320.0, storable=True)
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.storable, warehouse.lot_stock_id, 7.0
        )

    @contextlib.contextmanager
    def _example(self):
        """One example: its writes are rolled back whatever happens."""
        with contextlib.closing(self.env.cr.savepoint()):
            yield
        self.env.invalidate_all(flush=False)

    def _set_zone(self, tz, holiday=None):
        self.calendar.tz = tz
        if holiday:
            first, days = holiday
            zone = pytz.timezone(tz)
            start = zone.localize(datetime.combine(first, datetime.min.time()))
            stop = zone.localize(
                datetime.combine(first + timedelta(days=days), datetime.min.time())
            )
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Fuzzed holiday",
                    "calendar_id": self.calendar.id,
                    "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                    "date_to": stop.astimezone(pytz.utc).replace(tzinfo=None)
                    - timedelta(seconds=1),
                }
            )
            return {first + timedelta(days=n) for n in range(days)}
        return set()

    # === THE CHECKS === #

    @settings(FUZZ, max_examples=120)
    @given(data=st.data(), tidy=st.booleans())
    def test_checks_never_crash(self, data, tidy):
        """Hostile orders and settings, and tidy ones that reach submission."""
        if tidy:
            drawn = (
                st.just({}),
                st.sampled_from(TIME_ZONES),
                tidy_lines,
                moments,
                st.integers(30, 300),
                st.just("match"),
                st.just(True),
            )
        else:
            drawn = (
                company_settings,
                st.sampled_from(TIME_ZONES),
                lines,
                moments,
                st.one_of(st.none(), st.integers(-400, 400)),
                st.one_of(st.none(), st.just("match"), hostile_floats),
                st.booleans(),
            )
        with self._example():
            self._fuzz_one_order(*(data.draw(strategy) for strategy in drawn))

    def _fuzz_one_order(
        self, settings_vals, tz, order_lines, received, commitment_days, stated, submit
    ):
        valid_settings = True
        try:
            with self.env.cr.savepoint():
                self.company.write(settings_vals)
        except UserError:
            valid_settings = False  # refused with a message: a legal outcome
        self._set_zone(tz)
        products = {
            "product": self.product,
            "product_b": self.product_b,
            "service": self.service,
            "storable": self.storable,
        }
        vals = {
            "received_datetime": received,
            "commitment_date": commitment_days is not None
            and datetime.now() + timedelta(days=commitment_days),
            "order_line": [
                Command.create(
                    {
                        "product_id": products[name].id,
                        "product_uom_qty": qty,
                        "discount": discount,
                        **({} if price is None else {"price_unit": price}),
                    }
                )
                for name, qty, price, discount in order_lines
            ],
        }
        try:
            with self.env.cr.savepoint():
                order = (
                    self.env["sale.order"]
                    .with_user(self.clerk)
                    .create({**self._order_vals([]), **vals})
                )
                if stated == "match":
                    order.customer_stated_total = order.amount_total
                elif stated is not None:
                    order.customer_stated_total = stated
        except UserError:
            return
        findings = order.action_run_checks()
        self.assertEqual(findings, order.finding_ids)
        self.assertTrue(all(f.message and f.severity for f in findings))
        if not order_lines:
            self.assertIn("lines", findings.mapped("kind"))
        self._assert_order_clock(order, tz, received, valid_settings)
        if submit:
            try:
                with self.env.cr.savepoint():
                    order.action_submit_review()
            except UserError:
                self.assertEqual(order.review_state, "draft")
            else:
                self.assertIn(order.review_state, ("to_review", "to_approve"))
                self.assertFalse(
                    order.finding_ids.filtered(
                        lambda f: f.severity == "block" and not f.waived
                    )
                )

    def _assert_order_clock(self, order, tz, received, valid_settings):
        local = pytz.utc.localize(received).astimezone(pytz.timezone(tz))
        day = order.business_date
        self.assertLess(day.weekday(), 5, (received, tz, day))
        self.assertGreaterEqual(day, local.date())
        # at most a cutoff and a weekend away (the fixture calendar has no holiday)
        self.assertLessEqual((day - local.date()).days, 3)
        self.assertTrue(valid_settings or self.company.order_cutoff_time == 16.0)
        hours = self.company.order_entry_deadline_hours
        if hours:
            self.assertGreater(order.entry_deadline, received)
            self.assertTrue(
                _in_work_hours(
                    pytz.utc.localize(order.entry_deadline).astimezone(
                        pytz.timezone(tz)
                    )
                ),
                (received, tz, order.entry_deadline),
            )
        else:
            self.assertGreaterEqual(order.entry_deadline, received)

    # === COMPANY BUSINESS-TIME HELPERS === #

    @settings(FUZZ, max_examples=100)
    @given(
        received=moments,
        tz=st.sampled_from(TIME_ZONES),
        cutoff=st.floats(min_value=0, max_value=23.99),
        hours=st.floats(min_value=0, max_value=200),
        holiday=st.one_of(st.none(), st.tuples(st.integers(0, 8), st.integers(1, 6))),
    )
    def test_company_business_time(self, received, tz, cutoff, hours, holiday):
        with self._example():
            zone = pytz.timezone(tz)
            local = pytz.utc.localize(received).astimezone(zone)
            holidays = self._set_zone(
                tz, holiday and (local.date() + timedelta(days=holiday[0]), holiday[1])
            )
            self.company.order_cutoff_time = cutoff
            company = self.company
            day = company._order_business_date(received)
            # a working day of the calendar, never before the receipt
            self.assertTrue(_working_local_day(day, holidays), (received, tz, day))
            self.assertGreaterEqual(day, local.date())
            local_hours = local.hour + local.minute / 60 + local.second / 3600
            if _working_local_day(local.date(), holidays) and local_hours < cutoff - (
                1 / 60
            ):
                self.assertEqual(day, local.date())
            # the first working day after the receipt day (or the receipt day)
            expected = local.date() + timedelta(days=local_hours >= cutoff + 1 / 60)
            while not _working_local_day(expected, holidays):
                expected += timedelta(days=1)
            if abs(local_hours - cutoff) > 1 / 60:
                self.assertEqual(day, expected, (received, tz, cutoff))

            deadline = company._order_add_working_hours(received, hours)
            self.assertGreaterEqual(deadline, received)
            if hours > 1e-6:
                self.assertGreater(deadline, received)
                local_deadline = pytz.utc.localize(deadline).astimezone(zone)
                self.assertTrue(_in_work_hours(local_deadline), (received, tz, hours))
                self.assertNotIn(local_deadline.date(), holidays)
                spent = company._order_working_hours_between(received, deadline)
                self.assertAlmostEqual(spent, hours, delta=1 / 600)

    # === PURE HELPERS === #

    @settings(FUZZ, max_examples=150)
    @given(
        start=st.datetimes(
            min_value=datetime(2020, 1, 1), max_value=datetime(2020, 3, 1)
        ),
        hours=st.floats(min_value=0, max_value=300),
        spans=st.lists(
            st.tuples(st.integers(0, 72 * 60), st.integers(1, 12 * 60)), max_size=12
        ),
        cutoff=st.one_of(
            st.floats(min_value=0, max_value=23.999),
            st.floats(min_value=-100, max_value=100),
        ),
        working_days=st.sets(st.integers(0, 360), max_size=10),
    )
    def test_pure_business_time(self, start, hours, spans, cutoff, working_days):
        # sorted, non-overlapping intervals: each gap and length in minutes
        intervals, cursor = [], datetime(2020, 1, 1)
        for gap, length in spans:
            begin = cursor + timedelta(minutes=gap)
            cursor = begin + timedelta(minutes=length)
            intervals.append((begin, cursor))
        deadline = business_time.add_working_hours(start, hours, intervals)
        total = business_time.working_hours_between(start, cursor, intervals)
        if deadline is None:
            self.assertLess(total, hours + 1e-9)
        else:
            self.assertGreaterEqual(deadline, start)
            self.assertTrue(hours == 0 or any(b <= deadline <= e for b, e in intervals))
            self.assertAlmostEqual(
                business_time.working_hours_between(start, deadline, intervals),
                hours,
                delta=1e-6,
            )
            self.assertAlmostEqual(
                business_time.working_hours_between(deadline, start, intervals),
                -hours,
                delta=1e-6,
            )
        days = {start.date() + timedelta(days=n) for n in working_days}
        if not 0 <= cutoff < 24:
            with self.assertRaises(ValueError):
                business_time.business_date(start, cutoff, days)
            return
        day = business_time.business_date(start, cutoff, days)
        cutoff_minute = min(round(cutoff * 60), 24 * 60 - 1)
        first = start.date() + timedelta(
            days=start.hour * 60 + start.minute >= cutoff_minute
        )
        ahead = sorted(d for d in days if d >= first)
        # the first working day from the counting day on, else the counting day
        self.assertEqual(day, ahead[0] if ahead else first, (start, cutoff, days))
