# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a quotation goes through the approval engine (``order.approval.mixin``):
who may submit it, the engine's hooks for quotations (who shaped the order,
which steps apply, the review state at each step, the rejection), what
follows a submission, an approval or a rejection (stock, release windows, the
submitter's follow-up activities), and the submission of a quotation a
customer accepted online."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .sale_order import FOLLOWUP_ACTIVITY, INTERNAL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    review_deadline = fields.Datetime(
        string="Review Deadline",
        compute="_compute_review_deadline",
        store=True,
        index=True,
        help="When the current review step must be decided (working hours).",
    )
    review_overdue = fields.Boolean(
        string="Review Late",
        compute="_compute_review_overdue",
        help="The current review step is past its deadline.",
    )

    # === COMPUTE METHODS === #

    @api.depends("review_ids.state", "review_ids.deadline")
    def _compute_review_deadline(self):
        for order in self:
            pending = order._approval_reviews().filtered(
                lambda r: r.state == "pending" and r.res_model == "sale.order"
            )
            order.review_deadline = min(pending.mapped("deadline"), default=False)

    @api.depends("review_deadline")
    def _compute_review_overdue(self):
        now = fields.Datetime.now()
        for order in self:
            order.review_overdue = bool(
                order.review_deadline and order.review_deadline < now
            )

    # === SUBMISSION === #

    def _check_can_submit(self):
        """Refuse to submit an order that is not a controlled, editable quotation."""
        self.ensure_one()
        if not self.order_control_active:
            raise UserError(
                self.env._(
                    "Order Control is off for %(company)s: confirm %(order)s directly.",
                    company=self.company_id.name,
                    order=self.name,
                )
            )
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Only quotations can be submitted for review; %(order)s is not "
                    "one.",
                    order=self.name,
                )
            )
        if self.review_state not in ("draft", "rejected"):
            raise UserError(
                self.env._(
                    "Order %(order)s has already been submitted.", order=self.name
                )
            )

    # === APPROVAL ENGINE HOOKS === #

    def _approval_requesters(self):
        """Whoever submitted, entered or last changed the commercial content of
        this order: they never decide its steps (four eyes)."""
        self.ensure_one()
        shapers = self.submitted_by_id | self.create_uid | self.commercial_changed_by_id
        return shapers.filtered(lambda u: not u._is_superuser())

    def _approval_step_values(self, step, round_number):
        # asked for by whoever submits it now (written with the submission)
        return dict(
            super()._approval_step_values(step, round_number),
            requested_by_id=self.env.uid,
        )

    def _approval_order(self):
        return self

    def _approval_amount(self):
        self.ensure_one()
        return self.currency_id._convert(
            self.amount_total,
            self.company_id.currency_id,
            self.company_id,
            self.date_order or fields.Date.today(),
        )

    def _approval_step_applies(self, step):
        if step.condition == "findings":
            return self._order_step_has_findings(step)
        if step.condition == "finance":
            return self._order_finance_review_applies(step)
        return super()._approval_step_applies(step)

    def _approval_deadline(self, review, start):
        # review rounds: due at the end of the round the step falls into
        company = review.company_id
        if company.order_review_rounds_enabled:
            return company._order_review_round_deadline(start)
        factor = company.order_urgent_sla_factor
        if self.priority != "0" and 0 < factor < 1:
            # urgent orders: a share of the step's working hours
            return company._order_add_working_hours(
                start, review.step_id._get_sla_hours(company) * factor
            )
        return super()._approval_deadline(review, start)

    def _order_step_has_findings(self, step):
        """Whether a check of ``step`` found something needing approval."""
        self.ensure_one()
        return any(
            finding.rule_id in step.rule_ids
            and finding.severity == "approval"
            and not finding.waived
            for finding in self.finding_ids
        )

    def _order_finance_review_applies(self, step):
        """Whether the finance step reaches this order (Settings: every order;
        credit terms or payment before shipping; only credit findings)."""
        self.ensure_one()
        mode = self.company_id.order_finance_review
        if mode == "always":
            return True
        if mode == "terms" and self._order_sold_on_terms():
            return True
        return self._order_step_has_findings(step)

    def _order_sold_on_terms(self):
        """Credit terms (a payment term that is not immediate, or the payment
        method 'Credit terms') or payment before shipping; override to add
        other terms finance must see."""
        self.ensure_one()
        if self.order_payment_method in ("credit", "prepay"):
            return True
        return any(
            line.nb_days or line.delay_type != "days_after"
            for line in self.payment_term_id.line_ids
        )

    def _approval_state_values(self, next_review):
        if next_review:
            return {
                "review_state": "to_approve"
                if next_review.step_type == "approval"
                else "to_review"
            }
        return {
            "review_state": "approved",
            "approved_datetime": fields.Datetime.now(),
            "approved_by_id": self.env.uid,
        }

    def _approval_rejected_values(self, reason):
        return {
            "review_state": "rejected",
            "review_rejection_count": self.review_rejection_count + 1,
            "rejection_reason": reason,
        }

    def _approval_write(self, vals):
        if vals:
            self.sudo().with_context(order_control_bypass_lock=INTERNAL).write(vals)

    def _approval_check_open(self):
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Order %(order)s is not a quotation waiting for review.",
                    order=self.name,
                )
            )

    def _approval_post_decision(self, review):
        # a pass or an approval is told by the order's tracked review state
        if review.state != "rejected":
            return
        self._order_as_owner().message_post(
            body=self.env._(
                "Rejected at step '%(step)s' by %(user)s: %(reason)s",
                step=review.name,
                user=self.env.user.name,
                reason=review.comment,
            ),
            subtype_id=self.env.ref("order_entry_control.mt_order_rejected").id,
        )

    def _order_trail_audited(self):
        # the chatter of a controlled quotation is its audit trail
        return self.filtered("order_control_active")

    def _order_trail_authors(self):
        # Odoo's quotation e-mail goes out in the salesperson's or company's name
        return self.user_id.partner_id | self.company_id.partner_id

    def _approval_on_approved(self):
        self._order_control_after_approve()

    def _approval_on_rejected(self, reason):
        self.env["mail.activity"].sudo()._order_schedule(
            [
                (
                    order.sudo(),
                    order._order_followup_user(),
                    lambda env, order=order: {
                        "summary": env._(
                            "Correct and resubmit %(order)s", order=order.name
                        ),
                        "note": reason,
                    },
                )
                for order in self
            ],
            FOLLOWUP_ACTIVITY,
        )
        self._order_control_after_reject()

    def _order_control_submit(self):
        # a follow-up to correct the order or to submit it is done
        self._order_followups_done()
        self._approval_submit(
            {
                "submitted_datetime": fields.Datetime.now(),
                "submitted_by_id": self.env.uid,
                "rejection_reason": False,
            }
        )
        self._order_control_after_submit()

    def _order_control_after_submit(self):
        """Hook run once these orders are submitted: reserve their stock."""
        self.filtered(
            lambda o: o.company_id.order_reservation_mode in ("submission", "entry")
        )._order_reserve_stock()

    def _order_control_after_reject(self):
        """Hook run once these orders are rejected: give their stock back."""
        self._order_release_stock("released", self.env._("Rejected in review"))

    def _order_control_after_approve(self):
        """Hook run once these orders are fully approved: plan their release in
        the company's release windows, or give the submitter a follow-up to
        confirm them."""
        now = fields.Datetime.now()
        windowed = self.filtered("company_id.order_release_windows_enabled")
        for order in windowed:
            order.sudo().release_due = order._order_next_release_window(
                order.approved_datetime or now
            )
        (self - windowed)._order_schedule_followups(
            lambda order: order.env._(
                "Confirm approved order %(order)s", order=order.name
            )
        )

    def _order_schedule_followups(self, summary):
        """Give each order's follow-up user (not the current user: no follow-up
        for what one just did) a follow-up due today, its summary
        ``summary(order)`` in the user's language."""
        now = fields.Datetime.now()
        assignees = {
            order: order._order_followup_user() - self.env.user for order in self
        }
        # as the review activities: the assignee sees it in the activities
        # menu at once, and no e-mail repeats it
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True,
            order_review_subscribed=self._order_subscribe_pairs(assignees),
        )._order_schedule(
            [
                (
                    order,
                    assignees[order],
                    lambda env, order=order: {
                        "summary": summary(order.with_env(env)),
                        "date_deadline": order.company_id._order_local_date(now),
                        # created in a batch, as they always were
                        "automated": False,
                    },
                )
                for order in self
            ],
            FOLLOWUP_ACTIVITY,
        )

    def _order_followup_user(self):
        """Who follows this order up after a decision: its submitter, or its
        salesperson when a customer submitted it online (empty if neither is
        an active internal user)."""
        self.ensure_one()
        # the submitter may be a portal user of another company, whom the
        # deciding user cannot read: only who it is matters here
        order = self.sudo()
        for user in (order.submitted_by_id, order.user_id):
            if user.active and not user.share:
                return user.with_env(self.env)
        return self.env["res.users"]

    def _order_followups_done(self):
        """Mark the follow-ups of these orders done: archived, as Odoo keeps the
        done activities of a type that keeps them, without a "done" message
        (the order's own tracked change says what was done). Unlike an unlink,
        an archive leaves the cache of the request alone."""
        followups = self._order_followups()
        if followups:
            # the assignees' activity counters (today's and late activities)
            # drop at once, as Odoo does for an unlink
            counted = followups.filtered(
                lambda a: a.date_deadline <= fields.Date.today()
            )
            followups.action_archive()
            for activity in counted:
                activity.user_id._bus_send(
                    "mail.activity/updated", {"activity_deleted": True}
                )

    def _order_followups(self):
        """The submitters' open follow-up activities of these orders."""
        return self._order_activities(FOLLOWUP_ACTIVITY)

    def _order_activities(self, type_xmlid):
        """The open activities of type ``type_xmlid`` on these orders (as
        superuser: the callers act for whoever the activities are assigned
        to)."""
        if not self:
            return self.env["mail.activity"]
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            type_xmlid, raise_if_not_found=True
        )
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type_id),
                ]
            )
        )

    def _order_review_decide(self, step_type, comment=None):
        """Pass or approve the current step of these orders as the current user."""
        self.check_access("read")
        self._approval_approve(comment=comment, step_types=(step_type,))
        return True

    def _order_control_submit_from_portal(self):
        """Submit controlled quotations signed or paid online, when nothing blocks."""
        for order in self:
            if order.review_state not in ("draft", "rejected"):
                continue
            order._order_control_apply_rounding()
            order._order_control_run_checks()
            if order.blocking_finding_count:
                order.message_post(
                    body=self.env._(
                        "The customer accepted the quotation online, but it cannot be "
                        "submitted for review: %(findings)s",
                        findings="; ".join(
                            order.finding_ids.filtered(
                                lambda f: f.severity == "block" and not f.waived
                            ).mapped("message")
                        ),
                    )
                )
                user = order._order_followup_user()
                if user and not order._order_followups():
                    self.env["mail.activity"]._order_schedule(
                        [
                            (
                                order,
                                user,
                                lambda env, order=order: {
                                    "summary": env._(
                                        "Complete and submit %(order)s",
                                        order=order.name,
                                    )
                                },
                            )
                        ],
                        FOLLOWUP_ACTIVITY,
                    )
                continue
            order._order_control_submit()
