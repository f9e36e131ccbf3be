# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestActuals(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def _log(self, milestone, user=None, **vals):
        wizard = (
            self.env["order.milestone.log.wizard"]
            .with_user(user or self.tracker)
            .with_context(
                default_order_id=milestone.order_id.id,
                default_milestone_id=milestone.id,
            )
            .create(vals)
        )
        return wizard.action_log()

    def test_system_milestones_are_not_logged_by_hand(self):
        order = self._released_order()
        delivered = order.milestone_ids.filtered(
            lambda m: m.type_id.event != "manual" and not m.date_actual
        )[:1]
        self.assertTrue(delivered)
        with self.assertRaisesRegex(UserError, "recorded by Odoo itself"):
            self._log(delivered, date_actual=order.date_order)
        self.assertFalse(delivered.date_actual)

    def test_picking_sets_shipping_milestones_and_mails_the_customer(self):
        order = self._released_order(shipping_mode="rail")
        picking = self._delivery(order)
        self.assertEqual(picking.shipping_mode, "rail")
        picking.shipping_tracking_ref = "CR-2026-0001"
        self._validate_delivery(order)
        self.assertEqual(picking.state, "done")
        for code in ("packed", "shipped", "delivered", "customer_notified"):
            with self.subTest(code=code):
                milestone = self._milestone(order, code)
                self.assertTrue(milestone.date_actual)
                self.assertEqual(milestone.user_id, self.storekeeper)
        self.assertEqual(
            self._milestone(order, "shipped").date_actual, picking.date_done
        )
        # the customer notice is planned 24 h after the actual shipment
        self.assertEqual(
            self._milestone(order, "customer_notified").date_planned,
            picking.date_done + timedelta(hours=24),
        )
        for code in ("production_planned", "receipt_confirmed", "invoiced", "paid"):
            self.assertFalse(self._milestone(order, code).date_actual, code)
        # the shipping notice: a mail to the customer, logged on the order
        notice = order.message_ids.filtered(
            lambda m: (
                m.message_type == "comment" and "Shipping notice" in (m.subject or "")
            )
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(self.customer, notice.partner_ids)
        body = str(notice.body)
        self.assertIn("Rail", body)
        self.assertIn("CR-2026-0001", body)
        self.assertIn(self.product.display_name, body)
        self.assertIn(picking.name, body)
        # mailed (Odoo sends notification mails at once and deletes them)
        emailed = notice.notification_ids.filtered(
            lambda n: n.notification_type == "email"
        )
        self.assertIn(self.customer, emailed.res_partner_id)

    def test_backorder_keeps_delivered_open(self):
        order = self._released_order(lines=[(self.product, 4)])
        picking = self._delivery(order)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.with_user(self.storekeeper).with_context(
            skip_backorder=True, picking_ids_not_to_backorder=[]
        ).button_validate()
        self.assertTrue(self._milestone(order, "shipped").date_actual)
        self.assertFalse(self._milestone(order, "delivered").date_actual)
        backorder = self._delivery(order)
        self.assertTrue(backorder)
        self._validate_delivery(order)
        self.assertTrue(self._milestone(order, "delivered").date_actual)
        # the second delivery mails its own notice; the milestone was done once
        notices = order.message_ids.filtered(
            lambda m: "Shipping notice" in (m.subject or "")
        )
        self.assertEqual(len(notices), 2)

    def test_invoice_posted_and_paid(self):
        order = self._released_order()
        invoice = self._invoice(order)
        self.assertEqual(
            self._milestone(order, "invoiced").date_actual.date(), fields.Date.today()
        )
        self.assertFalse(self._milestone(order, "paid").date_actual)
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(self._milestone(order, "paid").date_actual)

    def test_partial_payment_does_not_set_paid(self):
        order = self._released_order()
        invoice = self._invoice(order)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": invoice.amount_total / 2})._create_payments()
        self.assertEqual(invoice.payment_state, "partial")
        self.assertFalse(self._milestone(order, "paid").date_actual)

    def test_tracker_logs_manual_milestone(self):
        order = self._released_order()
        milestone = self._milestone(order, "production_planned")
        self._log(milestone, note="Line 2, night shift")
        self.assertTrue(milestone.date_actual)
        self.assertEqual(milestone.user_id, self.tracker)
        self.assertEqual(milestone.note, "Line 2, night shift")
        self.assertIn("Production planned", order.message_ids[0].body)

    def test_feedback_sets_satisfaction(self):
        order = self._released_order()
        self._log(self._milestone(order, "feedback"), feedback_score=92)
        self.assertEqual(order.customer_feedback_score, 92)
        other = self._released_order()
        with self.assertRefused(UserError, "from 0 to 100"):
            self._log(self._milestone(other, "feedback"), feedback_score=120)
        self.assertFalse(self._milestone(other, "feedback").date_actual)

    def test_logged_dates_are_written_in_the_company_local_time(self):
        # released on Tuesday 3 March 2026 at 09:00 in Shanghai (01:00 UTC)
        with freeze_time("2026-03-03 01:00:00"):
            order = self._released_order()
        # logged at 14:00 in Shanghai (06:00 UTC)
        with freeze_time("2026-03-03 06:00:00"):
            milestone = self._milestone(order, "qc_passed")
            # done at 05:30 UTC, 13:30 in Shanghai
            self._log(milestone, date_actual=datetime(2026, 3, 3, 5, 30))
            self.assertIn(
                "done on 2026-03-03 13:30.", order.message_ids[0].body, "chatter"
            )
            with self.assertRefused(UserError, "completed on 2026-03-03 13:30:"):
                self._log(milestone)
            # a date in the future is refused with the local time typed
            other = self._milestone(order, "production_done")
            with self.assertRefused(UserError, r"in the future \(2026-03-03 16:00\)"):
                self._log(other, date_actual=datetime(2026, 3, 3, 8, 0))

    def test_milestone_completed_twice_is_refused(self):
        order = self._released_order()
        milestone = self._milestone(order, "qc_passed")
        self._log(milestone)
        with self.assertRefused(UserError, "already completed"):
            self._log(milestone)
        with self.assertRefused(UserError, "already completed"):
            milestone.with_user(self.tracker).date_actual = fields.Datetime.now()
        # an automatic event does not complete it again either
        before = self._milestone(order, "released").date_actual
        order._order_tracking_set_actual(["release"])
        self.assertEqual(self._milestone(order, "released").date_actual, before)

    def test_dates_before_release_are_refused(self):
        with freeze_time("2026-03-02 02:00:00"):
            order = self._released_order()
        milestone = self._milestone(order, "qc_passed")
        early = order.released_datetime - timedelta(hours=1)
        # the planned date is the system's (the field policy); even so, the
        # system cannot plan before the release
        with self.assertRefused(ValidationError, "before the release"):
            milestone.sudo().date_planned = early
        with self.assertRefused(ValidationError, "before the release"):
            self._log(milestone, date_actual=early, backdate_reason="Paper log")

    def test_future_actual_is_refused(self):
        order = self._released_order()
        with self.assertRefused(UserError, "in the future"):
            self._log(
                self._milestone(order, "qc_passed"),
                date_actual=fields.Datetime.now() + timedelta(days=1),
            )

    def test_back_dating_needs_a_reason(self):
        """Dated up to 8 working hours before it is logged, a milestone needs
        no reason; earlier, it does, and the reason stays on the table."""
        with freeze_time(self._shanghai(2026, 3, 2, 10, 0)):  # Monday
            order = self._released_order()
        planned = self._milestone(order, "production_planned")
        done = self._milestone(order, "production_done")
        with freeze_time(self._shanghai(2026, 3, 4, 10, 0)):  # Wednesday
            # Tuesday 10:00: 2 + 5 + 1 = 8 working hours ago, allowed
            self._log(planned, date_actual=self._shanghai(2026, 3, 3, 10, 0))
            self.assertEqual(planned.actual_source, "typed")
            self.assertEqual(planned.logged_on, self._shanghai(2026, 3, 4, 10, 0))
            self.assertFalse(planned.backdate_reason)
            # Tuesday 09:30: 8.5 working hours ago
            with self.assertRefused(UserError, "give the reason"):
                self._log(done, date_actual=self._shanghai(2026, 3, 3, 9, 30))
            self.assertFalse(done.date_actual)
            with self.assertRefused(UserError, "give the reason"):
                self._log(
                    done,
                    date_actual=self._shanghai(2026, 3, 3, 9, 30),
                    backdate_reason="   ",
                )
            self._log(
                done,
                date_actual=self._shanghai(2026, 3, 3, 9, 30),
                backdate_reason="Paper log from the night shift",
            )
        self.assertEqual(done.date_actual, self._shanghai(2026, 3, 3, 9, 30))
        self.assertEqual(done.backdate_reason, "Paper log from the night shift")
        self.assertIn("Paper log from the night shift", order.message_ids[0].body)
        # the release came from the order itself, not from a person
        self.assertEqual(self._milestone(order, "released").actual_source, "document")
        backdated = self.env["order.milestone"].search(
            [("order_id", "=", order.id), ("backdate_reason", "!=", False)]
        )
        self.assertEqual(backdated, done)
        # the tracker cannot write the reason or the source directly
        with self.assertRaises(AccessError):
            planned.with_user(self.tracker).write({"backdate_reason": "x"})
        with self.assertRaises(AccessError):
            planned.with_user(self.tracker).write({"actual_source": "document"})

    def test_salesman_cannot_log(self):
        order = self._released_order()
        with self.assertRaises(AccessError):
            self._log(self._milestone(order, "packed"), user=self.salesman)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_log_milestone()

    def test_log_from_the_order_form(self):
        order = self._released_order()
        action = order.with_user(self.tracker).action_log_milestone()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.tracker)
            .with_context(**action["context"])
        )
        form.milestone_id = self._milestone(order, "receipt_confirmed")
        form.save().action_log()
        self.assertTrue(self._milestone(order, "receipt_confirmed").date_actual)
