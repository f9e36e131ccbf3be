# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The chatter of a controlled quotation is its audit trail (principles 7 and
10): what an RPC client did to it with Odoo's own mail.message and
message_post, each refused."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import OrderControlFixtures

QUIET = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
TRAIL = "are its audit trail"


@tagged("post_install", "-at_install")
class TestAuditTrailHold(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _rejected_order(self):
        order = self._submit(self._create_order())
        order.with_user(self.reviewer).action_reject("Write the full legal name")
        self.assertEqual(order.review_state, "rejected")
        rejection = order.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("order_entry_control.mt_order_rejected")
            )
        )
        self.assertEqual(len(rejection), 1)
        self.assertEqual(rejection.author_id, self.reviewer.partner_id)
        return order, rejection

    def test_the_submitter_neither_rewrites_nor_deletes_the_rejection(self):
        order, rejection = self._rejected_order()
        # the clerk may write the order (it is hers, back in draft): Odoo would
        # let her write and delete every message of its chatter
        Message = self.env["mail.message"].with_user(self.clerk)
        for attempt in (
            lambda: Message.browse(rejection.id).write({"body": "<p>Approved</p>"}),
            lambda: Message.browse(rejection.id).unlink(),
        ):
            with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
                attempt()
        self.assertIn("Write the full legal name", str(rejection.body))
        # nor her own log of the order's events (its creation, its submission)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = order.sudo().message_ids.filtered(
            lambda m: (
                m.message_type == "notification"
                and m.author_id == self.clerk.partner_id
            )
        )
        self.assertTrue(tracked)
        with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
            Message.browse(tracked.ids).unlink()
        with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
            Message.browse(tracked[:1].id).write({"body": "<p>nothing</p>"})
        self.assertTrue(tracked.exists())

    def test_nobody_moves_a_message_to_another_author_date_or_kind(self):
        order = self._create_order()
        note = order.with_user(self.clerk).message_post(
            body="Customer called back", message_type="comment"
        )
        Message = self.env["mail.message"].with_user(self.clerk)
        for forged in (
            {"author_id": self.approver.partner_id.id},
            {"date": "2026-01-05 02:00:00"},
            {"subtype_id": self.env.ref("order_entry_control.mt_order_approved").id},
            {"message_type": "notification"},
        ):
            with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
                Message.browse(note.id).write(forged)
        self.assertEqual(note.author_id, self.clerk.partner_id)

    def test_no_message_in_the_approver_s_name_or_at_another_date(self):
        self.approver.email = "zhao.min@example.com"
        order = self._create_order()
        Order = order.with_user(self.clerk)
        approved = self.env.ref("order_entry_control.mt_order_approved")
        for forged in (
            {"author_id": self.approver.partner_id.id},
            {"email_from": self.approver.email_formatted},
        ):
            with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
                Order.message_post(body="Approved", **forged)
        Message = self.env["mail.message"].with_user(self.clerk)
        for forged in (
            {"author_id": self.approver.partner_id.id},
            {"date": "2026-01-05 02:00:00"},
        ):
            with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
                Message.create(
                    {
                        "model": "sale.order",
                        "res_id": order.id,
                        "body": "Approved",
                        "message_type": "notification",
                        "subtype_id": approved.id,
                        **forged,
                    }
                )
        self.assertFalse(
            order.message_ids.filtered(
                lambda m: m.author_id == self.approver.partner_id
            )
        )

    def test_no_workflow_message_in_one_s_own_name(self):
        """The workflow's own kinds of message (approved, released, closed,
        late ...) are the workflow's: a user posts notes and comments."""
        order = self._create_order()
        Order = order.with_user(self.clerk)
        approved = self.env.ref("order_entry_control.mt_order_approved")
        for forged in (
            {"subtype_id": approved.id},
            {"subtype_xmlid": "order_entry_control.mt_order_released"},
            {"subtype_xmlid": "order_tracking.mt_order_closed"},
        ):
            with self.assertRefused(AccessError, "Only the workflow posts"):
                Order.message_post(body="Approved", **forged)
        with self.assertRefused(AccessError, TRAIL), mute_logger(*QUIET):
            self.env["mail.message"].with_user(self.clerk).create(
                {
                    "model": "sale.order",
                    "res_id": order.id,
                    "body": "Approved",
                    "message_type": "comment",
                    "subtype_id": approved.id,
                }
            )
        self.assertFalse(order.message_ids.filtered(lambda m: m.subtype_id == approved))
        # a note and a comment, as the chatter posts them
        for subtype in ("mail.mt_note", "mail.mt_comment"):
            message = Order.message_post(
                body="Customer called back",
                message_type="comment",
                subtype_xmlid=subtype,
            )
            self.assertEqual(message.subtype_id, self.env.ref(subtype))

    def test_own_comments_stay_editable_and_quotations_go_out_as_in_odoo(self):
        order = self._create_order()
        note = order.with_user(self.clerk).message_post(
            body="Customer called back", message_type="comment"
        )
        order.with_user(self.clerk)._message_update_content(
            note, "Customer called twice"
        )
        self.assertIn("Customer called twice", str(note.body))
        # the quotation e-mail in the company's name, as Odoo's template may
        self.company.email = "sales@example.com"
        sent = order.with_user(self.clerk).message_post(
            body="Your quotation",
            author_id=self.company.partner_id.id,
            message_type="comment",
        )
        self.assertEqual(sent.author_id, self.company.partner_id)
        note.with_user(self.clerk).unlink()
        self.assertFalse(note.exists())
        # the same on a company without the controls: Odoo's own rules
        self.company.order_control_enabled = False
        rejection_free = order.with_user(self.clerk).message_post(
            body="Approved", author_id=self.approver.partner_id.id
        )
        self.assertEqual(rejection_free.author_id, self.approver.partner_id)

    def test_nobody_forges_a_review_step_activity(self):
        order = self._create_order()
        step_type = self.env.ref("order_entry_control.mail_activity_type_order_review")
        with self.assertRefused(UserError, "only its approval schedules them"):
            self.env["mail.activity"].with_user(self.clerk).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                    "res_id": order.id,
                    "activity_type_id": step_type.id,
                    "user_id": self.approver.id,
                    "summary": f"Approval of {order.name}",
                }
            )
        # the engine schedules them when the order is submitted
        self._submit(order)
        self.assertTrue(
            order.sudo().activity_ids.filtered(
                lambda a: a.activity_type_id == step_type
            )
        )
