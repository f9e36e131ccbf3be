# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_round

from ..tools import business_time

# Fields whose change makes the findings outdated (and that are frozen while
# an order is under review or approved).
COMMERCIAL_FIELDS = frozenset(
    {
        "partner_id",
        "partner_invoice_id",
        "partner_shipping_id",
        "order_line",
        "pricelist_id",
        "payment_term_id",
        "commitment_date",
        "client_order_ref",
        "customer_stated_total",
        "received_datetime",
        "warehouse_id",
        "fiscal_position_id",
        "company_id",
        "currency_id",
        "order_payment_method",
    }
)
UNDER_REVIEW = ("to_review", "to_approve", "approved")
# The submitter's turn after a decision (confirm, or correct and resubmit).
FOLLOWUP_ACTIVITY = "order_entry_control.mail_activity_type_order_followup"
# The review record: written by the review actions only (as superuser, after
# their own checks), never directly by a user or an RPC client.
WORKFLOW_FIELDS = frozenset(
    {
        "review_state",
        "review_round",
        "review_rejection_count",
        "submitted_datetime",
        "submitted_by_id",
        "approved_datetime",
        "approved_by_id",
        "rejection_reason",
        "checks_date",
        "release_due",
    }
)
# The field policy of sale.order (order_field_policy.py): what the workflow
# owns, and what users edit, of the fields this addon adds.
ORDER_OWNED_FIELDS = WORKFLOW_FIELDS | {
    "entered_datetime",
    "released_datetime",
    "released_by_id",
    "stockout_outcome",
    "stockout_date",
    "commercial_changed_by_id",
    "active",
}
ORDER_USER_FIELDS = frozenset(
    {
        "received_datetime",
        "entry_channel",
        "priority",
        "customer_stated_total",
        "order_taker_id",
        "order_payment_method",
    }
)
# A controlled order's core fields that only its actions write: confirmation
# and cancellation pass the gate and the review's side effects.
CONTROLLED_ORDER_FIELDS = frozenset(
    {"state", "amount_untaxed", "amount_tax", "amount_total"}
)
# An RPC client can put any JSON value in its context, so no context flag
# that lifts a control is taken from it: the review lock is lifted only for
# superuser code (``order_control_bypass_lock`` is this object, under sudo),
# and rechecks and
# release windows are skipped only when the flag is this object.
INTERNAL = object()

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "order.field.policy"]

    # === INTAKE === #

    received_datetime = fields.Datetime(
        string="Received On",
        default=fields.Datetime.now,
        copy=False,
        tracking=True,
        help="When the order reached the company (by any channel).",
    )
    entry_channel = fields.Selection(
        selection=[
            ("sales_rep", "Sales representative"),
            ("customer_service", "Customer service"),
            ("phone", "Phone"),
            ("email", "Email"),
            ("fax", "Fax"),
            ("portal", "Web shop / portal"),
            ("platform", "Platform import"),
            ("other", "Other"),
        ],
        string="Channel",
        default="sales_rep",
        tracking=True,
    )
    business_date = fields.Date(
        compute="_compute_business_date",
        store=True,
        help="The working day the order counts on: orders received after the "
        "cutoff or on a non-working day count on the next working day.",
    )
    priority = fields.Selection(
        selection=[("0", "Normal"), ("1", "Urgent"), ("2", "Very urgent")],
        default="0",
        tracking=True,
    )
    customer_stated_total = fields.Monetary(
        string="Customer's Total",
        copy=False,
        tracking=True,
        help="The total written on the customer's order document.",
    )
    order_taker_id = fields.Many2one(
        comodel_name="res.users",
        string="Order Taker",
        default=lambda self: self.env.user,
        tracking=True,
        help="Who took the order from the customer.",
    )
    order_payment_method = fields.Selection(
        selection=[
            ("prepay", "Payment before shipping"),
            ("cod", "Cash on delivery"),
            ("credit", "Credit terms"),
        ],
        string="Payment Method",
        default="credit",
        tracking=True,
    )
    entered_datetime = fields.Datetime(
        string="Entered On",
        default=fields.Datetime.now,
        copy=False,
        readonly=True,
        tracking=True,
    )
    entry_deadline = fields.Datetime(
        compute="_compute_entry_deadline",
        store=True,
        help="Receipt time plus the entry deadline, in working hours.",
    )
    entered_on_time = fields.Boolean(
        compute="_compute_entry_deadline",
        store=True,
    )

    # === REVIEW === #

    order_control_active = fields.Boolean(related="company_id.order_control_enabled")
    review_state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("to_review", "To Review"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Review Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    finding_ids = fields.One2many(
        comodel_name="order.control.finding",
        inverse_name="order_id",
        string="Findings",
        copy=False,
    )
    finding_count = fields.Integer(compute="_compute_finding_count")
    blocking_finding_count = fields.Integer(compute="_compute_finding_count")
    checks_date = fields.Datetime(
        string="Checked On",
        copy=False,
        readonly=True,
    )
    review_ids = fields.One2many(
        comodel_name="order.review",
        inverse_name="order_id",
        string="Reviews",
        copy=False,
    )
    current_review_id = fields.Many2one(
        comodel_name="order.review",
        compute="_compute_current_review_id",
        string="Current Step",
    )
    can_review = fields.Boolean(compute="_compute_current_review_id")
    review_round = fields.Integer(copy=False, readonly=True)
    review_rejection_count = fields.Integer(
        string="Rejections",
        copy=False,
        readonly=True,
        help="How many times the order was rejected in review.",
    )
    submitted_datetime = fields.Datetime(
        string="Submitted On", copy=False, readonly=True, tracking=True
    )
    submitted_by_id = fields.Many2one(
        comodel_name="res.users", string="Submitted By", copy=False, readonly=True
    )
    approved_datetime = fields.Datetime(
        string="Approved On", copy=False, readonly=True, tracking=True
    )
    approved_by_id = fields.Many2one(
        comodel_name="res.users", string="Approved By", copy=False, readonly=True
    )
    released_datetime = fields.Datetime(
        string="Released On", copy=False, readonly=True, tracking=True
    )
    released_by_id = fields.Many2one(
        comodel_name="res.users", string="Released By", copy=False, readonly=True
    )
    rejection_reason = fields.Text(copy=False, readonly=True)
    # Archived orders leave the everyday lists: order_tracking archives closed
    # orders. Declared here so that the archive outlives that addon.
    active = fields.Boolean(default=True, copy=False)
    commercial_changed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Last Changed By",
        default=lambda self: self.env.user,
        copy=False,
        readonly=True,
        help="Who last changed the customer, lines, prices or dates: like the "
        "submitter, this person cannot decide the order's review steps.",
    )

    # === STOCK === #

    reservation_ids = fields.One2many(
        comodel_name="order.stock.reservation",
        inverse_name="order_id",
        string="Stock Reservations",
        copy=False,
    )
    reservation_status = fields.Selection(
        selection=[
            ("none", "Not reserved"),
            ("partial", "Partly reserved"),
            ("full", "Reserved"),
            ("expired", "Reservation expired"),
        ],
        compute="_compute_reservation_status",
    )
    reservation_expiry = fields.Datetime(
        string="Reserved Until", compute="_compute_reservation_status"
    )
    stockout_outcome = fields.Selection(
        selection=[
            ("later_date", "Later delivery date"),
            ("other_warehouse", "Reserved in another warehouse"),
            ("customer_asked", "Customer asked"),
        ],
        string="Stock-Out Outcome",
        copy=False,
        tracking=True,
    )
    stockout_date = fields.Datetime(
        string="Proposed Delivery Date", copy=False, tracking=True
    )
    release_due = fields.Datetime(
        string="Release Window",
        copy=False,
        readonly=True,
        help="When the approved order is released (confirmed) by the release windows.",
    )

    # === COMPUTE METHODS === #

    @api.depends("received_datetime", "company_id")
    def _compute_business_date(self):
        for order in self:
            received = order.received_datetime
            if received and order.company_id.order_control_enabled:
                order.business_date = order.company_id._order_business_date(received)
            elif received:
                order.business_date = received.date()
            else:
                order.business_date = False

    @api.depends("received_datetime", "entered_datetime", "company_id")
    def _compute_entry_deadline(self):
        for order in self:
            company = order.company_id
            if not (order.received_datetime and company.order_control_enabled):
                order.entry_deadline = False
                order.entered_on_time = False
                continue
            order.entry_deadline = company._order_add_working_hours(
                order.received_datetime, company.order_entry_deadline_hours
            )
            order.entered_on_time = bool(
                order.entered_datetime
                and order.entered_datetime <= order.entry_deadline
            )

    @api.depends("finding_ids.severity", "finding_ids.waived")
    def _compute_finding_count(self):
        for order in self:
            open_findings = order.finding_ids.filtered(lambda f: not f.waived)
            order.finding_count = len(open_findings)
            order.blocking_finding_count = len(
                open_findings.filtered(lambda f: f.severity == "block")
            )

    @api.depends("review_ids.state")
    @api.depends_context("uid")
    def _compute_current_review_id(self):
        for order in self:
            current = order.review_ids.filtered(lambda r: r.state == "pending")[:1]
            order.current_review_id = current
            order.can_review = bool(current) and current._can_act(self.env.user)

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._order_entry_reservation_sync()
        return orders

    def write(self, vals):
        self = self._order_audited(vals)
        changed = COMMERCIAL_FIELDS.intersection(vals)
        if changed and not self._order_control_unlocked():
            self._check_order_control_editable()
            if vals.get("company_id"):
                self._check_company_change(vals)
        if changed:
            # four eyes: whoever shapes the order does not decide its steps
            vals = dict(vals, commercial_changed_by_id=self.env.uid)
        recheck = (
            changed
            and self.env.context.get("order_control_skip_checks") is not INTERNAL
        )
        if "order_line" in vals:
            # the lines' own hooks stay quiet: the order rechecks once, below
            self = self.with_context(order_control_skip_checks=INTERNAL)
        res = super().write(vals)
        if recheck:
            self._order_control_recheck()
            self._order_entry_reservation_sync()
        return res

    def message_post(self, **kwargs):
        # before mail.thread's: no forged tracking values or dates in the trail
        self._order_check_message_values(kwargs)
        return super().message_post(**kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # A starting review step subscribes its reviewers in one batch, then
        # creates their activities: skip the activities' subscription, one per
        # reviewer. (A frozenset cannot come from a client's JSON context.)
        done = self.env.context.get("order_review_subscribed")
        if (
            isinstance(done, frozenset)
            and partner_ids
            and not subtype_ids
            and done.issuperset(partner_ids)
        ):
            return True
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    # === ACTION METHODS === #

    @api.returns(
        "order.control.finding", lambda self, findings, *args, **kwargs: findings.ids
    )
    def action_run_checks(self):
        """Recompute the findings of these orders and return them."""
        self.check_access("write")
        self._order_control_run_checks()
        return self.finding_ids

    def action_submit_review(self):
        """Submit these quotations for review.

        Refuses with the list of blocking findings; otherwise records who
        submitted and when, and starts the first review step.
        """
        self.check_access("write")
        self._lock_for_review()
        for order in self:
            order._check_can_submit()
        self._order_control_apply_rounding()
        outdated = self.filtered(lambda o: o._order_checks_outdated())
        outdated._order_control_run_checks()
        blocked = self.filtered("blocking_finding_count")
        if blocked:
            raise UserError(self._order_control_blocking_message(blocked))
        self._order_control_submit()
        return True

    def action_review_pass(self, comment=None):
        """Pass the current review step of these orders as the current user."""
        return self._order_review_decide("review", comment)

    def action_approve(self, comment=None):
        """Approve the current approval step of these orders as the current user."""
        return self._order_review_decide("approval", comment)

    def action_reject(self, reason=None):
        """Reject the current step; without a reason, open the reason dialog."""
        self.check_access("read")
        self._lock_for_review()
        for order in self:
            order._get_actionable_review(("review", "approval"))
        if reason is None:
            return self.env["order.control.reason.wizard"]._action_open(self, "reject")
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give a reason to reject the order."))
        now = fields.Datetime.now()
        subtype = self.env.ref("order_entry_control.mt_order_rejected")
        for order in self:
            review = order._get_actionable_review(("review", "approval"))
            review._close_activities()
            review.sudo().write(
                {
                    "state": "rejected",
                    "decision": "rejected",
                    "decided_by_id": self.env.uid,
                    "decided_on": now,
                    "comment": reason,
                }
            )
            order.review_ids.filtered(lambda r: r.state == "waiting").sudo().write(
                {"state": "cancelled"}
            )
            order.sudo().write(
                {
                    "review_state": "rejected",
                    "review_rejection_count": order.review_rejection_count + 1,
                    "rejection_reason": reason,
                }
            )
            order.message_post(
                body=self.env._(
                    "Rejected at step '%(step)s' by %(user)s: %(reason)s",
                    step=review.name,
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_id=subtype.id,
            )
            submitter = order._order_followup_user()
            if submitter:
                order.sudo().activity_schedule(
                    act_type_xmlid=FOLLOWUP_ACTIVITY,
                    user_id=submitter.id,
                    summary=order.with_context(lang=submitter.lang).env._(
                        "Correct and resubmit %(order)s", order=order.name
                    ),
                    note=reason,
                )
        self._order_control_after_reject()
        return True

    # === CORE OVERRIDES === #

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.order_control_active:
            return error
        if self.review_state == "approved":
            return self._order_release_window_error()
        state = dict(self._fields["review_state"]._description_selection(self.env))
        if self.current_review_id:
            return self.env._(
                "Order %(order)s cannot be confirmed before it is approved: it is "
                "%(state)s, waiting for step '%(step)s'.",
                order=self.name,
                state=state[self.review_state],
                step=self.current_review_id.name,
            )
        return self.env._(
            "Order %(order)s cannot be confirmed before it is approved: it is "
            "%(state)s. Submit it for review first.",
            order=self.name,
            state=state[self.review_state],
        )

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        if any(self.mapped("order_control_active")):
            values.update(
                released_datetime=fields.Datetime.now(), released_by_id=self.env.uid
            )
        return values

    def _action_cancel(self):
        under_review = self.filtered(
            lambda o: o.review_state in ("to_review", "to_approve", "approved")
        )
        # nothing left to decide, to confirm or to correct
        activities = self._order_followups()
        if under_review:
            pending = under_review.review_ids.filtered(
                lambda r: r.state in ("waiting", "pending")
            )
            activities |= pending._review_activities()
            pending.sudo().write({"state": "cancelled"})
            under_review.sudo().with_context(order_control_bypass_lock=INTERNAL).write(
                {"review_state": "draft", "release_due": False}
            )
        activities.unlink()
        self._order_release_stock("released", self.env._("Order cancelled"))
        return super(SaleOrder, self._order_as_owner())._action_cancel()

    def action_confirm(self):
        approved = self.filtered(lambda o: o.review_state == "approved")
        # the confirmation owns the state and the release stamps; Odoo's own
        # gate (_confirmation_error_message) runs before it writes them
        res = super(SaleOrder, self._order_as_owner()).action_confirm()
        # confirmed (Odoo checked the access): the submitter's follow-up,
        # "confirm the approved order", is done
        approved.filtered(lambda o: o.state == "sale")._order_followups_done()
        return res

    def _action_confirm(self):
        """Hand the reserved units to the delivery in this same transaction."""
        reservations = self.reservation_ids.filtered(lambda r: r.state == "active")
        reservations._end("consumed", self.env._("Handed to the delivery"))
        res = super()._action_confirm()
        reservations._create_transfers()
        return res

    def _validate_order(self):
        """A portal signature or payment submits a controlled quotation instead."""
        controlled = self.filtered(
            lambda o: o.order_control_active and o.review_state != "approved"
        )
        if not controlled:
            return super()._validate_order()
        controlled._order_control_submit_from_portal()
        others = self - controlled
        return others._validate_order() if others else None

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "review_state" in init_values:
            xmlid = {
                "to_review": "order_entry_control.mt_order_submitted",
                "to_approve": "order_entry_control.mt_order_review_passed",
                "approved": "order_entry_control.mt_order_approved",
            }.get(self.review_state)
            if xmlid:
                return self.env["mail.message.subtype"].browse(
                    self.env["ir.model.data"]._xmlid_to_res_id(
                        xmlid, raise_if_not_found=True
                    )
                )
        return super()._track_subtype(init_values)

    # === BUSINESS METHODS: REVIEW === #

    def _lock_for_review(self):
        """Lock these orders' rows: concurrent transitions wait, then retry."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM sale_order WHERE id IN %s FOR NO KEY UPDATE",
                    tuple(self.ids),
                )
            )

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

    def _order_owned_field_names(self, vals=None):
        """A controlled order's state and totals are owned too: it is confirmed
        and cancelled only through its actions (the confirmation gate)."""
        names = super()._order_owned_field_names(vals) | ORDER_OWNED_FIELDS
        if vals is not None:
            # the company Odoo will give the order: the values', the context's
            # default, else the current company
            company_id = vals.get("company_id") or self.env.context.get(
                "default_company_id"
            )
            company = (
                self.env["res.company"].browse(company_id)
                if company_id
                else self.env.company
            )
            controlled = company.sudo().order_control_enabled
        else:
            controlled = any(self.sudo().mapped("order_control_active"))
        if controlled:
            names = names | CONTROLLED_ORDER_FIELDS
        return names

    @api.model
    def _order_user_field_names(self):
        return super()._order_user_field_names() | ORDER_USER_FIELDS

    def _order_owned_write_allowed(self, name, value):
        # outdated findings may always be marked so; a quotation is sent, or
        # set back to draft, as in core (nothing is decided by it)
        if name == "checks_date":
            return not value
        if name == "commercial_changed_by_id":
            # only ever oneself: it bars the writer from deciding the order
            return value == self.env.uid
        if name == "state" and value in ("draft", "sent"):
            return all(order.state in ("draft", "sent", "cancel") for order in self)
        return False

    def _check_company_change(self, vals):
        """Refuse moving orders into a company whose orders are controlled
        unless they are quotations that stay quotations: they would be
        released there unreviewed."""
        company = self.env["res.company"].browse(vals["company_id"]).sudo()
        moved = self.filtered(
            lambda o: (
                (
                    o.state not in ("draft", "sent")
                    or vals.get("state", "draft") not in ("draft", "sent")
                )
                and o.company_id != company
            )
        )
        if moved and company.order_control_enabled:
            raise UserError(
                self.env._(
                    "Order %(orders)s cannot move to %(company)s: its orders are "
                    "reviewed before release. Enter a new quotation there instead.",
                    orders=", ".join(moved.mapped("name")),
                    company=company.name,
                )
            )

    def _order_control_unlocked(self):
        """Whether superuser code lifted the review lock for this change."""
        return (
            self.env.su
            and self.env.context.get("order_control_bypass_lock") is INTERNAL
        )

    def _check_order_control_editable(self):
        """Refuse changes to the commercial data of orders under review."""
        frozen = self.filtered(
            lambda o: o.review_state in UNDER_REVIEW and o.state in ("draft", "sent")
        )
        if frozen:
            raise UserError(
                self.env._(
                    "Order %(orders)s is under review or approved: its customer, "
                    "lines, "
                    "prices and dates cannot change now. Ask a reviewer to reject it "
                    "if it must be corrected.",
                    orders=", ".join(frozen.mapped("name")),
                )
            )

    def _order_review_deciders(self):
        """Users barred from this order's open steps (four eyes): its submitter,
        whoever entered it or last changed its commercial content, and whoever
        already decided a step of the current submission."""
        self.ensure_one()
        done = self.review_ids.filtered(
            lambda r: r.round == self.review_round and r.state == "done"
        )
        shapers = self.submitted_by_id | self.create_uid | self.commercial_changed_by_id
        return shapers.filtered(lambda u: not u._is_superuser()) | done.decided_by_id

    def _get_review_steps(self):
        """Return the review steps that apply to this order; override to add steps."""
        self.ensure_one()
        steps = (
            self.env["order.review.step"]
            .sudo()
            .search(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )
        return steps.filtered(lambda step: step._applies_to(self))

    def _order_control_submit(self):
        # a follow-up to correct the order or to submit it is done
        self._order_followups_done()
        now = fields.Datetime.now()
        for order in self:
            steps = order._get_review_steps()
            round_number = order.review_round + 1
            reviews = (
                self.env["order.review"]
                .sudo()
                .create(
                    [
                        {
                            "order_id": order.id,
                            "step_id": step.id,
                            "sequence": step.sequence,
                            "step_type": step.step_type,
                            "round": round_number,
                        }
                        for step in steps
                    ]
                )
            )
            vals = {
                "submitted_datetime": now,
                "submitted_by_id": self.env.uid,
                "review_round": round_number,
                "rejection_reason": False,
            }
            if reviews:
                first = reviews[0]
                vals["review_state"] = (
                    "to_approve" if first.step_type == "approval" else "to_review"
                )
                order.sudo().with_context(order_control_bypass_lock=INTERNAL).write(
                    vals
                )
                first._start()
            else:
                vals.update(
                    review_state="approved",
                    approved_datetime=now,
                    approved_by_id=self.env.uid,
                )
                order.sudo().write(vals)
                order._order_control_after_approve()
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
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            FOLLOWUP_ACTIVITY, raise_if_not_found=True
        )
        model_id = self.env["ir.model"]._get_id("sale.order")
        followups = [
            {
                "res_model_id": model_id,
                "res_id": order.id,
                "activity_type_id": activity_type_id,
                "user_id": user.id,
                "summary": summary(order.with_context(lang=user.lang)),
                "date_deadline": order.company_id._order_local_date(now),
            }
            for order in self
            for user in order._order_followup_user()
            if user != self.env.user
        ]
        if followups:
            # as the review activities: the assignee sees it in the activities
            # menu at once, and no e-mail repeats it
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(followups)

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

    def _get_actionable_review(self, step_types):
        """The pending step of this order that the current user may decide."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Order %(order)s is not a quotation waiting for review.",
                    order=self.name,
                )
            )
        review = self.review_ids.filtered(lambda r: r.state == "pending")[:1]
        if not review:
            raise UserError(
                self.env._(
                    "Order %(order)s has no step waiting for a decision.",
                    order=self.name,
                )
            )
        if review.step_type not in step_types:
            if review.step_type == "approval":
                raise UserError(
                    self.env._(
                        "Step '%(step)s' of %(order)s is an approval: approve it.",
                        step=review.name,
                        order=self.name,
                    )
                )
            raise UserError(
                self.env._(
                    "Step '%(step)s' of %(order)s is a review: pass it.",
                    step=review.name,
                    order=self.name,
                )
            )
        if self.env.user in self._order_review_deciders():
            raise AccessError(
                self.env._(
                    "You submitted %(order)s or decided one of its steps: another "
                    "person must decide step '%(step)s'.",
                    order=self.name,
                    step=review.name,
                )
            )
        if not review._can_act(self.env.user):
            raise AccessError(
                self.env._(
                    "You are not a reviewer of step '%(step)s' of %(order)s.",
                    step=review.name,
                    order=self.name,
                )
            )
        return review

    def _order_review_decide(self, step_type, comment=None):
        if comment is not None and not isinstance(comment, str):
            raise UserError(self.env._("Write the comment as text."))
        self.check_access("read")
        self._lock_for_review()
        # The decided steps' activities go first: an unlink empties the whole
        # cache, and here nothing is read yet. A refusal below rolls it back.
        self.env["order.review"]._review_activities(self).unlink()
        now = fields.Datetime.now()
        approved = self.browse()
        for order in self:
            review = order._get_actionable_review((step_type,))
            review.sudo().write(
                {
                    "state": "done",
                    "decision": "approved" if step_type == "approval" else "passed",
                    "decided_by_id": self.env.uid,
                    "decided_on": now,
                    "comment": comment,
                }
            )
            # leave the step before starting the next: one pending step per order
            review.flush_recordset(["state", "on_time"])
            following = order.review_ids.filtered(
                lambda r, rnd=review.round: r.state == "waiting" and r.round == rnd
            )[:1]
            if following:
                order.sudo().write(
                    {
                        "review_state": "to_approve"
                        if following.step_type == "approval"
                        else "to_review"
                    }
                )
                following._start()
            else:
                order.sudo().write(
                    {
                        "review_state": "approved",
                        "approved_datetime": now,
                        "approved_by_id": self.env.uid,
                    }
                )
                approved |= order
        if approved:
            approved._order_control_after_approve()
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
                    order.activity_schedule(
                        act_type_xmlid=FOLLOWUP_ACTIVITY,
                        user_id=user.id,
                        summary=order.with_context(lang=user.lang).env._(
                            "Complete and submit %(order)s", order=order.name
                        ),
                    )
                continue
            order._order_control_submit()

    # === BUSINESS METHODS: CHECKS === #

    def _order_control_lines_changing(self):
        """Refuse line changes on orders under review (unless bypassed)."""
        if not self._order_control_unlocked():
            self._check_order_control_editable()

    def _order_control_lines_changed(self):
        """Recheck after a direct change of lines (order writes recheck themselves)."""
        self._order_control_lines_changing()
        if self.env.context.get("order_control_skip_checks") is INTERNAL:
            return
        # four eyes: a direct change of lines shapes the order too
        self.filtered(
            lambda o: o.commercial_changed_by_id != self.env.user
        ).sudo().write({"commercial_changed_by_id": self.env.uid})
        self._order_control_recheck()
        self._order_entry_reservation_sync()

    def _order_checks_outdated(self):
        """Whether the findings must be recomputed (never checked, or changed since)."""
        self.ensure_one()
        return not self.checks_date

    def _order_control_recheck(self):
        """Recompute findings of checked, editable orders after a change."""
        to_check = self.filtered(
            lambda o: (
                o.checks_date
                and o.order_control_active
                and o.state in ("draft", "sent")
                and o.review_state in ("draft", "rejected")
            )
        )
        if to_check:
            to_check._order_control_run_checks()

    def _get_order_control_rules(self):
        """The active checks of every company; override to narrow them."""
        rules = self.env["order.control.rule"].sudo().search([])
        return rules

    def _order_control_run_checks(self):
        """Replace the unwaived findings of these orders by fresh ones."""
        # a change request re-checks released orders too
        states = (
            ("draft", "sent", "sale")
            if self.env.context.get("order_control_check_released") is INTERNAL
            else ("draft", "sent")
        )
        orders = self.filtered(
            lambda o: o.order_control_active and o.state in states
        ).sudo()
        if not orders:
            return
        rules = self._get_order_control_rules()
        found = []  # (order, rule, severity, message, line)
        for rule in rules:
            scope = orders.filtered(
                lambda o, r=rule: not r.company_id or r.company_id == o.company_id
            )
            method = getattr(scope, f"_order_check_{rule.kind}", None)
            if not scope or method is None:
                continue
            for order, line, message in method():
                severity = rule._effective_severity(order.company_id)
                if severity:
                    found.append((order, rule, severity, message, line))
        existing = orders.finding_ids
        waived = {
            (f.order_id.id, f.rule_id.id, f.line_id.id, f.message): f
            for f in existing
            if f.waived
        }
        kept = self.env["order.control.finding"]
        vals_list = []
        for order, rule, severity, message, line in found:
            key = (order.id, rule.id, line.id if line else False, message)
            if key in waived:
                kept |= waived[key]
                continue
            vals_list.append(
                {
                    "order_id": order.id,
                    "rule_id": rule.id,
                    "severity": severity,
                    "message": message,
                    "line_id": line.id if line else False,
                }
            )
        (existing - kept).unlink()
        self.env["order.control.finding"].sudo().create(vals_list)
        orders.write({"checks_date": fields.Datetime.now()})

    def _order_control_blocking_message(self, orders):
        lines = [self.env._("These findings block the submission:")]
        for order in orders:
            for finding in order.finding_ids.filtered(
                lambda f: f.severity == "block" and not f.waived
            ):
                lines.append(f"- {order.name}: {finding.message}")
        lines.append(
            self.env._(
                "Correct the order, or ask an Order Control Manager to waive a finding."
            )
        )
        return "\n".join(lines)

    def _order_control_apply_rounding(self):
        """Round totals down to the company's small-change unit with a discount line."""
        product = self._order_small_change_product()
        for order in self:
            unit = order.company_id.order_rounding_unit
            if not unit or not product:
                continue
            old = order.order_line.filtered(
                lambda line, p=product: line.product_id == p
            )
            total = order.amount_total - sum(old.mapped("price_total"))
            remainder = float_round(
                total - unit * (total // unit),
                precision_rounding=order.currency_id.rounding,
            )
            if (
                float_compare(
                    remainder,
                    -sum(old.mapped("price_unit")),
                    precision_rounding=order.currency_id.rounding,
                )
                == 0
                and len(old) <= 1
            ):
                continue
            commands = [fields.Command.delete(line.id) for line in old]
            if not order.currency_id.is_zero(remainder):
                commands.append(
                    fields.Command.create(
                        {
                            "product_id": product.id,
                            "name": self.env._(
                                "Small change rounded off: %(amount)s (unit %(unit)s)",
                                amount=remainder,
                                unit=unit,
                            ),
                            "product_uom_qty": 1.0,
                            "price_unit": -remainder,
                            "tax_id": [fields.Command.clear()],
                            "sequence": 99999,
                        }
                    )
                )
            order.with_context(order_control_skip_checks=INTERNAL).write(
                {"order_line": commands, "checks_date": False}
            )

    def _order_small_change_product(self):
        """The product of the rounding lines (empty if deleted), from the cached
        xmlid: no query per call, where ``env.ref`` reads the record each time."""
        return self.env["product.product"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "order_entry_control.product_small_change", raise_if_not_found=False
            )
        )

    def _order_check_lines_of(self):
        """Product lines that the checks look at (no sections, notes or rounding)."""
        product = self._order_small_change_product()
        return self.order_line.filtered(
            lambda line: (
                not line.display_type
                and not line.is_downpayment
                and (not product or line.product_id != product)
            )
        )

    def _order_check_customer(self):
        """Customer: full name, a reachable contact, a delivery address."""
        for order in self:
            partner = order.partner_id
            company = partner.commercial_partner_id
            name = (company.name or "").strip()
            if len(name) < (4 if company.is_company else 2):
                yield (
                    order,
                    None,
                    self.env._(
                        "Customer '%(name)s': enter the full legal name, not an "
                        "abbreviation.",
                        name=name,
                    ),
                )
            contacts = (partner | company | company.child_ids).filtered(
                lambda p: not p.is_company and (p.phone or p.mobile or p.email)
            )
            if not contacts:
                yield (
                    order,
                    None,
                    self.env._(
                        "Customer '%(name)s': add a contact person with a phone "
                        "number or an email address.",
                        name=name,
                    ),
                )
            shipping = order.partner_shipping_id
            if not (shipping.street and (shipping.city or shipping.zip)):
                yield (
                    order,
                    None,
                    self.env._(
                        "Delivery address '%(name)s': enter the street and the city.",
                        name=shipping.display_name or name,
                    ),
                )

    def _order_check_lines(self):
        """Lines: a product, a positive quantity, a price with the allowed decimals."""
        for order in self:
            decimals = order.company_id.order_price_decimals
            lines = order._order_check_lines_of()
            if not lines:
                yield order, None, self.env._("Add at least one product line.")
            for line in lines:
                label = line.product_id.display_name or line.name or ""
                if not line.product_id:
                    yield (
                        order,
                        line,
                        self.env._("Line '%(line)s': choose a product.", line=label),
                    )
                if (
                    float_compare(
                        line.product_uom_qty,
                        0.0,
                        precision_rounding=line.product_uom.rounding,
                    )
                    <= 0
                ):
                    yield (
                        order,
                        line,
                        self.env._(
                            "Line '%(line)s': the quantity must be more than zero.",
                            line=label,
                        ),
                    )
                if float_compare(
                    line.price_unit,
                    float_round(line.price_unit, precision_digits=decimals),
                    precision_digits=6,
                ):
                    yield (
                        order,
                        line,
                        self.env._(
                            "Line '%(line)s': the unit price %(price)s has more than "
                            "%(decimals)s decimals.",
                            line=label,
                            price=line.price_unit,
                            decimals=decimals,
                        ),
                    )

    def _order_check_delivery_date(self):
        """Delivery date: present, not past, not before the products' lead time."""
        now = fields.Datetime.now()
        for order in self:
            date = order.commitment_date
            if not date:
                yield (
                    order,
                    None,
                    self.env._("Set the delivery date agreed with the customer."),
                )
                continue
            if date < now:
                yield (
                    order,
                    None,
                    self.env._(
                        "The delivery date %(date)s is in the past.",
                        date=fields.Datetime.to_string(date),
                    ),
                )
                continue
            lead = max(order._order_check_lines_of().mapped("customer_lead") or [0.0])
            earliest = now + timedelta(days=lead)
            if date < earliest:
                yield (
                    order,
                    None,
                    self.env._(
                        "The delivery date %(date)s is before the products' lead time "
                        "allows (%(earliest)s at the earliest).",
                        date=fields.Date.to_string(date.date()),
                        earliest=fields.Date.to_string(earliest.date()),
                    ),
                )

    def _order_check_amount(self):
        """Total: equal to the customer's stated total within the tolerance."""
        for order in self:
            if not order.customer_stated_total:
                yield (
                    order,
                    None,
                    self.env._(
                        "Enter the total written on the customer's order document."
                    ),
                )
                continue
            difference = order.amount_total - order.customer_stated_total
            if (
                float_compare(
                    abs(difference),
                    order.company_id.order_amount_tolerance,
                    precision_rounding=order.currency_id.rounding,
                )
                > 0
            ):
                yield (
                    order,
                    None,
                    self.env._(
                        "The order total %(total)s differs from the customer's total "
                        "%(stated)s by %(difference)s.",
                        total=order.amount_total,
                        stated=order.customer_stated_total,
                        difference=round(difference, 6),
                    ),
                )

    def _order_check_price(self):
        """Prices below the pricelist and discounts above the limit."""
        for order in self:
            lines = order._order_check_lines_of().filtered("product_id")
            floors = order._order_pricelist_prices(lines)
            limit = order.company_id.order_max_discount
            for line in lines:
                label = line.product_id.display_name
                if float_compare(line.discount, limit, precision_digits=2) > 0:
                    yield (
                        order,
                        line,
                        self.env._(
                            "Line '%(line)s': a discount of %(discount)s%% is above "
                            "the "
                            "%(limit)s%% policy.",
                            line=label,
                            discount=line.discount,
                            limit=limit,
                        ),
                    )
                floor = floors.get(line.id)
                if (
                    floor
                    and line.price_unit > 0
                    and float_compare(
                        line.price_unit,
                        floor,
                        precision_rounding=order.currency_id.rounding,
                    )
                    < 0
                ):
                    yield (
                        order,
                        line,
                        self.env._(
                            "Line '%(line)s': the unit price %(price)s is below the "
                            "pricelist price %(floor)s.",
                            line=label,
                            price=line.price_unit,
                            floor=floor,
                        ),
                    )

    def _order_pricelist_prices(self, lines):
        """Pricelist unit price of each line, by line id, in one rule search."""
        self.ensure_one()
        pricelist = self.pricelist_id
        date = self.date_order or fields.Datetime.now()
        if not pricelist:
            return {line.id: line.product_id.lst_price for line in lines}
        rules = pricelist._get_applicable_rules(lines.product_id, date)
        prices = {}
        for line in lines:
            product = line.product_id
            qty = line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id, raise_if_failure=False
            )
            rule = next(
                (r for r in rules if r._is_applicable_for(product, qty)),
                self.env["product.pricelist.item"],
            )
            prices[line.id] = rule._compute_price(
                product,
                line.product_uom_qty,
                line.product_uom,
                date=date,
                currency=pricelist.currency_id,
            )
        return prices

    def _order_check_gift(self):
        """Free lines (gifts, promotions) worth more than the allowed share."""
        for order in self:
            lines = order._order_check_lines_of().filtered("product_id")
            currency = order.currency_id
            gifts = lines.filtered(
                lambda line, c=currency: (
                    c.is_zero(line.price_unit) or line.discount >= 100
                )
            )
            if not gifts:
                continue
            gift_value = sum(
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id, raise_if_failure=False
                )
                * line.product_id.lst_price
                for line in gifts
            )
            base = order.amount_untaxed + gift_value
            share = 100.0 * gift_value / base if base else 100.0
            limit = order.company_id.order_max_gift_percent
            if float_compare(share, limit, precision_digits=2) > 0:
                yield (
                    order,
                    None,
                    self.env._(
                        "Free lines are worth %(share)s%% of the order; the promotion "
                        "policy allows %(limit)s%%.",
                        share=round(share, 1),
                        limit=limit,
                    ),
                )

    def _order_check_duplicate(self):
        """Orders of the same customer with the same reference or the same lines."""
        orders = self.filtered("partner_id")
        if not orders:
            return
        window = max(orders.company_id.mapped("order_duplicate_window_days") or [0])
        since = fields.Datetime.now() - timedelta(days=window)
        self.env["sale.order"].flush_model(
            ["partner_id", "state", "date_order", "client_order_ref", "company_id"]
        )
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "product_uom_qty", "display_type"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT o.id, o.name, o.company_id, p.commercial_partner_id,
                       o.client_order_ref, o.date_order, l.product_id, l.product_uom_qty
                  FROM sale_order o
                  JOIN res_partner p ON p.id = o.partner_id
             LEFT JOIN sale_order_line l
                    ON l.order_id = o.id AND l.display_type IS NULL
                 WHERE p.commercial_partner_id IN %s
                   AND o.company_id IN %s
                   AND o.state != 'cancel'
                   AND (o.date_order >= %s OR o.id IN %s)
                """,
                tuple(orders.partner_id.commercial_partner_id.ids),
                tuple(orders.company_id.ids),
                since,
                tuple(orders.ids),
            )
        )
        info = {}
        signatures = defaultdict(list)
        for oid, name, company_id, partner_id, ref, date, product_id, qty in rows:
            info[oid] = (name, company_id, partner_id, (ref or "").strip(), date)
            if product_id:
                signatures[oid].append((product_id, round(qty or 0.0, 4)))
        signature = {oid: tuple(sorted(lines)) for oid, lines in signatures.items()}
        for order in orders:
            company = order.company_id
            limit = fields.Datetime.now() - timedelta(
                days=company.order_duplicate_window_days
            )
            mine = info.get(order.id)
            if not mine:
                continue
            for oid, (name, company_id, partner_id, ref, date) in info.items():
                if oid == order.id or company_id != mine[1] or partner_id != mine[2]:
                    continue
                same_ref = bool(mine[3]) and ref == mine[3]
                same_lines = (
                    date >= limit
                    and bool(signature.get(order.id))
                    and signature.get(oid) == signature.get(order.id)
                )
                if same_ref:
                    yield (
                        order,
                        None,
                        self.env._(
                            "Possible duplicate of %(other)s: same customer reference "
                            "'%(ref)s'.",
                            other=name,
                            ref=ref,
                        ),
                    )
                elif same_lines:
                    yield (
                        order,
                        None,
                        self.env._(
                            "Possible duplicate of %(other)s: same customer, products "
                            "and "
                            "quantities within %(days)s days.",
                            other=name,
                            days=company.order_duplicate_window_days,
                        ),
                    )

    def _order_check_credit(self):
        """Credit: limit minus receivables and open orders; overdue invoices."""
        partners = self.partner_id.commercial_partner_id
        if not partners:
            return
        today = fields.Date.context_today(self)
        overdue = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", today),
                ],
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            )
            company_currency = order.company_id.currency_id
            late = overdue.get(partner)
            if late and not company_currency.is_zero(late):
                yield (
                    order,
                    None,
                    self.env._(
                        "Customer '%(name)s' has overdue invoices for %(amount)s.",
                        name=partner.name,
                        amount=round(late, 2),
                    ),
                )
            limit = partner.credit_limit
            if not limit:
                continue
            amount = order.currency_id._convert(
                order.amount_total,
                company_currency,
                order.company_id,
                order.date_order or today,
            )
            exposure = partner.credit + partner.credit_to_invoice + amount
            if (
                float_compare(
                    exposure, limit, precision_rounding=company_currency.rounding
                )
                > 0
            ):
                yield (
                    order,
                    None,
                    self.env._(
                        "Customer '%(name)s' would owe %(exposure)s with this order, "
                        "over "
                        "the credit limit of %(limit)s.",
                        name=partner.name,
                        exposure=round(exposure, 2),
                        limit=limit,
                    ),
                )

    def _order_check_stock(self):
        """Storable products short of free stock in the order's warehouse."""
        # a released order's delivery holds its stock: nothing to check again
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        for warehouse in quotations.warehouse_id:
            orders = quotations.filtered(lambda o, w=warehouse: o.warehouse_id == w)
            lines = orders._order_check_lines_of().filtered(
                lambda line: line.product_id.is_storable
            )
            if not lines:
                continue
            free = self._order_free_quantities(lines.product_id, warehouse)
            held = self._order_held_quantities(lines)
            for order in orders:
                needed = defaultdict(float)
                order_lines = lines.filtered(lambda line, o=order: line.order_id == o)
                for line in order_lines:
                    needed[line.product_id] += line.product_uom._compute_quantity(
                        line.product_uom_qty,
                        line.product_id.uom_id,
                        raise_if_failure=False,
                    )
                for product, qty in needed.items():
                    available = free[product.id] + held.get(
                        (order.id, product.id, warehouse.id), 0.0
                    )
                    if (
                        float_compare(
                            qty, available, precision_rounding=product.uom_id.rounding
                        )
                        > 0
                    ):
                        yield (
                            order,
                            order_lines.filtered(
                                lambda line, p=product: line.product_id == p
                            )[:1],
                            self.env._(
                                "'%(product)s': %(qty)s %(uom)s ordered, %(free)s "
                                "free in %(warehouse)s.",
                                product=product.display_name,
                                qty=qty,
                                uom=product.uom_id.name,
                                free=max(available, 0.0),
                                warehouse=warehouse.name,
                            ),
                        )

    def _order_free_quantities(self, products, warehouse):
        """Free quantity of ``products`` in ``warehouse``, by product id: Odoo's
        ``free_qty`` from one sum of quants, without the incoming and outgoing
        move sums that computing the field also runs."""
        locations = products.with_context(
            warehouse_id=warehouse.id
        )._get_domain_locations()[0]
        sums = {
            product.id: quantity - reserved
            for product, quantity, reserved in self.env["stock.quant"]
            .with_context(active_test=False)
            ._read_group(
                [("product_id", "in", products.ids), *locations],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        }
        return {
            product.id: float_round(
                sums.get(product.id, 0.0), precision_rounding=product.uom_id.rounding
            )
            for product in products
        }

    def _order_held_quantities(self, lines):
        """What these lines' orders reserved themselves is available to them.

        By (order id, product id, warehouse id), in the product's unit.
        """
        return self.env["order.stock.reservation"]._held_by_orders(lines.order_id)

    # === BUSINESS METHODS: STOCK RESERVATION === #

    def _order_reservation_expiry(self):
        """When a reservation made now expires: the approval SLA plus the margin."""
        self.ensure_one()
        company = self.company_id
        return company._order_add_working_hours(
            fields.Datetime.now(),
            company.order_approval_sla_hours + company.order_reservation_margin_hours,
        )

    def _get_reservation_requests(self):
        """What to reserve for these orders: one request per storable line not
        reserved yet; override to reserve more or less."""
        requests = []
        for order in self:
            reserved_lines = order.reservation_ids.filtered(
                lambda r: r.state == "active"
            ).sale_line_id
            for line in order._order_check_lines_of():
                product = line.product_id
                if (
                    not product.is_storable
                    or line in reserved_lines
                    or line.product_uom_qty <= 0
                ):
                    continue
                requests.append(
                    {
                        "order": order,
                        "line": line,
                        "product": product,
                        "qty": line.product_uom._compute_quantity(
                            line.product_uom_qty, product.uom_id
                        ),
                        "warehouse": order.warehouse_id,
                    }
                )
        return requests

    def _order_reserve_stock(self):
        """Reserve the storable lines of these orders in their warehouses."""
        orders = self.filtered(
            lambda o: (
                o.order_control_active
                and o.company_id.order_reservation_mode != "never"
                and o.state in ("draft", "sent")
            )
        )
        missing = orders.filtered(lambda o: not o.warehouse_id)
        if missing.filtered(
            lambda o: any(p.is_storable for p in o.order_line.product_id)
        ):
            raise UserError(
                self.env._(
                    "Choose a warehouse on %(orders)s to reserve its stock.",
                    orders=", ".join(missing.mapped("name")),
                )
            )
        requests = orders._get_reservation_requests()
        if not requests:
            return self.env["order.stock.reservation"]
        expiry = orders[:1]._order_reservation_expiry()
        reservations = self.env["order.stock.reservation"]._reserve(requests, expiry)
        bodies = {}
        for order in reservations.order_id:
            mine = reservations.filtered(lambda r, o=order: r.order_id == o)
            short = mine.filtered(lambda r: r.shortfall_qty > 0)
            bodies[order.id] = self.env._(
                "Stock reserved until %(expiry)s: %(lines)s.",
                expiry=fields.Datetime.to_string(expiry),
                lines=", ".join(
                    f"{r.product_id.display_name} {r.reserved_qty:g}/{r.product_qty:g}"
                    for r in mine
                ),
            ) + (
                " "
                + self.env._(
                    "Short: %(products)s.",
                    products=", ".join(short.product_id.mapped("display_name")),
                )
                if short
                else ""
            )
        reservations.order_id._order_log_reservation(bodies)
        return reservations

    def _order_release_stock(self, state, reason):
        """End the active reservations of these orders."""
        active = self.reservation_ids.filtered(lambda r: r.state == "active")
        if not active:
            return
        active._end(state, reason)
        body = self.env._("Stock reservation released: %(reason)s", reason=reason)
        active.order_id._order_log_reservation(dict.fromkeys(active.order_id.ids, body))

    def _order_log_reservation(self, bodies):
        """Log what happened to these orders' reservations in their chatter,
        under the reservation subtype, without notifying anyone (a note in
        the audit timeline, not news for the followers)."""
        if not bodies:
            return
        messages = self._message_log_batch(bodies)
        messages.subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "order_entry_control.mt_order_reservation", raise_if_not_found=True
        )

    def _order_entry_reservation_sync(self):
        """In 'on entry' mode, keep a draft's reservation equal to its lines."""
        orders = self.filtered(
            lambda o: (
                o.order_control_active
                and o.company_id.order_reservation_mode == "entry"
                and o.state in ("draft", "sent")
                and o.review_state in ("draft", "rejected")
            )
        )
        if not orders:
            return
        active = orders.reservation_ids.filtered(lambda r: r.state == "active")
        active._end("released", self.env._("Order changed"))
        orders._order_reserve_stock()

    @api.depends("reservation_ids.state", "reservation_ids.shortfall_qty")
    def _compute_reservation_status(self):
        for order in self:
            reservations = order.reservation_ids
            active = reservations.filtered(lambda r: r.state == "active")
            order.reservation_expiry = (
                min(active.mapped("expiry_date") or [False]) or False
            )
            if active:
                short = any(r.shortfall_qty > 0 for r in active)
                order.reservation_status = "partial" if short else "full"
            elif reservations and reservations.sorted("id")[-1:].state == "expired":
                order.reservation_status = "expired"
            else:
                order.reservation_status = "none"

    # === BUSINESS METHODS: STOCK-OUT === #

    def _order_stockout_forecast_date(self, product, qty):
        """When incoming stock covers ``qty`` of ``product`` in this order's
        warehouse (receipts, and manufacturing when installed), or False."""
        self.ensure_one()
        warehouse = self.warehouse_id
        free = product.with_context(warehouse_id=warehouse.id).free_qty
        held = self.env["order.stock.reservation"]._held_by_orders(self)
        have = free + held.get((self.id, product.id, warehouse.id), 0.0)
        incoming = (
            self.env["stock.move"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("state", "not in", ("draft", "done", "cancel")),
                    ("location_dest_id", "child_of", warehouse.lot_stock_id.id),
                    ("location_id.usage", "not in", ("internal", "transit")),
                ],
                order="date, id",
            )
        )
        for move in incoming:
            have += move.product_qty
            if (
                float_compare(have, qty, precision_rounding=product.uom_id.rounding)
                >= 0
            ):
                return move.date
        return False

    def _order_stockout_warehouses(self, product, qty):
        """Other warehouses of the company with ``qty`` of ``product`` free."""
        self.ensure_one()
        warehouses = self.env["stock.warehouse"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.warehouse_id.id),
            ]
        )
        return warehouses.filtered(
            lambda w: (
                float_compare(
                    product.with_context(warehouse_id=w.id).free_qty,
                    qty,
                    precision_rounding=product.uom_id.rounding,
                )
                >= 0
            )
        )

    def _order_stockout_shortfall(self, product):
        """Units of ``product`` this order still lacks (its own reservations,
        here or in another warehouse, count as covered)."""
        self.ensure_one()
        needed = sum(
            line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id)
            for line in self._order_check_lines_of()
            if line.product_id == product
        )
        free = product.with_context(warehouse_id=self.warehouse_id.id).free_qty
        held = self.env["order.stock.reservation"]._held_by_orders(self)
        own = sum(
            qty
            for (order_id, product_id, _warehouse), qty in held.items()
            if order_id == self.id and product_id == product.id
        )
        return max(needed - max(free, 0.0) - own, 0.0)

    # === BUSINESS METHODS: RELEASE WINDOWS === #

    def _order_next_release_window(self, moment):
        """The first release window after ``moment`` (naive UTC): a window of
        the day, else closing time, else the next working day's first window."""
        self.ensure_one()
        company = self.company_id
        tz = company._order_control_tz()
        windows = company._order_release_window_hours()
        local = pytz.utc.localize(moment).astimezone(tz)
        start = moment - timedelta(hours=local.hour, minutes=local.minute)
        intervals = company._order_work_intervals(start, start + timedelta(days=15))
        closing_by_day = {}
        for _begin, stop in intervals:
            day = pytz.utc.localize(stop).astimezone(tz)
            closing_by_day[day.date()] = max(closing_by_day.get(day.date(), stop), stop)
        days = sorted(closing_by_day) or [local.date()]
        for day in days:
            if day < local.date():
                continue
            candidates = [
                tz.localize(datetime.combine(day, business_time.float_to_time(hour)))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
                for hour in windows
            ]
            if day in closing_by_day:
                candidates.append(closing_by_day[day])
            later = sorted(c for c in candidates if c > moment)
            if later:
                return later[0]
        return moment

    def _order_release_window_error(self):
        """Refuse a manual confirmation before the order's release window."""
        self.ensure_one()
        if (
            not self.company_id.order_release_windows_enabled
            or self.env.context.get("order_release_now") is INTERNAL
            or not self.release_due
        ):
            return False
        return self.env._(
            "Order %(order)s is approved and will be released in the window of "
            "%(window)s. An Order Control Manager can release it now.",
            order=self.name,
            window=fields.Datetime.to_string(
                fields.Datetime.context_timestamp(self, self.release_due)
            )[:16],
        )

    def action_release_now(self):
        """Confirm approved orders now, outside the release windows (managers)."""
        if not self.env.user.has_group(
            "order_entry_control.group_order_control_manager"
        ):
            raise AccessError(
                self.env._("Only Order Control Managers can release an order now.")
            )
        not_approved = self.filtered(lambda o: o.review_state != "approved")
        if not_approved:
            raise UserError(
                self.env._(
                    "Only approved orders can be released: %(orders)s.",
                    orders=", ".join(not_approved.mapped("name")),
                )
            )
        self.with_context(order_release_now=INTERNAL).action_confirm()
        subtype = self.env.ref("order_entry_control.mt_order_released")
        for order in self:
            order.message_post(
                body=self.env._("Released now by %(user)s.", user=self.env.user.name),
                subtype_id=subtype.id,
            )
        return True

    def _order_release_failed(self, order, window, subtype, error):
        """Tell that ``order`` missed its window; its submitter confirms it."""
        try:
            with self.env.cr.savepoint():
                order._order_release_failed_notify(window, subtype, error)
        except Exception:
            _logger.exception("Release window: %s could not be reported", order)

    def _order_release_failed_notify(self, window, subtype, error):
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "Not released in the %(window)s window: %(error)s",
                window=window,
                error=error,
            ),
            subtype_id=subtype.id,
        )
        self.sudo().release_due = False
        # nobody else will confirm it now
        self._order_schedule_followups(
            lambda o: o.env._(
                "Not released: confirm %(order)s (%(error)s)",
                order=o.name,
                error=error,
            )
        )

    @api.model
    def _cron_release_windows(self, limit=200):
        """Confirm the approved orders whose release window has come."""
        due = self.search(
            [
                ("review_state", "=", "approved"),
                ("state", "in", ("draft", "sent")),
                ("release_due", "<=", fields.Datetime.now()),
            ],
            limit=limit,
            order="release_due, id",
        )
        subtype = self.env.ref("order_entry_control.mt_order_released")
        released = 0
        for order in due:
            window = fields.Datetime.context_timestamp(
                order.with_context(tz=order.company_id._order_control_tz().zone),
                order.release_due,
            ).strftime("%H:%M")
            try:
                with self.env.cr.savepoint():
                    order.with_context(order_release_now=INTERNAL).action_confirm()
            except UserError as error:
                self._order_release_failed(order, window, subtype, str(error))
                continue
            except Exception:
                # a bad order must not hold back the others of the window
                _logger.exception("Release window: %s could not be released", order)
                self._order_release_failed(
                    order,
                    window,
                    subtype,
                    self.env._("an unexpected error; see the server log"),
                )
                continue
            order.message_post(
                body=self.env._("Released in the %(window)s window.", window=window),
                subtype_id=subtype.id,
            )
            released += 1
        if len(due) == limit:
            self.env.ref("order_entry_control.ir_cron_order_release_windows")._trigger()
        return released
