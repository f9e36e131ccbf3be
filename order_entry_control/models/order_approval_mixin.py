# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The approval engine (DESIGN, principle 4): the steps a record goes through
before what it asks for holds, decided through activities.

It owns which steps a record needs: the ``order.review.step`` records of the
record's model whose condition holds. It owns starting a step: one activity
per eligible user, with a deadline in working hours. It owns the decision:
approve or pass, or reject with a reason. One person's decision closes the
others' activities. It keeps four eyes (the requester never decides, and
nobody decides two steps of one round) and a row lock against double
decisions, and posts one message per transition. The steps are
``order.review`` records that point at the record by model and id (the late
flag and escalation are theirs, in ``order.review._cron_check_sla``).

Quotations (``sale.order``), change requests and closure requests use it. To
plug in another model:

1. inherit ``order.approval.mixin`` (first in ``_inherit``; the model needs a
   ``company_id`` and ``mail.thread``);
2. create ``order.review.step`` records for the model (data or Settings);
3. call ``_approval_submit()``, ``_approval_approve()`` and
   ``_approval_reject(reason)`` from its buttons;
4. override the hooks below for what follows a decision.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"
OPEN_STEP_STATES = ("waiting", "pending")
MANAGER_GROUP = "order_entry_control.group_order_control_manager"


