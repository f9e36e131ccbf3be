# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order under Order Control: its fields (intake, review, stock), its
field policy and review lock, the buttons, and the glue to core (create/write,
the confirmation gate, confirmation and cancellation, the portal).

Elsewhere: the review through the approval engine (sale_order_review.py, on
order_approval_mixin.py); the checks on their rules (order_control_rule.py)
and their glue (sale_order_checks.py); the reservation mechanics in the
reservation model (order_stock_reservation.py), behind the three entry points
at the end of this file; the release windows (sale_order_release.py); the
stock-out routine in its wizard (wizards/order_stockout_wizard.py).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

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
        "commitment_date_end",
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


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "order.approval.mixin"]

    # === INTAKE === #

    received_datetime = fields.Datetime(
        string="Received On",
        compute="_compute_received_datetime",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        tracking=True,
        help="When the order reached the company. Entered by the clerk for "
        "orders a person received (phone, e-mail, fax, sales rep...); the "
        "system's own time for web shop and portal orders.",
    )
    entry_channel = fields.Selection(
        selection=[
            ("sales_rep", "Sales representative"),
            ("customer_service", "Customer service"),
            ("phone", "Phone"),
            ("email", "Email"),
            ("fax", "Fax"),
            ("web", "Web shop"),
            ("portal", "Customer portal"),
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
        "cutoff or on a non-working day count on the next working day (by the "
        "entry time while the receipt time is not entered).",
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
        compute="_compute_order_taker_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Who took the order from the customer (拿单人): the salesperson "
        "by default, not the clerk who enters it. Answers for incomplete order "
        "data.",
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
    review_ids = fields.One2many(string="Reviews")
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

    @api.depends("received_datetime", "entered_datetime", "company_id")
    def _compute_business_date(self):
        for order in self:
            # an order whose receipt time is not known yet counts on its entry
            received = order.received_datetime or order.entered_datetime
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
        self._approval_lock()
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
        self._approval_lock()
        for order in self:
            order._approval_actionable_review()
        if reason is None:
            return self.env["order.control.reason.wizard"]._action_open(self, "reject")
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give a reason to reject the order."))
        self._approval_reject(reason)
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
            under_review._approval_cancel()
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

    # === FIELD POLICY AND REVIEW LOCK === #

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
    def _order_owned_default_names(self):
        # the company of the order is not known yet: a controlled order's
        # fields take no context or user default in any company
        return super()._order_owned_default_names() | CONTROLLED_ORDER_FIELDS

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

    # === BUSINESS METHODS: STOCK RESERVATION === #
    # The mechanics live in order.stock.reservation; these entry points stay
    # for the callers that name them (the review hooks above, create/write,
    # order_tracking's change requests).

    def _order_reserve_stock(self):
        """Reserve the storable lines of these orders in their warehouses."""
        return self.env["order.stock.reservation"]._reserve_orders(self)

    def _order_release_stock(self, state, reason):
        """End the active reservations of these orders."""
        return self.env["order.stock.reservation"]._release_orders(self, state, reason)

    def _order_entry_reservation_sync(self):
        """In 'on entry' mode, keep a draft's reservation equal to its lines."""
        return self.env["order.stock.reservation"]._sync_entry_orders(self)
