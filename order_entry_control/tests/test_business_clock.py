# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"


@tagged("post_install", "-at_install")
class TestBusinessClock(OrderControlFixtures, TransactionCase):
    """Business dates, entry timeliness and SLA breaches in Asia/Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _received(self, *wall_clock, **vals):
        received = self._shanghai(*wall_clock)
        with freeze_time(received):
            return self._create_order(received_datetime=received, **vals)

    def test_friday_after_cutoff_counts_on_monday(self):
        # Friday 6 November 2026, 16:30 in Shanghai (08:30 UTC)
        order = self._received(2026, 11, 6, 16, 30)
        self.assertEqual(order.received_datetime, datetime(2026, 11, 6, 8, 30))
        self.assertEqual(order.business_date, date(2026, 11, 9))

    def test_before_cutoff_counts_the_same_day(self):
        order = self._received(2026, 11, 6, 15, 59)
        self.assertEqual(order.business_date, date(2026, 11, 6))

    def test_weekend_counts_on_monday(self):
        order = self._received(2026, 11, 7, 10, 0)
        self.assertEqual(order.business_date, date(2026, 11, 9))

    def test_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": self.calendar.id,
                "date_from": self._shanghai(2026, 11, 9, 0, 0),
                "date_to": self._shanghai(2026, 11, 9, 23, 59),
            }
        )
        order = self._received(2026, 11, 6, 16, 30)
        self.assertEqual(order.business_date, date(2026, 11, 10))

    def test_calendar_changes_reach_the_cached_working_time(self):
        """Working intervals are cached per calendar and day: a new holiday and
        a changed attendance show in the very next computation."""
        friday = self._shanghai(2026, 11, 6, 17, 0)  # one working hour left
        deadline = self.company._order_add_working_hours(friday, 2)
        self.assertEqual(deadline, self._shanghai(2026, 11, 9, 10, 0))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": self.calendar.id,
                "date_from": self._shanghai(2026, 11, 9, 0, 0),
                "date_to": self._shanghai(2026, 11, 9, 23, 59),
            }
        )
        deadline = self.company._order_add_working_hours(friday, 2)
        self.assertEqual(deadline, self._shanghai(2026, 11, 10, 10, 0))
        # Friday afternoon now ends at 17:30: half an hour on Friday
        self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "4" and a.hour_to == 18
        ).hour_to = 17.5
        deadline = self.company._order_add_working_hours(friday, 2)
        self.assertEqual(deadline, self._shanghai(2026, 11, 10, 10, 30))

    def test_another_companys_holiday_does_not_count(self):
        """A holiday of every calendar of another company leaves this company's
        working time alone, whatever companies the user works in."""
        other = self.env["res.company"].create({"name": "Shenzhen Branch"})
        self.env.user.company_ids |= other
        friday = self._shanghai(2026, 11, 6, 17, 0)
        monday_ten = self._shanghai(2026, 11, 9, 10, 0)
        self.env["resource.calendar.leaves"].with_company(other).create(
            {
                "name": "Branch holiday",
                "company_id": other.id,
                "date_from": self._shanghai(2026, 11, 9, 0, 0),
                "date_to": self._shanghai(2026, 11, 9, 23, 59),
            }
        )
        self.assertEqual(self.company._order_add_working_hours(friday, 2), monday_ten)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "company_id": self.company.id,
                "date_from": self._shanghai(2026, 11, 9, 0, 0),
                "date_to": self._shanghai(2026, 11, 9, 23, 59),
            }
        )
        self.assertEqual(
            self.company._order_add_working_hours(friday, 2),
            self._shanghai(2026, 11, 10, 10, 0),
        )

    def test_cutoff_setting_moves_the_boundary(self):
        self.company.order_cutoff_time = 17.5
        order = self._received(2026, 11, 6, 17, 0)
        self.assertEqual(order.business_date, date(2026, 11, 6))

    def test_entry_timeliness(self):
        # received 10:00, entered 10:30: the deadline is 11:00
        with freeze_time(self._shanghai(2026, 11, 2, 10, 30)):
            order = self._create_order(
                received_datetime=self._shanghai(2026, 11, 2, 10, 0)
            )
        self.assertEqual(order.entry_deadline, self._shanghai(2026, 11, 2, 11, 0))
        self.assertTrue(order.entered_on_time)
        # received Friday 17:30, entered Monday 09:30: the hour runs 17:30-18:00
        # then 09:00-09:30, so the deadline is Monday 09:30
        with freeze_time(self._shanghai(2026, 11, 9, 9, 30)):
            weekend = self._create_order(
                received_datetime=self._shanghai(2026, 11, 6, 17, 30)
            )
        self.assertEqual(weekend.entry_deadline, self._shanghai(2026, 11, 9, 9, 30))
        self.assertTrue(weekend.entered_on_time)
        # received 09:00, entered 11:00: late
        with freeze_time(self._shanghai(2026, 11, 2, 11, 0)):
            late = self._create_order(
                received_datetime=self._shanghai(2026, 11, 2, 9, 0)
            )
        self.assertFalse(late.entered_on_time)

    def test_review_deadline_and_sla_breach_by_cron(self):
        cron = self.env.ref("order_entry_control.ir_cron_order_review_sla")
        with freeze_time(self._shanghai(2026, 11, 2, 11, 0)):
            order = self._submit(self._create_order())
        review = order.current_review_id
        # two working hours from 11:00, with lunch from 12:00 to 13:00: 14:00
        self.assertEqual(review.deadline, self._shanghai(2026, 11, 2, 14, 0))
        with freeze_time(self._shanghai(2026, 11, 2, 13, 59)):
            cron.method_direct_trigger()
        self.assertFalse(review.sla_breached)
        with freeze_time(self._shanghai(2026, 11, 2, 14, 30)):
            cron.method_direct_trigger()
        self.assertTrue(review.sla_breached)
        self.assertEqual(review.breached_on, self._shanghai(2026, 11, 2, 14, 30))
        # the managers hear of it: an activity and a chatter message
        escalated = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("user_id", "=", self.manager.id),
                ("summary", "like", "Late:"),
            ]
        )
        self.assertEqual(len(escalated), 1)
        breach = order.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("order_entry_control.mt_order_sla_breach")
            )
        )
        self.assertEqual(len(breach), 1)
        # a second run does not flag it again
        with freeze_time(self._shanghai(2026, 11, 2, 15, 0)):
            cron.method_direct_trigger()
        self.assertEqual(
            len(
                order.message_ids.filtered(lambda m: m.subtype_id == breach.subtype_id)
            ),
            1,
        )
        # decided late: the step is not on time
        order.with_user(self.reviewer).action_review_pass()
        self.assertFalse(review.on_time)

    def test_escalation_user_of_the_step(self):
        step = self.env.ref("order_entry_control.step_first_review")
        step.write({"escalation_user_id": self.approver.id, "sla_hours": 1.0})
        with freeze_time(self._shanghai(2026, 11, 2, 9, 0)):
            order = self._submit(self._create_order())
        self.assertEqual(
            order.current_review_id.deadline, self._shanghai(2026, 11, 2, 10, 0)
        )
        with freeze_time(self._shanghai(2026, 11, 2, 10, 5)):
            self.env["order.review"]._cron_check_sla()
        late = order.activity_ids.filtered(
            lambda a: a.summary and a.summary.startswith("Late")
        )
        self.assertEqual(late.user_id, self.approver)

    def test_review_decided_in_time_is_on_time(self):
        with freeze_time(self._shanghai(2026, 11, 2, 9, 0)):
            order = self._submit(self._create_order())
        with freeze_time(self._shanghai(2026, 11, 2, 10, 0)):
            order.with_user(self.reviewer).action_review_pass()
        self.assertTrue(order.review_ids[0].on_time)
