# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import OrderControlFixtures

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"
FOLLOWUP_ACTIVITY = "order_entry_control.mail_activity_type_order_followup"


@tagged("post_install", "-at_install")
class TestReviewFlow(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.activity_type = cls.env.ref(REVIEW_ACTIVITY)
        cls.followup_type = cls.env.ref(FOLLOWUP_ACTIVITY)

    def _review_activities(self, order):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def _followups(self, order):
        return order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.followup_type
        )

    def _flush_tracking(self):
        """Write the tracking values, as the end of a request would."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _tracked_values(self, order, field):
        """(old, new) of every tracked change of ``field`` on ``order``."""
        self._flush_tracking()
        values = order.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == field
        )
        return [(v.old_value_char, v.new_value_char) for v in values.sorted("id")]

    # --- the whole flow ------------------------------------------------------

    def test_full_flow_with_three_users(self):
        order = self._create_order()
        self._flush_tracking()
        self.assertEqual(order.review_state, "draft")
        self._submit(order)
        self._flush_tracking()
        self.assertEqual(order.review_state, "to_review")
        self.assertEqual(order.submitted_by_id, self.clerk)
        self.assertTrue(order.submitted_datetime)
        first = order.current_review_id
        self.assertEqual(
            first.step_id, self.env.ref("order_entry_control.step_first_review")
        )
        self.assertIn(self.reviewer, first.user_ids)
        self.assertIn(self.reviewer2, first.user_ids)
        self.assertNotIn(self.clerk, first.user_ids, "the submitter never reviews")
        # one review activity per eligible reviewer, with the SLA deadline
        activities = self._review_activities(order)
        self.assertEqual(activities.user_id, first.user_ids)
        self.assertTrue(first.deadline > first.started_on)
        # the reviewers follow the order, as Odoo makes an activity's assignee
        self.assertLessEqual(first.user_ids.partner_id, order.message_partner_ids)

        order.with_user(self.reviewer).action_review_pass()
        self._flush_tracking()
        self.assertEqual(order.review_state, "to_approve")
        self.assertEqual(first.state, "done")
        self.assertEqual(first.decided_by_id, self.reviewer)
        # the other reviewers' activities are gone; the approvers got theirs
        second = order.current_review_id
        self.assertEqual(
            second.step_id, self.env.ref("order_entry_control.step_approval")
        )
        self.assertEqual(self._review_activities(order).user_id, second.user_ids)
        self.assertNotIn(self.reviewer, second.user_ids, "one person, one step")
        self.assertLessEqual(second.user_ids.partner_id, order.message_partner_ids)

        mails_before = self.env["mail.mail"].sudo().search_count([])
        order.with_user(self.approver).action_approve()
        self._flush_tracking()
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.approved_by_id, self.approver)
        self.assertFalse(self._review_activities(order))
        # the submitter's turn: a follow-up to confirm, due today; the
        # followers (reviewers, approvers) are not e-mailed about it
        followup = self._followups(order)
        self.assertEqual(followup.user_id, self.clerk)
        self.assertIn("Confirm approved order", followup.summary)
        self.assertEqual(followup.date_deadline, fields.Date.context_today(order))
        approved = order.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("order_entry_control.mt_order_approved")
            )
        )
        self.assertEqual(len(approved), 1, "the approval is in the chatter")
        self.assertFalse(approved.notified_partner_ids)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails_before)

        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.released_datetime)
        self.assertFalse(self._followups(order), "confirmed: the follow-up is done")
        # done and kept (archived, as a "keep done" activity type does)
        self.assertFalse(followup.active)
        self.assertEqual(followup.date_done, fields.Date.today())
        # every transition was tracked once, in order
        self.assertEqual(
            self._tracked_values(order, "review_state"),
            [
                ("Draft", "To Review"),
                ("To Review", "To Approve"),
                ("To Approve", "Approved"),
            ],
        )

    def test_rejection_and_resubmission(self):
        order = self._create_order()
        self._submit(order)
        with self.assertRaises(UserError), mute_logger("odoo.models"):
            order.with_user(self.reviewer).action_reject(reason="   ")
        action = order.with_user(self.reviewer).action_reject()
        self.assertEqual(action["res_model"], "order.control.reason.wizard")
        wizard = Form(
            self.env["order.control.reason.wizard"]
            .with_user(self.reviewer)
            .with_context(**action["context"])
        )
        wizard.reason = "Customer's total does not include the freight."
        wizard.save().action_confirm()
        self.assertEqual(order.review_state, "rejected")
        self.assertEqual(order.review_rejection_count, 1)
        self.assertIn("freight", order.rejection_reason)
        # the submitter has a to-do with the reason; the review activities are gone
        todo = self._followups(order)
        self.assertEqual(todo.user_id, self.clerk)
        self.assertIn("freight", todo.note)
        self.assertFalse(self._review_activities(order))
        self.assertIn(
            "freight",
            order.message_ids.filtered(
                lambda m: (
                    m.subtype_id
                    == self.env.ref("order_entry_control.mt_order_rejected")
                )
            ).body,
        )
        # corrected and resubmitted: a second round of steps
        order.with_user(self.clerk).write({"note": "Freight included"})
        self._submit(order)
        self.assertEqual(order.review_state, "to_review")
        self.assertEqual(order.review_round, 2)
        self.assertFalse(self._followups(order), "resubmitted: the to-do is done")
        self.assertEqual(
            order.review_ids.filtered(lambda r: r.round == 1).mapped("state"),
            ["rejected", "cancelled"],
        )
        self._approve_fully(order)
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.review_rejection_count, 1)

    def test_approval_can_be_rejected_too(self):
        order = self._submit(self._create_order())
        order.with_user(self.reviewer).action_review_pass()
        order.with_user(self.approver).action_reject(reason="Price not agreed")
        self.assertEqual(order.review_state, "rejected")

    def test_confirm_is_the_primary_button_once_approved(self):
        arch = etree.fromstring(
            self.env["sale.order"].get_view(view_type="form")["arch"]
        )
        buttons = arch.xpath("//header/button[@name='action_confirm']")

        def visible(**values):
            """The classes of the Confirm buttons shown for these values."""
            return [
                button.get("class") or "secondary"
                for button in buttons
                if not safe_eval(button.get("invisible", "False"), values)
            ]

        plain = {"order_control_active": False, "review_state": "draft"}
        # Odoo's own: secondary on a draft, primary once sent
        self.assertEqual(visible(state="draft", **plain), ["secondary"])
        self.assertEqual(visible(state="sent", **plain), ["btn-primary"])
        for review_state in ("draft", "to_review", "to_approve", "rejected"):
            for state in ("draft", "sent"):
                self.assertEqual(
                    visible(
                        state=state,
                        order_control_active=True,
                        review_state=review_state,
                    ),
                    [],
                    f"no Confirm on a {state} quotation in review state {review_state}",
                )
        for state in ("draft", "sent"):
            self.assertEqual(
                visible(
                    state=state, order_control_active=True, review_state="approved"
                ),
                ["btn-primary"],
            )

    def test_cancelling_removes_the_followup(self):
        approved = self._approve_fully(self._submit(self._create_order()))
        rejected = self._submit(self._create_order())
        rejected.with_user(self.reviewer).action_reject(reason="Wrong customer")
        followups = self._followups(approved) | self._followups(rejected)
        self.assertEqual(len(followups), 2)
        (approved | rejected).with_user(self.clerk)._action_cancel()
        self.assertEqual((approved | rejected).mapped("state"), ["cancel", "cancel"])
        self.assertFalse(followups.exists(), "cancelled: nothing to do, not done")

    def test_batch_approval_follows_up_each_submitter(self):
        first = self._submit(self._create_order())
        second = self._submit(self._create_order(user=self.manager), user=self.manager)
        orders = self._approve_fully(first | second)
        self.assertEqual(orders.mapped("review_state"), ["approved"] * 2)
        self.assertEqual(self._followups(first).user_id, self.clerk)
        self.assertEqual(self._followups(second).user_id, self.manager)

    def test_inactive_submitter_hands_the_followup_to_the_salesperson(self):
        order = self._submit(self._create_order(), user=self.manager)
        self.assertEqual(order.submitted_by_id, self.manager)
        self.manager.active = False  # left the company meanwhile
        self._approve_fully(order)
        self.assertEqual(order.user_id, self.clerk)
        self.assertEqual(self._followups(order).user_id, self.clerk)

    def test_followup_of_an_order_submitted_online_goes_to_the_salesperson(self):
        buyer = self.env["res.users"].create(
            {
                "name": "Portal buyer",
                "login": "oc_portal_buyer",
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        order = self._create_order()
        # the customer signs online: the portal controller acts as sudo
        order.with_user(buyer).sudo()._validate_order()
        self.assertEqual(order.submitted_by_id, buyer)
        self._approve_fully(order)
        self.assertEqual(order.user_id, self.clerk)
        self.assertEqual(self._followups(order).user_id, self.clerk)

    # --- four eyes and roles -------------------------------------------------

    def test_submitter_cannot_review_own_order(self):
        order = self._create_order(user=self.reviewer)
        self._submit(order, user=self.reviewer)
        self.assertNotIn(self.reviewer, order.current_review_id.user_ids)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            order.with_user(self.reviewer).action_review_pass()
        self.assertEqual(order.review_state, "to_review")
        self.assertFalse(order.with_user(self.reviewer).can_review)

    def test_same_person_cannot_decide_two_steps(self):
        order = self._submit(self._create_order())
        order.with_user(self.approver).action_review_pass()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            order.with_user(self.approver).action_approve()
        self.assertEqual(order.review_state, "to_approve")

    def test_user_outside_the_step_group_is_refused(self):
        order = self._submit(self._create_order())
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            order.with_user(self.salesman).action_review_pass()
        order.with_user(self.reviewer).action_review_pass()
        # a plain reviewer is not an approver
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            order.with_user(self.reviewer2).action_approve()
        self.assertEqual(order.review_state, "to_approve")

    def test_pass_and_approve_act_on_the_right_kind_of_step(self):
        order = self._submit(self._create_order())
        with self.assertRefused(UserError, "is a review"):
            order.with_user(self.approver).action_approve()
        order.with_user(self.reviewer).action_review_pass()
        with self.assertRefused(UserError, "is an approval"):
            order.with_user(self.approver).action_review_pass()

    # --- bad input -------------------------------------------------------------

    def test_submitting_twice_is_refused(self):
        order = self._submit(self._create_order())
        with self.assertRefused(UserError, "already been submitted"):
            self._submit(order)
        self.assertEqual(len(order.review_ids), 2)

    def test_approving_an_approved_order_is_refused(self):
        order = self._approve_fully(self._submit(self._create_order()))
        with self.assertRefused(UserError, "no step waiting"):
            order.with_user(self.manager).action_approve()
        self.assertEqual(order.approved_by_id, self.approver)

    def test_acting_on_a_cancelled_order_is_refused(self):
        order = self._submit(self._create_order())
        order.with_user(self.clerk).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.review_state, "draft")
        self.assertEqual(order.review_ids.mapped("state"), ["cancelled", "cancelled"])
        self.assertFalse(self._review_activities(order))
        with self.assertRefused(UserError, "not a quotation"):
            order.with_user(self.reviewer).action_review_pass()
        with self.assertRefused(UserError, "Only quotations"):
            self._submit(order)

    def test_blocking_findings_refuse_submission_and_name_them(self):
        order = self._create_order(stated=False, commitment_date=False)
        with self.assertRaises(UserError) as caught:
            self._submit(order)
        message = str(caught.exception)
        self.assertIn("total written on the customer's order document", message)
        self.assertIn("Delivery Date: set the date agreed with the customer", message)
        self.assertEqual(order.review_state, "draft")
        self.assertFalse(order.review_ids)
        self.assertFalse(order.submitted_by_id)

    def test_commercial_fields_are_frozen_under_review(self):
        order = self._submit(self._create_order())
        with self.assertRefused(UserError, "under review"):
            order.with_user(self.clerk).write({"customer_stated_total": 1.0})
        with self.assertRefused(UserError, "under review"):
            order.order_line.with_user(self.clerk).write({"product_uom_qty": 50})
        with self.assertRefused(UserError, "under review"):
            order.with_user(self.clerk).write(
                {"order_line": [(0, 0, {"product_id": self.product_b.id})]}
            )
        # other fields stay editable
        order.with_user(self.clerk).write({"note": "Call before delivery"})
        self.assertEqual(order.order_line.product_uom_qty, 2)

    # --- the confirmation gate -------------------------------------------------

    def test_confirmation_gate(self):
        order = self._create_order()
        with self.assertRefused(UserError, "Submit it for review first"):
            order.with_user(self.clerk).action_confirm()
        self._submit(order)
        with self.assertRefused(UserError, "waiting for step 'First review'"):
            order.with_user(self.manager).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_switch_off_changes_nothing(self):
        self.company.order_control_enabled = False
        order = self._create_order(stated=False, commitment_date=False)
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_state, "draft")
        self.assertFalse(order.finding_ids)
        self.assertFalse(order.released_datetime)
        with self.assertRefused(UserError, "Order Control is off"):
            self._submit(self._create_order())

    # --- steps joining on findings and amounts --------------------------------

    def test_special_price_step_joins_only_with_its_finding(self):
        special = self.env.ref("order_entry_control.step_special_approval")
        plain = self._submit(self._create_order())
        self.assertNotIn(special, plain.review_ids.step_id)

        order = self._create_order(lines=[(self.product, 2, {"discount": 30.0})])
        self._submit(order)
        self.assertIn(special, order.review_ids.step_id)
        self.assertEqual(
            order.review_ids.mapped("name"),
            ["First review", "Special price approval", "Approval"],
        )
        order.with_user(self.reviewer).action_review_pass()
        sales_manager = self.env.ref("sales_team.group_sale_manager")
        self.manager.groups_id = [(4, sales_manager.id)]
        # an Order Approver who is not a Sales Administrator cannot give it
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            order.with_user(self.approver).action_approve()
        order.with_user(self.manager).action_approve()
        order.with_user(self.approver).action_approve()
        self.assertEqual(order.review_state, "approved")

    def test_waived_finding_does_not_add_its_step(self):
        order = self._create_order(lines=[(self.product, 2, {"discount": 30.0})])
        order.with_user(self.clerk).action_run_checks()
        finding = order.finding_ids.filtered(lambda f: f.kind == "price")
        self.assertTrue(finding)
        finding.with_user(self.manager).action_waive(
            reason="Agreed in the annual contract"
        )
        self._submit(order)
        self.assertEqual(order.review_ids.mapped("name"), ["First review", "Approval"])

    def test_amount_condition(self):
        step = self.env.ref("order_entry_control.step_approval")
        step.write({"condition": "amount", "amount_threshold": 1000.0})
        small = self._submit(self._create_order(lines=[(self.product, 2)]))
        self.assertEqual(small.review_ids.mapped("name"), ["First review"])
        big = self._submit(self._create_order(lines=[(self.product, 20)]))
        self.assertEqual(big.review_ids.mapped("name"), ["First review", "Approval"])

    def test_no_step_at_all_approves_on_submission(self):
        self.env["order.review.step"].search([]).active = False
        order = self._submit(self._create_order())
        self.assertEqual(order.review_state, "approved")
        self.assertFalse(order.activity_ids, "no follow-up for what one just did")
        order.with_user(self.clerk).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_step_nobody_can_act_on_is_refused_at_submission(self):
        step = self.env.ref("order_entry_control.step_first_review")
        step.write({"group_id": False, "user_id": self.clerk.id})
        order = self._create_order()
        with self.assertRefused(UserError, "Nobody can act"):
            self._submit(order)
        self.assertEqual(order.review_state, "draft")
        self.assertFalse(order.review_ids)

    # --- configuration refusals -----------------------------------------------

    def test_step_needs_group_or_user(self):
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.env["order.review.step"].create({"name": "Nobody"})

    def test_negative_sla_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env.ref("order_entry_control.step_first_review").sla_hours = -1
        with self.assertRaises(ValidationError):
            self.company.order_review_sla_hours = -2

    def test_cutoff_outside_the_day_is_refused(self):
        for wrong in (-1.0, 24.0, 25.5):
            with self.assertRaises(ValidationError):
                self.company.order_cutoff_time = wrong
        self.company.order_cutoff_time = 23.98
        self.assertEqual(self.company.order_cutoff_time, 23.98)

    def test_findings_step_needs_checks(self):
        with self.assertRaises(ValidationError):
            self.env["order.review.step"].create(
                {
                    "name": "Findings without checks",
                    "group_id": self.env.ref(
                        "order_entry_control.group_order_approver"
                    ).id,
                    "condition": "findings",
                }
            )

    # --- online acceptance ------------------------------------------------------

    def test_portal_acceptance_submits_instead_of_confirming(self):
        order = self._create_order()
        order.sudo()._validate_order()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "to_review")

    def test_portal_acceptance_with_blocking_findings_leaves_a_todo(self):
        order = self._create_order(stated=False)
        order.sudo()._validate_order()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "draft")
        self.assertEqual(self._followups(order).user_id, self.clerk)
        # completed and submitted by the clerk: the to-do is done
        order.with_user(self.clerk).customer_stated_total = order.amount_total
        self._submit(order)
        self.assertEqual(order.review_state, "to_review")
        self.assertFalse(self._followups(order))

    def test_online_resubmission_of_a_rejected_order_closes_its_followup(self):
        order = self._submit(self._create_order())
        order.with_user(self.reviewer).action_reject(reason="Wrong reference")
        todo = self._followups(order)
        self.assertTrue(todo)
        order.sudo()._validate_order()  # the customer signs again online
        self.assertEqual(order.review_state, "to_review")
        self.assertFalse(todo.active, "resubmitted: the to-do is done")

    def test_blocked_online_acceptances_leave_one_todo(self):
        order = self._create_order(stated=False)
        order.sudo()._validate_order()
        order.sudo()._validate_order()  # signed, then paid: still blocked
        self.assertEqual(len(self._followups(order)), 1)

    def test_portal_acceptance_of_approved_order_confirms(self):
        order = self._approve_fully(self._submit(self._create_order()))
        order.sudo()._validate_order()
        self.assertEqual(order.state, "sale")