class OrderApprovalMixin(models.AbstractModel):
    _name = "order.approval.mixin"
    _inherit = ["order.field.policy"]
    _description = "Order Control: approval steps through activities"

    # The activity type of the steps' activities (an XML id).
    _approval_activity_type = REVIEW_ACTIVITY

    review_ids = fields.One2many(
        comodel_name="order.review",
        inverse_name="res_id",
        string="Approval Steps",
        copy=False,
        readonly=True,
    )
    review_round = fields.Integer(
        copy=False,
        readonly=True,
        help="How many times approval was asked for; the steps of earlier "
        "rounds are kept.",
    )
    current_review_id = fields.Many2one(
        comodel_name="order.review",
        compute="_compute_current_review_id",
        string="Current Step",
    )
    can_review = fields.Boolean(
        compute="_compute_current_review_id",
        help="Whether the current user may decide the current step.",
    )

    @api.depends("review_ids.state")
    @api.depends_context("uid")
    def _compute_current_review_id(self):
        for record in self:
            # the engine's own reading: a decider may not read the waiting steps
            current = record._approval_reviews().filtered(
                lambda r: r.state == "pending"
            )[:1]
            record.current_review_id = current.with_env(self.env)
            record.can_review = bool(current) and current._can_act(self.env.user)

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        return super()._order_owned_field_names(vals) | {"review_round", "review_ids"}

    # === HOOKS (override in the model that plugs in) === #

    def _approval_requesters(self):
        """Users who asked for this record's approval: they never decide it."""
        self.ensure_one()
        return self.env["res.users"]

    def _approval_order(self):
        """The sales order this record concerns (kept on its steps for access
        rules and reports)."""
        self.ensure_one()
        return self.env["sale.order"]

    def _approval_steps(self):
        """The configured steps this record needs, in their order."""
        self.ensure_one()
        steps = (
            self.env["order.review.step"]
            .sudo()
            .search(
                [
                    ("model_id.model", "=", self._name),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )
        return steps.filtered(self._approval_step_applies)

    def _approval_step_applies(self, step):
        """Whether ``step`` applies to this record; override for new conditions."""
        self.ensure_one()
        if step.condition == "amount":
            return self._approval_amount() > step.amount_threshold
        if step.condition == "large":
            # off until the company sets the amount
            threshold = self.company_id.order_large_order_amount
            return bool(threshold) and self._approval_amount() > threshold
        return step.condition == "always"

    def _approval_deadline(self, review, start):
        """When ``review`` of this record, starting at ``start`` (naive UTC), is
        due; override for another clock (the review rounds of quotations)."""
        self.ensure_one()
        company = review.company_id
        return company._order_add_working_hours(
            start, review.step_id._get_sla_hours(company)
        )

    def _approval_amount(self):
        """This record's amount in company currency (amount conditions)."""
        self.ensure_one()
        return 0.0

    def _approval_step_values(self, step, round_number):
        """The values of this record's ``order.review`` for ``step`` (made
        before the values of the submission are written)."""
        self.ensure_one()
        return {
            "res_model": self._name,
            "res_id": self.id,
            "order_id": self._approval_order().id,
            "requested_by_id": self._approval_requesters()[:1].id,
            "step_id": step.id,
            "sequence": step.sequence,
            "step_type": step.step_type,
            "round": round_number,
        }

    def _approval_state_values(self, next_review):
        """Values written on this record when ``next_review`` starts, or, when
        it is empty, when the record is approved (by the current user)."""
        self.ensure_one()
        return {}

    def _approval_rejected_values(self, reason):
        """Values written on this record when one of its steps is rejected."""
        self.ensure_one()
        return {}

    def _approval_write(self, vals):
        """Write the engine's ``vals`` on this record (owned fields)."""
        if vals:
            self._order_as_owner().write(vals)

    def _approval_check_open(self):
        """Refuse a decision on this record in its current state."""
        self.ensure_one()

    def _approval_post_decision(self, review):
        """Post the message of ``review``'s decision (one per transition)."""
        self.ensure_one()
        if review.state == "rejected":
            self.message_post(
                body=self.env._(
                    "Rejected by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=review.comment,
                ),
                partner_ids=self._approval_requesters().partner_id.ids,
            )
        else:
            self.message_post(
                body=self.env._(
                    "Step '%(step)s' approved by %(user)s.",
                    step=review.name,
                    user=self.env.user.name,
                ),
            )

    def _approval_post_substitution(self, review):
        """Say in the chatter who decided ``review`` for whom, when a substitute
        decided it."""
        self.ensure_one()
        if review.decided_for_id:
            self.message_post(
                body=self.env._(
                    "%(substitute)s decided step '%(step)s' for %(absent)s, who is "
                    "absent.",
                    substitute=self.env.user.name,
                    step=review.name,
                    absent=review.decided_for_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _approval_on_approved(self):
        """Hook run once the last steps of these records are approved."""

    def _approval_on_rejected(self, reason):
        """Hook run once these records are rejected with ``reason``."""

    # === ENGINE === #

    def _approval_reviews(self):
        """All steps of these records, as the engine reads them (superuser:
        who may decide is the engine's own check, not the reader's rules)."""
        return self.sudo().review_ids

    def _approval_lock(self):
        """Lock these records' rows: concurrent decisions wait for each other."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )

    def _approval_barred_users(self):
        """Users barred from this record's open steps (four eyes): its
        requesters, and whoever decided a step of the current round."""
        self.ensure_one()
        done = self._approval_reviews().filtered(
            lambda r: r.round == self.review_round and r.state == "done"
        )
        return self._approval_requesters() | done.decided_by_id

    def _approval_candidates(self, review):
        """Users who receive ``review`` of this record (its activities): the
        step's user and group (``_approval_group_reviewers``), and the
        substitutes of those absent today (four eyes hold for them too)."""
        self.ensure_one()
        step = review.step_id
        barred = self._approval_barred_users()
        company = self.company_id

        def _eligible(user):
            return (
                user.active
                and not user.share
                and company in user.company_ids
                and user not in barred
            )

        users = step.user_id.filtered(_eligible) | self._approval_group_reviewers(
            step, _eligible
        )
        today = company._order_local_date(fields.Datetime.now())
        substitutes = self.env["order.absence"]._substitutes(users, today)
        extra = self.env["res.users"].union(*substitutes.values())
        return users | extra.filtered(_eligible)

    def _approval_group_reviewers(self, step, eligible):
        """The holders of ``step``'s reviewer group who receive its activities,
        among those ``eligible`` (a predicate on a user): Order Control Managers
        left out (they hold every role, and still decide any step), unless the
        company sends them review steps too or nobody else could act. Override
        to choose otherwise."""
        self.ensure_one()
        users = step.group_id.sudo().users.filtered(eligible)
        if not users or self.company_id.order_review_notify_managers:
            return users
        return (users - self.env.ref(MANAGER_GROUP).sudo().users) or users

    def _approval_activities(self):
        """The open step activities of these records (as superuser: callers act
        for whoever they are assigned to)."""
        if not self:
            return self.env["mail.activity"]
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            self._approval_activity_type, raise_if_not_found=True
        )
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type_id),
                ]
            )
        )

    def _approval_cancel(self):
        """Cancel the open steps of these records, with their activities."""
        open_steps = self._approval_reviews().filtered(
            lambda r: r.state in OPEN_STEP_STATES
        )
        if open_steps:
            self.browse(open_steps.mapped("res_id"))._approval_activities().unlink()
            open_steps.write({"state": "cancelled"})

    def _approval_submit(self, values=None):
        """Start a new round of steps for these records (locked by the caller):
        create the steps each needs and start the first. ``values`` are written
        on each record with the round; a record that needs no step is approved
        at once. Return the records approved at once."""
        self._approval_cancel()
        Review = self.env["order.review"].sudo()
        approved = self.browse()
        for record in self:
            round_number = record.review_round + 1
            reviews = Review.create(
                [
                    record._approval_step_values(step, round_number)
                    for step in record._approval_steps()
                ]
            )
            first = reviews[:1]
            # one write: who asks (the steps' candidates are chosen after it)
            record._approval_write(
                dict(
                    values or {},
                    review_round=round_number,
                    **record._approval_state_values(first),
                )
            )
            if first:
                first._start()
            else:
                approved |= record
        if approved:
            approved._approval_on_approved()
        return approved

    def _approval_actionable_review(self, step_types=None):
        """The pending step of this record that the current user may decide
        (of one of ``step_types``, when given)."""
        self.ensure_one()
        self._approval_check_open()
        review = self._approval_reviews().filtered(lambda r: r.state == "pending")[:1]
        if not review:
            raise UserError(
                self.env._(
                    "%(record)s has no step waiting for a decision.",
                    record=self.display_name,
                )
            )
        if step_types and review.step_type not in step_types:
            if review.step_type == "approval":
                raise UserError(
                    self.env._(
                        "Step '%(step)s' of %(record)s is an approval: approve it.",
                        step=review.name,
                        record=self.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "Step '%(step)s' of %(record)s is a review: pass it.",
                    step=review.name,
                    record=self.display_name,
                )
            )
        if self.env.user in self._approval_barred_users():
            raise AccessError(
                self.env._(
                    "You requested, submitted or changed %(record)s, or approved "
                    "one of its steps: another person must decide step '%(step)s'.",
                    record=self.display_name,
                    step=review.name,
                )
            )
        if not review._can_act(self.env.user):
            if review.step_type == "approval":
                raise AccessError(
                    self.env._(
                        "You are not an approver of step '%(step)s' of %(record)s.",
                        step=review.name,
                        record=self.display_name,
                    )
                )
            raise AccessError(
                self.env._(
                    "You are not a reviewer of step '%(step)s' of %(record)s.",
                    step=review.name,
                    record=self.display_name,
                )
            )
        return review

    def _approval_approve(self, comment=None, step_types=None):
        """Approve (or pass) the pending step of these records as the current
        user: the next step starts, or the record is approved. Return the
        records whose last step this was."""
        if comment is not None and not isinstance(comment, str):
            raise UserError(self.env._("Write the comment as text."))
        self._approval_lock()
        # The decided steps' activities go first: an unlink empties the whole
        # cache, and here nothing is read yet. A refusal below rolls it back.
        self._approval_activities().unlink()
        now = fields.Datetime.now()
        approved = self.browse()
        for record in self:
            review = record._approval_actionable_review(step_types)
            review.sudo().write(
                {
                    "state": "done",
                    "decision": "approved"
                    if review.step_type == "approval"
                    else "passed",
                    "decided_by_id": self.env.uid,
                    "decided_for_id": review._absent_for(self.env.user).id,
                    "decided_on": now,
                    "comment": comment,
                }
            )
            # leave the step before starting the next: one pending step each
            review.flush_recordset(["state", "on_time"])
            record._approval_post_decision(review)
            record._approval_post_substitution(review)
            following = record._approval_reviews().filtered(
                lambda r, rnd=review.round: r.state == "waiting" and r.round == rnd
            )[:1]
            record._approval_write(record._approval_state_values(following))
            if following:
                following._start()
            else:
                approved |= record
        if approved:
            approved._approval_on_approved()
        return approved

    def _approval_reject(self, reason):
        """Reject the pending step of these records as the current user, with
        ``reason``; their remaining steps are cancelled."""
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason of the rejection."))
        self._approval_lock()
        for record in self:
            record._approval_actionable_review()
        self._approval_activities().unlink()
        now = fields.Datetime.now()
        for record in self:
            review = record._approval_actionable_review()
            review.sudo().write(
                {
                    "state": "rejected",
                    "decision": "rejected",
                    "decided_by_id": self.env.uid,
                    "decided_for_id": review._absent_for(self.env.user).id,
                    "decided_on": now,
                    "comment": reason,
                }
            )
            record._approval_reviews().filtered(lambda r: r.state == "waiting").write(
                {"state": "cancelled"}
            )
            record._approval_write(record._approval_rejected_values(reason))
            record._approval_post_decision(review)
            record._approval_post_substitution(review)
        self._approval_on_rejected(reason)
        return True
