# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import LATE_ACTIVITY, TrackingFixtures


@tagged("post_install", "-at_install")
class TestLateness(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.cron = cls.env.ref("order_tracking.ir_cron_order_milestone_lateness")

    def _late_activities(self, order):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.env.ref(LATE_ACTIVITY).id),
            ]
        )

    def test_cron_flags_late_milestones_once(self):
        with freeze_time("2026-03-02 02:00:00"):  # Monday 10:00 Shanghai
            order = self._released_order()
        self.assertFalse(order.milestone_ids.filtered("is_late"))
        # Monday 15:30: production planned (11:00) and done (15:00) are late;
        # QC (16:00) is not yet
        with freeze_time(self._shanghai(2026, 3, 2, 15, 30)):
            self.cron.method_direct_trigger()
        late = order.milestone_ids.filtered("is_late")
        self.assertEqual(
            sorted(late.mapped("code")), ["production_done", "production_planned"]
        )
        self.assertEqual(set(late.mapped("state")), {"late"})
        activities = self._late_activities(order)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.tracker)
        self.assertEqual(order.late_milestone_count, 2)
        # a second run gives no second activity
        with freeze_time(self._shanghai(2026, 3, 2, 15, 45)):
            self.cron.method_direct_trigger()
        self.assertEqual(len(self._late_activities(order)), 2)
        # completing a late milestone closes its activity; it stays flagged late
        milestone = self._milestone(order, "production_planned")
        with freeze_time(self._shanghai(2026, 3, 2, 16, 0)):
            self.env["order.milestone.log.wizard"].with_user(self.tracker).with_context(
                default_order_id=order.id, default_milestone_id=milestone.id
            ).create({}).action_log()
        self.assertTrue(milestone.is_late)
        self.assertEqual(milestone.state, "done")
        self.assertEqual(len(self._late_activities(order)), 1)

    def test_late_on_write(self):
        with freeze_time("2026-03-02 02:00:00"):
            order = self._released_order()
        with freeze_time(self._shanghai(2026, 3, 2, 12, 0)):
            qc = self._milestone(order, "qc_passed")
            # replanned (by the system: the planned date is not the tracker's)
            # earlier than now: late at once, without the cron
            qc.sudo().date_planned = self._shanghai(2026, 3, 2, 11, 30)
            self.assertTrue(qc.is_late)
            self.assertEqual(len(self._late_activities(order)), 1)
            # moved back to the future: no longer late
            qc.sudo().date_planned = self._shanghai(2026, 3, 2, 17, 0)
            self.assertFalse(qc.is_late)
            # a planned date already past when set: late at once
            packed = self._milestone(order, "packed")
            packed.sudo().date_planned = self._shanghai(2026, 3, 2, 11, 0)
            self.assertTrue(packed.is_late)

    def test_cron_works_in_batches_and_reports_progress(self):
        with freeze_time("2026-03-02 02:00:00"):
            orders = [self._released_order() for _i in range(3)]
        milestones = self.env["order.milestone"]
        # Tuesday 10:00: production planned, done, QC, packed are late (4 per order)
        with freeze_time(self._shanghai(2026, 3, 3, 10, 0)):
            _cron, progress = self.cron._add_progress()
            done = milestones.with_context(
                ir_cron_progress_id=progress.id
            )._cron_check_lateness(batch_size=5)
            self.assertEqual(done, 5)
            self.assertEqual((progress.done, progress.remaining), (5, 7))
            done = milestones.with_context(
                ir_cron_progress_id=progress.id
            )._cron_check_lateness(batch_size=5)
            self.assertEqual((progress.done, progress.remaining), (5, 2))
            milestones._cron_check_lateness(batch_size=5)
        for order in orders:
            self.assertEqual(
                sorted(order.milestone_ids.filtered("is_late").mapped("code")),
                sorted(
                    ["production_planned", "production_done", "qc_passed", "packed"]
                ),
            )
            self.assertEqual(len(self._late_activities(order)), 4)
