# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tracking's controls against the people they control: KPI inputs, shared
milestone definitions, what a salesperson reads, who closes an exception,
and settings and crons that one bad value cannot stop."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import TrackingFixtures

ORM_LOG = "odoo.models"
# the lateness cron logs its failures through the batch helper
MILESTONE_LOG = "odoo.addons.order_entry_control.tools.batch"
CLOSURE_LOG = "odoo.addons.order_tracking.models.order_closure_request"


@tagged("post_install", "-at_install")
class TestKpiInputs(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.order = cls._released_order(user=cls.salesman)
        cls.milestone = cls._milestone(cls.order, "qc_passed")

    @mute_logger(ORM_LOG)
    def test_milestone_dates_and_late_flag_are_the_system_s(self):
        forged = {
            "is_late": True,
            "date_planned": fields.Datetime.now(),
            "date_actual": fields.Datetime.now(),
            "user_id": self.tracker.id,
            "late_notified": True,
        }
        for user in (self.tracker, self.head, self.manager):
            for name, value in forged.items():
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaises(AccessError),
                ):
                    self.milestone.with_user(user).write({name: value})
        self.assertFalse(self.milestone.date_actual or self.milestone.is_late)
        with self.assertRaises(AccessError):
            self.env["order.milestone"].with_user(self.manager).create(
                {"order_id": self.order.id, "type_id": self.milestone.type_id.id}
            )
        # the tracker's note, and the log action
        self.milestone.with_user(self.tracker).write({"note": "QC booked"})
        wizard = (
            self.env["order.milestone.log.wizard"]
            .with_user(self.tracker)
            .create(
                {
                    "order_id": self.order.id,
                    "milestone_id": self.milestone.id,
                    "date_actual": fields.Datetime.now(),
                }
            )
        )
        wizard.action_log()
        self.assertTrue(self.milestone.date_actual)
        self.assertEqual(self.milestone.user_id, self.tracker)

    @mute_logger(ORM_LOG)
    def test_customer_feedback_score_is_logged_by_the_tracker_only(self):
        for user in (self.salesman, self.tracker, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.order.with_user(user).write({"customer_feedback_score": 100})
        with self.assertRaises(ValidationError):
            self.order.sudo().write({"customer_feedback_score": 101})
        with self.assertRaises(ValidationError):
            self.order.sudo().write({"customer_feedback_score": -1})
        feedback = self._milestone(self.order, "feedback")
        self.env["order.milestone.log.wizard"].with_user(self.tracker).create(
            {
                "order_id": self.order.id,
                "milestone_id": feedback.id,
                "date_actual": fields.Datetime.now(),
                "feedback_score": 85,
            }
        ).action_log()
        self.assertEqual(self.order.customer_feedback_score, 85)

    @mute_logger(ORM_LOG)
    def test_allocation_progress_moves_through_its_actions(self):
        allocation = self.order.allocation_ids[:1]
        with self.assertRaises(AccessError):
            allocation.with_user(self.tracker).write({"state": "done"})
        with self.assertRaises(AccessError):
            allocation.with_user(self.tracker).write(
                {"date_done": fields.Datetime.now()}
            )
        with self.assertRaises(AccessError):
            allocation.with_user(self.salesman).action_done()
        allocation.with_user(self.tracker).action_done()
        self.assertEqual(allocation.state, "done")
        self.assertTrue(allocation.date_done)


@tagged("post_install", "-at_install")
class TestSharedMilestoneTypes(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.other = cls.env["res.company"].create({"name": "Xiamen Branch"})
        cls.stranger = new_test_user(
            cls.env,
            login="oc_stranger",
            groups="base.group_user,order_entry_control.group_order_control_manager",
            company_id=cls.other.id,
            company_ids=[Command.set(cls.other.ids)],
        )
        cls.shared = cls.env["order.milestone.type"].search(
            [("company_id", "=", False), ("code", "=", "qc_passed")]
        )

    @mute_logger(ORM_LOG)
    def test_another_company_s_manager_cannot_change_shared_types(self):
        shared = self.shared.with_user(self.stranger)
        with self.assertRaises(AccessError):
            shared.write({"offset_hours": 1.0})
        with self.assertRaises(AccessError):
            shared.action_archive()
        with self.assertRaises(AccessError):
            shared.unlink()
        with self.assertRaises(AccessError):
            self.env["order.milestone.type"].with_user(self.stranger).create(
                {"name": "Stranger's", "code": "stranger_shared"}
            )
        self.assertTrue(self.shared.active)
        # a definition of their own company is theirs
        own = (
            self.env["order.milestone.type"]
            .with_user(self.stranger)
            .create({"name": "Xiamen QC", "code": "xm_qc", "company_id": self.other.id})
        )
        own.write({"offset_hours": 3.0})
        own.action_archive()

    def test_a_manager_of_every_company_changes_shared_types(self):
        companies = self.env["res.company"].search([])
        self.manager.company_ids = [Command.set(companies.ids)]
        self.shared.with_user(self.manager).write({"offset_hours": 6.0})
        self.assertEqual(self.shared.offset_hours, 6.0)


@tagged("post_install", "-at_install")
class TestReadRules(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        # the salesman's order, with every kind of tracking record
        cls.order = cls._released_order(user=cls.salesman)
        cls.exception = cls.env["order.exception"].create(
            {
                "name": "Late raw material",
                "order_id": cls.order.id,
                "kind": "stockout",
                "user_id": cls.tracker.id,
            }
        )
        cls.change = cls.env["order.change.request"].create(
            {
                "order_id": cls.order.id,
                "reason": "Read rules",
                "line_ids": [
                    Command.create(
                        {"sale_line_id": cls.order.order_line[0].id, "new_qty": 3}
                    )
                ],
            }
        )
        cls.change.action_submit()
        cls.closure = cls.env["order.closure.request"].create(
            {"order_id": cls.order.id, "reason": "cancelled"}
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "archive.pdf",
                "raw": b"%PDF-1.4 archive",
                "res_model": "order.closure.request",
                "res_id": cls.closure.id,
            }
        )
        cls.closure.sudo().archive_attachment_ids = [Command.link(cls.attachment.id)]
        cls.records = {
            "order.milestone": cls.order.milestone_ids,
            "order.allocation": cls.order.allocation_ids,
            "order.exception": cls.exception,
            "order.change.request": cls.change,
            "order.change.request.line": cls.change.line_ids,
            "order.review": cls.change.review_ids,
            "order.closure.request": cls.closure,
            "ir.attachment": cls.attachment,
        }

    def _visible(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_plain_salesman_reads_the_records_of_their_orders_only(self):
        # the clerk is a plain salesman: the salesman's order is not theirs
        for model, records in self.records.items():
            with self.subTest(model=model):
                self.assertTrue(records)
                self.assertFalse(self._visible(self.clerk, records))
                self.assertEqual(self._visible(self.salesman, records), records)
                self.assertEqual(self._visible(self.reviewer, records), records)
                self.assertEqual(self._visible(self.tracker, records), records)
        with self.assertRaises(AccessError):
            self.attachment.with_user(self.clerk).read(["raw"])
        # an order without salesperson is everyone's, as in core
        self.order.sudo().user_id = False
        self.assertEqual(
            self._visible(self.clerk, self.order.milestone_ids),
            self.order.milestone_ids,
        )

    def test_the_owner_of_an_exception_reads_it(self):
        self.exception.sudo().user_id = self.clerk
        self.assertEqual(self._visible(self.clerk, self.exception), self.exception)

    @mute_logger(ORM_LOG)
    def test_only_its_handlers_close_an_exception(self):
        self.exception.response = "Supplier ships tomorrow"
        # a reviewer and an accountant see the exception, and do not handle it
        for user in (self.reviewer, self.finance):
            with self.subTest(user=user.login):
                exception = self.exception.with_user(user)
                with self.assertRaises(AccessError):
                    exception.action_resolve()
                with self.assertRaises(AccessError):
                    exception.action_cancel()
                with self.assertRaises(AccessError):
                    exception.write({"state": "cancelled"})
                with self.assertRaises(AccessError):
                    exception.write({"user_id": user.id})
        self.assertEqual(self.exception.state, "open")
        # the owner, the order's tracker, a department head, a manager
        self.exception.with_user(self.tracker).action_start()
        self.exception.with_user(self.tracker).action_resolve()
        self.assertEqual(self.exception.state, "resolved")
        # the salesman is the order's tracker (named, as a manager would)
        self.order.sudo().tracker_id = self.salesman
        for user in (self.head, self.manager, self.salesman):
            exception = self.env["order.exception"].create(
                {
                    "name": "Pallet damaged",
                    "order_id": self.order.id,
                    "user_id": self.tracker.id,
                }
            )
            exception.with_user(user).action_cancel()
            self.assertEqual(exception.state, "cancelled")


@tagged("post_install", "-at_install")
class TestRobustness(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def test_hours_have_a_range(self):
        milestone_type = self.env["order.milestone.type"].search([], limit=1)
        for value in (-1.0, 2000.5, 1e9):
            with self.subTest(value=value):
                with self.assertRefused(ValidationError, "between 0 and 2000"):
                    milestone_type.write({"offset_hours": value})
                with self.assertRefused(ValidationError, "between 0 and 2000"):
                    self.dept_production.write({"default_hours": value})
                with self.assertRaises(ValidationError):
                    self.company.write({"order_shipping_notice_hours": value})
        milestone_type.write({"offset_hours": 2000.0})
        self.dept_production.write({"default_hours": 0.0})

    @mute_logger(MILESTONE_LOG)
    def test_one_bad_milestone_does_not_stop_the_lateness_cron(self):
        with freeze_time("2026-03-02 02:00:00"):
            orders = self._released_order() | self._released_order()
        milestones = orders.milestone_ids.filtered(lambda m: not m.date_actual)
        bad = milestones.filtered(lambda m: m.order_id == orders[0])[:1]
        Milestone = type(self.env["order.milestone"])
        original = Milestone._order_tracking_update_lateness

        def update(records, now=None):
            if bad in records:
                raise ValueError("broken milestone")
            return original(records, now)

        with (
            freeze_time("2026-06-01 02:00:00"),
            patch.object(Milestone, "_order_tracking_update_lateness", update),
        ):
            done = self.env["order.milestone"]._cron_check_lateness()
        self.assertEqual(done, len(milestones) - 1)
        self.assertFalse(bad.is_late)
        self.assertTrue(all((milestones - bad).mapped("is_late")))

    @mute_logger(CLOSURE_LOG)
    def test_one_bad_closure_does_not_stop_the_archive_cron(self):
        requests = self.env["order.closure.request"]
        for _i in range(3):
            order = self._released_order()
            request = requests.create({"order_id": order.id, "reason": "cancelled"})
            requests |= request
        requests.sudo().write({"archive_pending": True})
        bad = requests[1]
        Request = type(requests)
        original = Request._archive_documents

        def archive(records):
            if records == bad:
                raise OSError("wkhtmltopdf is not installed")
            return original(records)

        with patch.object(Request, "_archive_documents", archive):
            done = self.env["order.closure.request"]._cron_archive_documents()
        self.assertEqual(done, 2)
        self.assertTrue(bad.archive_pending)
        self.assertFalse(any((requests - bad).mapped("archive_pending")))
        self.assertTrue(all((requests - bad).mapped("archive_attachment_ids")))
