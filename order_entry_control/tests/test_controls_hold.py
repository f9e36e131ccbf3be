# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ways around the gate that an ordinary login had over RPC (issue 16),
each tried as the RPC client would and refused."""

from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.payment.tests.common import PaymentCommon

from ..models.sale_order import SaleOrder
from .common import MANAGER, OrderControlFixtures

QUIET = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestControlsHold(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    # === THE CONFIRMATION GATE === #

    def test_clerk_cannot_write_the_state_of_an_unreviewed_order(self):
        order = self._create_order()
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            order.with_user(self.clerk).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        # nor of one under review, nor once approved (confirm is the way)
        self._approve_fully(self._submit(order))
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            order.with_user(self.clerk).write({"state": "sale"})
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.released_by_id, self.clerk)
        # a released order is not put back to a quotation by a write either
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            order.with_user(self.manager).write({"state": "draft"})
        self.assertEqual(order.state, "sale")

    def test_quotation_is_still_sent_and_cancelled_as_in_odoo(self):
        order = self._create_order()
        order.with_user(self.clerk).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        order.with_user(self.clerk).with_context(
            disable_cancel_warning=True
        ).action_cancel()
        self.assertEqual(order.state, "cancel")
        order.with_user(self.clerk).action_draft()
        self.assertEqual(order.state, "draft")

    def test_create_refuses_review_values_and_ignores_context_defaults(self):
        Order = self.env["sale.order"].with_user(self.clerk)
        forged = {
            "review_state": "approved",
            "approved_by_id": self.approver.id,
            "state": "sale",
            "released_datetime": "2026-01-05 02:00:00",
            "entered_datetime": "2026-01-05 02:00:00",
        }
        for name, value in forged.items():
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                Order.create(self._order_vals(**{name: value}))
        # the same values as context defaults, as an RPC client sends them
        order = Order.with_context(
            **{f"default_{name}": value for name, value in forged.items()}
        ).create(self._order_vals())
        self.assertEqual(order.review_state, "draft")
        self.assertFalse(order.approved_by_id)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.released_datetime)
        self.assertNotEqual(
            order.entered_datetime, fields.Datetime.to_datetime("2026-01-05 02:00:00")
        )
        with self.assertRaises(UserError):
            order.with_user(self.clerk).action_confirm()

    def test_copy_refuses_review_values(self):
        order = self._approve_fully(self._submit(self._create_order()))
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            order.with_user(self.clerk).copy(default={"review_state": "approved"})
        copy = order.with_user(self.clerk).copy()
        self.assertEqual(copy.review_state, "draft")
        self.assertFalse(copy.approved_by_id)

    def test_kpi_stamps_cannot_be_forged(self):
        order = self._create_order()
        for name in ("entered_datetime", "released_datetime", "entered_on_time"):
            value = (
                not order.entered_on_time
                if name == "entered_on_time"
                else "2026-01-05 02:00:00"
            )
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                order.with_user(self.manager).write({name: value})

    def test_line_amounts_and_down_payment_flag_cannot_be_forged(self):
        order = self._create_order()
        line = order.order_line
        for vals in ({"price_subtotal": 1.0}, {"is_downpayment": True}):
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                line.with_user(self.clerk).write(vals)
        self.assertFalse(line.is_downpayment)
        self.assertEqual(order.amount_total, 200.0)
        # nor is a line moved into another order
        other = self._create_order()
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            line.with_user(self.clerk).write({"order_id": other.id})

    def test_no_down_payment_before_release(self):
        order = self._approve_fully(self._submit(self._create_order()))
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.manager)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 30})
        )
        with self.assertRaisesRegex(UserError, "not released"):
            wizard.create_invoices()
        self.assertFalse(order.invoice_ids)
        self.assertFalse(order.order_line.filtered("is_downpayment"))
        # once released, the wizard goes past the gate and adds its line (the
        # invoice itself needs accounting set up, which a bare test database
        # may lack)
        order.with_user(self.clerk).action_confirm()
        try:
            with self.env.cr.savepoint():
                wizard.create_invoices()
        except Exception as error:  # noqa: BLE001 - accounting not set up
            self.assertNotIn("not released", str(error))
            return
        self.assertTrue(order.order_line.filtered("is_downpayment"))

    def test_company_of_an_order_under_review_is_frozen(self):
        other = self.env["res.company"].create({"name": "Hangzhou Branch"})
        self.manager.company_ids = [Command.link(other.id)]
        order = self._submit(self._create_order())
        with self.assertRaisesRegex(UserError, "under review"):
            order.with_user(self.manager).write({"company_id": other.id})
        self.assertEqual(order.company_id, self.company)

    def test_an_order_confirmed_elsewhere_does_not_move_in(self):
        other = self.env["res.company"].create({"name": "Suzhou Branch"})
        self.manager.company_ids = [Command.link(other.id)]
        order = self._create_order(company_id=other.id, user=self.manager)
        order.with_user(self.manager).action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaisesRegex(UserError, "reviewed before release"):
            order.with_user(self.manager).write({"company_id": self.company.id})
        self.assertEqual(order.company_id, other)

    def test_no_forged_tracking_in_the_chatter(self):
        order = self._create_order()
        field = self.env["ir.model.fields"]._get("sale.order", "review_state")
        for forged in (
            {
                "tracking_value_ids": [
                    Command.create(
                        {
                            "field_id": field.id,
                            "old_value_char": "To Approve",
                            "new_value_char": "Approved",
                        }
                    )
                ]
            },
            {"date": "2026-01-05 02:00:00"},
        ):
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                order.with_user(self.clerk).message_post(body="Approved", **forged)
        # an ordinary message still goes
        order.with_user(self.clerk).message_post(body="Customer called back")
        self.assertEqual(order.message_ids[:1].body, "<p>Customer called back</p>")

    def test_company_default_does_not_open_the_gate(self):
        other = self.env["res.company"].create({"name": "Ningbo Branch"})
        self.manager.company_ids = [Command.link(other.id)]
        Order = (
            self.env["sale.order"]
            .with_user(self.manager)
            .with_context(
                allowed_company_ids=[other.id, self.company.id],
                default_company_id=self.company.id,
            )
        )
        vals = self._order_vals(state="sale")
        del vals["company_id"]
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            Order.create(vals)
        # nor does a quotation of the other company move in already confirmed
        quotation = self._create_order(company_id=other.id, user=self.manager)
        with self.assertRaisesRegex(UserError, "reviewed before release"):
            quotation.with_user(self.manager).write(
                {"company_id": self.company.id, "state": "sale"}
            )
        self.assertEqual(quotation.state, "draft")

    def test_no_invoice_line_for_a_quotation(self):
        order = self._approve_fully(self._submit(self._create_order()))
        line = order.order_line
        if not self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company.id)], limit=1
        ):
            self.env["account.journal"].create(
                {
                    "name": "Sales",
                    "type": "sale",
                    "code": "OCS",
                    "company_id": self.company.id,
                }
            )
        with self.assertRaisesRegex(UserError, "not released"):
            self.env["account.move"].with_user(self.finance).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Steel bracket M8",
                                "quantity": 2,
                                "price_unit": 100.0,
                                "sale_line_ids": [Command.set(line.ids)],
                            }
                        )
                    ],
                }
            )
        self.assertFalse(line.invoice_lines)

    def test_shared_step_names_are_not_translated_by_an_outsider(self):
        other = self.env["res.company"].create({"name": "Xiamen Branch"})
        outsider = new_test_user(
            self.env,
            login="oc_outsider_translate",
            groups=f"base.group_user,{MANAGER}",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        approval = self.env.ref("order_entry_control.step_approval")
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            approval.with_user(outsider).update_field_translations(
                "name", {"en_US": "Rubber stamp"}
            )
        self.assertNotEqual(approval.name, "Rubber stamp")

    def test_stockout_routine_reserves_only_the_orders_shortage(self):
        order = self._create_order()
        stranger = self._create_product("Copper coil", 900.0, storable=True)
        wizard = (
            self.env["order.stockout.wizard"]
            .with_user(self.clerk)
            .create(
                {
                    "order_id": order.id,
                    "product_id": stranger.id,
                    "shortfall_qty": 10000,
                    "outcome": "customer_asked",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "short of nothing"):
            wizard.action_apply()
        self.assertFalse(order.reservation_ids)
        self.assertFalse(order.stockout_outcome)

    # === FOUR EYES === #

    def test_who_changed_the_order_does_not_decide_it(self):
        order = self._create_order()
        # the reviewer shapes the quotation, the clerk submits it
        order.with_user(self.reviewer).write({"client_order_ref": "PO-77"})
        self.assertEqual(order.commercial_changed_by_id, self.reviewer)
        self._submit(order)
        with self.assertRaises(UserError):
            order.with_user(self.reviewer).action_review_pass()
        order.with_user(self.reviewer2).action_review_pass()
        self.assertEqual(order.review_state, "to_approve")

    def test_who_entered_the_order_does_not_decide_it(self):
        order = self._create_order(user=self.reviewer)
        self._submit(order, user=self.reviewer2)
        with self.assertRaises(UserError):
            order.with_user(self.reviewer).action_review_pass()

    def test_a_direct_line_change_counts_as_shaping(self):
        order = self._create_order()
        order.order_line.with_user(self.reviewer).write({"product_uom_qty": 3})
        self.assertEqual(order.commercial_changed_by_id, self.reviewer)

    def test_nobody_names_someone_else_as_last_changer(self):
        order = self._create_order()
        with self.assertRaises(AccessError), mute_logger(*QUIET):
            order.with_user(self.reviewer).write(
                {"commercial_changed_by_id": self.approver.id}
            )

    # === SHARED CONFIGURATION === #

    def test_another_companys_manager_cannot_touch_shared_steps(self):
        other = self.env["res.company"].create({"name": "Beijing Branch"})
        outsider = new_test_user(
            self.env,
            login="oc_outsider_shared",
            groups=f"base.group_user,{MANAGER}",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        approval = self.env.ref("order_entry_control.step_approval")
        check = self.env["order.control.rule"].search(
            [("company_id", "=", False)], limit=1
        )
        for record in (approval, check):
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                record.with_user(outsider).write({"active": False})
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                record.with_user(outsider).unlink()
            with self.assertRaises(AccessError), mute_logger(*QUIET):
                record.with_user(outsider).copy()
        self.assertTrue(approval.active)
        # a step of his own company he may create and change
        step = (
            self.env["order.review.step"]
            .with_user(outsider)
            .create(
                {
                    "name": "Branch review",
                    "group_id": self.env.ref(MANAGER).id,
                    "company_id": other.id,
                }
            )
        )
        step.with_user(outsider).write({"sla_hours": 4})
        # the quotations of the first company still need the approval step
        order = self._submit(self._create_order())
        order.with_user(self.reviewer).action_review_pass()
        self.assertEqual(order.review_state, "to_approve")

    def test_hour_settings_have_a_range(self):
        with self.assertRaises(ValidationError):
            self.company.order_review_sla_hours = 100000
        with self.assertRaises(ValidationError):
            self.company.order_review_sla_hours = -1
        step = self.env.ref("order_entry_control.step_approval")
        with self.assertRaises(ValidationError):
            step.sla_hours = 5000

    # === CRONS === #

    def test_a_bad_order_does_not_stop_the_release_windows(self):
        self.company.write(
            {"order_release_windows_enabled": True, "order_release_windows": "10:00"}
        )
        orders = [
            self._approve_fully(self._submit(self._create_order())) for _i in "ab"
        ]
        orders[0].sudo().release_due = orders[1].sudo().release_due = (
            fields.Datetime.now()
        )
        bad = orders[0]
        original = SaleOrder._action_confirm

        def broken(records):
            if bad in records:
                raise RuntimeError("disk full")
            return original(records)

        with (
            patch.object(SaleOrder, "_action_confirm", broken),
            mute_logger("odoo.addons.order_entry_control.models.sale_order_release"),
        ):
            self.env["sale.order"]._cron_release_windows()
        self.assertEqual(orders[1].state, "sale")
        self.assertEqual(bad.state, "draft")
        self.assertFalse(bad.release_due)
        self.assertIn("Not released", bad.message_ids[:1].body)

    def test_follow_ups_are_given_whatever_context_is_sent(self):
        """Odoo's activity-automation skip is a context key a client can send:
        the reviewer rejecting with it still gives the clerk her "Correct and
        resubmit" follow-up, and the approver approving with it her "Confirm"."""
        skip = {"mail_activity_automation_skip": True}
        rejected = self._submit(self._create_order())
        rejected.with_user(self.reviewer).with_context(**skip).action_reject(
            reason="Wrong price"
        )
        self.assertEqual(rejected.review_state, "rejected")
        self.assertEqual(rejected.activity_ids.user_id, self.clerk)
        self.assertEqual(
            rejected.activity_ids.summary, f"Correct and resubmit {rejected.name}"
        )
        approved = self._submit(self._create_order())
        approved.with_user(self.reviewer).action_review_pass()
        approved.with_user(self.approver).with_context(**skip).action_approve()
        self.assertEqual(approved.review_state, "approved")
        self.assertEqual(approved.activity_ids.user_id, self.clerk)


@tagged("post_install", "-at_install")
class TestPaymentInReleaseWindow(OrderControlFixtures, PaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def test_online_payment_waits_for_the_release_window(self):
        self.company.write(
            {"order_release_windows_enabled": True, "order_release_windows": "10:00"}
        )
        order = self._approve_fully(self._submit(self._create_order()))
        self.assertTrue(order.release_due)
        tx = self._create_transaction(
            flow="redirect",
            sale_order_ids=[order.id],
            state="done",
            amount=order.amount_total,
            currency_id=order.currency_id.id,
            partner_id=order.partner_id.id,
            reference=f"TX-{order.name}",
        )
        self.assertFalse(tx._check_amount_and_confirm_order())
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "approved")
        self.assertIn("release window", order.message_ids[:1].body)
