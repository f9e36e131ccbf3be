# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.order_entry_control import (
    CHECKED_LINE_FIELDS,
    COMMERCIAL_FIELDS,
    INTERNAL,
)
from odoo.addons.order_entry_control.tools import business_time

# The field policy of sale.order (order_field_policy.py) for the fields this
# addon adds. Written by the change and closure requests only (as superuser,
# after their own checks), never directly by a user or an RPC client:
CLOSURE_FIELDS = frozenset(
    {"order_revision", "order_closed", "closed_datetime", "closed_by_id", "active"}
)
# written by action_override_payment_gate only (finance managers, a reason):
PAYMENT_GATE_FIELDS = frozenset(
    {
        "payment_gate_override_reason",
        "payment_gate_override_by_id",
        "payment_gate_override_date",
    }
)
# KPI input: written by the log-milestone action of the feedback milestone
# (trackers, department heads, Order Control Managers), 0 to 100.
FEEDBACK_FIELDS = frozenset({"customer_feedback_score"})
TRACKING_OWNED_FIELDS = CLOSURE_FIELDS | PAYMENT_GATE_FIELDS | FEEDBACK_FIELDS
# edited by users (the related records guard their own fields):
TRACKING_USER_FIELDS = frozenset(
    {
        "tracker_id",
        "shipping_mode",
        "allocation_ids",
        "milestone_ids",
        "exception_ids",
        "open_exception_ids",
        "change_request_ids",
        "closure_request_ids",
        "revision_ids",
    }
)
# Header fields of a controlled released order that change only through an
# applied change request (besides the commercial fields).
RELEASED_LOCKED_FIELDS = COMMERCIAL_FIELDS | {"order_payment_method"}
# Line fields of a controlled released order that change only through an
# applied change request: the checked fields, the down-payment flag (it lifts
# the guard), the packaging that recomputes the quantity and the order.
LOCKED_LINE_FIELDS = CHECKED_LINE_FIELDS | {
    "is_downpayment",
    "product_packaging_id",
    "product_packaging_qty",
    "order_id",
}
# What Odoo writes on the down-payment lines of a released order when their
# invoice is posted (sale's account.move.action_post).
DOWN_PAYMENT_WRITABLE_FIELDS = frozenset({"price_unit", "tax_id"})
# Set in the context by Odoo's invoicing wizard (sale.advance.payment.inv) while
# it adds the down-payment lines of an order: a client's JSON is never this.
DOWN_PAYMENT = object()
# Set in the context while an approved closure request (cancelled by agreement)
# cancels what is left of a released order.
CLOSING = object()
SHIPPING_MODES = [
    ("pickup", "Customer pickup"),
    ("road", "Road"),
    ("rail", "Rail"),
]
# Payment states of a customer invoice that count as paid for the gate.
PAID_STATES = ("paid", "in_payment", "reversed")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    tracker_id = fields.Many2one(
        comodel_name="res.users",
        string="Tracker",
        tracking=True,
        help="Keeps this order's tracking table (订单跟踪表).",
    )
    allocation_ids = fields.One2many(
        comodel_name="order.allocation", inverse_name="order_id", copy=False
    )
    milestone_ids = fields.One2many(
        comodel_name="order.milestone", inverse_name="order_id", copy=False
    )
    exception_ids = fields.One2many(
        comodel_name="order.exception", inverse_name="order_id", copy=False
    )
    change_request_ids = fields.One2many(
        comodel_name="order.change.request", inverse_name="order_id", copy=False
    )
    closure_request_ids = fields.One2many(
        comodel_name="order.closure.request", inverse_name="order_id", copy=False
    )
    customer_feedback_score = fields.Integer(
        string="Customer Satisfaction (%)",
        copy=False,
        readonly=True,
        tracking=True,
        help="Score from 0 to 100 recorded with the customer's feedback (the "
        "feedback milestone, logged by the tracker).",
    )
    order_revision = fields.Integer(
        string="Revision", copy=False, readonly=True, tracking=True
    )
    order_closed = fields.Boolean(
        string="Closed", copy=False, readonly=True, index=True, tracking=True
    )
    closed_datetime = fields.Datetime(string="Closed On", copy=False, readonly=True)
    closed_by_id = fields.Many2one(
        comodel_name="res.users", string="Closed By", copy=False, readonly=True
    )

    # === ORDER TRACKING: FIELDS (issue 5) === #

    shipping_mode = fields.Selection(
        selection=SHIPPING_MODES,
        default="road",
        tracking=True,
        help="How the goods travel: given in the shipping notice to the customer.",
    )
    tracking_progress = fields.Float(
        string="Progress",
        compute="_compute_tracking_progress",
        help="Share of the order's milestones that are done.",
    )
    next_milestone_id = fields.Many2one(
        comodel_name="order.milestone",
        string="Next Milestone",
        compute="_compute_tracking_progress",
    )
    next_milestone_date = fields.Datetime(
        string="Next Milestone Due", compute="_compute_tracking_progress"
    )
    late_milestone_count = fields.Integer(
        string="Late Milestones", compute="_compute_tracking_progress"
    )
    open_exception_ids = fields.One2many(
        comodel_name="order.exception",
        inverse_name="order_id",
        string="Open Exceptions",
        domain=[("state", "in", ("open", "in_progress"))],
    )
    payment_gate_blocked = fields.Boolean(
        string="Waiting for Payment",
        compute="_compute_payment_gate_blocked",
        help="Pay-before-shipping order whose invoices are not paid yet: its "
        "delivery cannot be validated.",
    )
    payment_gate_override_reason = fields.Text(
        string="Payment Gate Override", copy=False, readonly=True
    )
    payment_gate_override_by_id = fields.Many2one(
        comodel_name="res.users", string="Overridden By", copy=False, readonly=True
    )
    payment_gate_override_date = fields.Datetime(
        string="Overridden On", copy=False, readonly=True
    )

    # === ORDER TRACKING: FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        return super()._order_owned_field_names(vals) | TRACKING_OWNED_FIELDS

    @api.model
    def _order_user_field_names(self):
        return super()._order_user_field_names() | TRACKING_USER_FIELDS

    # === ORDER TRACKING: CONSTRAINT METHODS === #

    @api.constrains("customer_feedback_score")
    def _check_customer_feedback_score(self):
        for order in self:
            if not 0 <= order.customer_feedback_score <= 100:
                raise ValidationError(
                    self.env._(
                        "The customer satisfaction of %(order)s must be a score "
                        "from 0 to 100.",
                        order=order.name,
                    )
                )

    # === ORDER TRACKING: COMPUTE METHODS === #

    @api.depends("milestone_ids.date_actual", "milestone_ids.date_planned")
    def _compute_tracking_progress(self):
        for order in self:
            milestones = order.milestone_ids
            done = milestones.filtered("date_actual")
            order.tracking_progress = (
                100.0 * len(done) / len(milestones) if milestones else 0.0
            )
            todo = (milestones - done).sorted(
                lambda m: (m.date_planned or fields.Datetime.now(), m.sequence, m.id)
            )
            order.next_milestone_id = todo[:1]
            order.next_milestone_date = todo[:1].date_planned
            order.late_milestone_count = len(milestones.filtered("is_late"))

    @api.depends(
        "order_payment_method",
        "payment_gate_override_date",
        "invoice_ids.payment_state",
        "company_id.order_payment_gate",
    )
    def _compute_payment_gate_blocked(self):
        for order in self:
            order.payment_gate_blocked = order._order_payment_gate_blocks()

    # === ORDER TRACKING: ACTION METHODS === #

    def action_log_milestone(self):
        """Open the dialog that logs a milestone of this order by hand."""
        self.ensure_one()
        self.milestone_ids.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Milestone"),
            "res_model": "order.milestone.log.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_view_tracking(self):
        """The tracking table (milestones) of these orders."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_tracking.order_milestone_action"
        )
        action["domain"] = [("order_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_override_payment_gate(self, reason=None):
        """Let the deliveries of these pay-before-shipping orders be validated
        before payment (finance managers); without a reason, ask for one."""
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(
                self.env._(
                    "Only finance managers can override the payment-before-shipping "
                    "gate."
                )
            )
        if reason is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Override Payment Gate"),
                "res_model": "order.payment.gate.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_order_ids": self.ids},
            }
        self._order_tracking_check_write(
            lambda: self.env._(
                "The payment gate is overridden only for orders you may change: "
                "ask a finance manager of the order's company."
            )
        )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give a reason to let the delivery leave before the payment."
                )
            )
        self.sudo().write(
            {
                "payment_gate_override_reason": reason,
                "payment_gate_override_by_id": self.env.uid,
                "payment_gate_override_date": fields.Datetime.now(),
            }
        )
        for order in self:
            order.message_post(
                body=self.env._(
                    "Payment-before-shipping gate overridden by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # === ORDER TRACKING: CORE OVERRIDES === #

    def _action_confirm(self):
        res = super()._action_confirm()
        self.filtered("order_control_active")._order_tracking_start()
        return res

    def _action_cancel(self):
        """A released controlled order is cancelled only by an approved closure
        request (cancelled by agreement), never by its Cancel button."""
        released = self.filtered(lambda o: o.order_control_active and o.state == "sale")
        if (
            released
            and not self.env.su
            and self.env.context.get("order_tracking_closing") is not CLOSING
        ):
            raise UserError(
                self.env._(
                    "Order %(orders)s is released: it is cancelled only through an "
                    "approved closure request (cancelled by agreement).",
                    orders=", ".join(released.mapped("name")),
                )
            )
        return super()._action_cancel()

    def write(self, vals):
        changed = RELEASED_LOCKED_FIELDS.intersection(vals) - {"order_line"}
        if changed or "order_line" in vals:
            # the lines' own hooks guard each line command
            self._check_order_released_unchanged(lines=False if changed else None)
        res = super().write(vals)
        if vals.get("tracker_id"):
            # the late milestones' activities follow the tracker, in one write
            # and without an e-mail per activity, as the cron creates them
            # (the activity menu shows them, the daily digest lists them)
            self.milestone_ids.late_activity_id.sudo().with_context(
                mail_activity_quick_update=True
            ).write({"user_id": vals["tracker_id"]})
        return res

    # === ORDER TRACKING: BUSINESS METHODS === #

    def _get_order_milestone_types(self):
        """Milestone definitions that apply to this order; override to narrow."""
        self.ensure_one()
        return (
            self.env["order.milestone.type"]
            .sudo()
            .search(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )

    def _get_order_tracking_departments(self):
        """Departments this order is allocated to: those of its company whose
        team and warehouse match (empty matches all). Override to change."""
        self.ensure_one()
        return (
            self.env["order.department"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("team_id", "in", [False, self.team_id.id]),
                    ("warehouse_id", "in", [False, self.warehouse_id.id]),
                ]
            )
        )

    def _order_tracking_planner(self, start):
        """A function giving the moment ``hours`` working hours after ``start``."""
        self.ensure_one()
        company = self.company_id
        intervals = company._order_work_intervals(start, start + timedelta(days=30))

        def plan(hours):
            if not hours:
                return start
            moment = business_time.add_working_hours(start, hours, intervals)
            return moment or company._order_add_working_hours(start, hours)

        return plan

    def _prepare_order_milestone_vals(self, types, start, plan):
        """Values of the milestones of this order released at ``start``."""
        self.ensure_one()
        shipped = types.filtered(lambda t: t.event == "delivery_shipped")[:1]
        shipped_planned = plan(shipped.offset_hours) if shipped else start
        notice_hours = self.company_id.order_shipping_notice_hours
        vals_list = []
        for milestone_type in types:
            if milestone_type.event == "notice_sent":
                planned = shipped_planned + timedelta(hours=notice_hours)
            else:
                planned = plan(milestone_type.offset_hours)
            vals = {
                "order_id": self.id,
                "type_id": milestone_type.id,
                "date_planned": planned,
            }
            if milestone_type.event == "release":
                vals.update(
                    date_actual=start,
                    user_id=self.env.uid,
                    actual_source="document",
                    logged_on=fields.Datetime.now(),
                )
            vals_list.append(vals)
        return vals_list

    def _prepare_order_allocation_vals(self, departments, plan):
        """Values of the allocation lines of this order to ``departments``."""
        self.ensure_one()
        return [
            {
                "order_id": self.id,
                "department_id": department.id,
                "user_id": (department.manager_id or self.tracker_id).id,
                "task": department.default_task or department.name,
                "date_due": plan(department.default_hours),
            }
            for department in departments
        ]

    def _order_tracking_start(self):
        """Plan the milestones and the allocation table of these released orders."""
        now = fields.Datetime.now()
        milestone_vals, allocation_vals = [], []
        restarted = self.filtered("milestone_ids")
        if restarted:
            restarted.milestone_ids.sudo().unlink()
            restarted.allocation_ids.filtered(
                lambda a: a.state in ("todo", "in_progress")
            ).sudo().write({"state": "cancelled"})
        self._order_assign_trackers()
        for order in self:
            start = order.released_datetime or now
            plan = order._order_tracking_planner(start)
            milestone_vals += order._prepare_order_milestone_vals(
                order._get_order_milestone_types(), start, plan
            )
            allocation_vals += order._prepare_order_allocation_vals(
                order._get_order_tracking_departments(), plan
            )
        self.env["order.milestone"].sudo().create(milestone_vals)
        self.env["order.allocation"].sudo().with_context(tracking_disable=True).create(
            allocation_vals
        )

    def _order_tracking_set_actual(self, events, when=None):
        """Complete the open milestones of these orders fed by ``events``
        (values of order.milestone.type ``event``); return them."""
        when = when or fields.Datetime.now()
        milestones = self.sudo().milestone_ids.filtered(
            lambda m: m.event in events and not m.date_actual
        )
        if not milestones:
            return milestones
        milestones.write(
            {
                "date_actual": when,
                "user_id": self.env.uid,
                "actual_source": "document",
                "logged_on": fields.Datetime.now(),
            }
        )
        shipped = milestones.filtered(lambda m: m.event == "delivery_shipped")
        for order in shipped.order_id:
            notice = order.milestone_ids.filtered(
                lambda m: m.event == "notice_sent" and not m.date_actual
            )
            if notice:
                notice.write(
                    {
                        "date_planned": when
                        + timedelta(hours=order.company_id.order_shipping_notice_hours)
                    }
                )
        return milestones

    def _order_tracking_is_paid(self):
        """Whether this order's posted customer invoices are paid and cover it."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(lambda m: m.state == "posted")
        if not invoices:
            return False
        if any(move.payment_state not in PAID_STATES for move in invoices):
            return False
        paid = sum(
            move.amount_total * (-1 if move.move_type == "out_refund" else 1)
            for move in invoices
        )
        return self.currency_id.compare_amounts(paid, self.amount_total) >= 0

    def _order_payment_gate_blocks(self):
        """Whether the deliveries of this order wait for its payment."""
        self.ensure_one()
        company = self.company_id
        return bool(
            company.order_control_enabled
            and company.order_payment_gate
            and self.order_payment_method == "prepay"
            and self.state == "sale"
            and not self.payment_gate_override_date
            and not self._order_tracking_is_paid()
        )

    # === CHANGE AND CLOSURE REQUESTS (issue 6) === #

    active = fields.Boolean(
        default=True,
        help="Closed orders are archived: they leave the default lists.",
    )
    revision_ids = fields.One2many(
        comodel_name="order.revision", inverse_name="order_id", string="Revisions"
    )
    change_request_count = fields.Integer(compute="_compute_request_counts")
    closure_request_count = fields.Integer(compute="_compute_request_counts")

    def _compute_request_counts(self):
        for order in self:
            order.change_request_count = len(order.change_request_ids)
            order.closure_request_count = len(order.closure_request_ids)

    def action_request_change(self):
        """Open a new change request for this order."""
        self.ensure_one()
        if self.order_closed or self.state == "cancel":
            raise UserError(
                self.env._(
                    "Order %(order)s is closed or cancelled: it cannot change.",
                    order=self.name,
                )
            )
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not released yet: edit the quotation itself; "
                    "a change request is for a confirmed order.",
                    order=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Change"),
            "res_model": "order.change.request",
            "view_mode": "form",
            "target": "current",
            "context": {"default_order_id": self.id},
        }

    def action_request_closure(self):
        """Open a new closure request for this order."""
        self.ensure_one()
        self._check_closure_requestable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Closure"),
            "res_model": "order.closure.request",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_order_id": self.id,
                "default_reason": "completed" if self.state == "sale" else "cancelled",
            },
        }

    def _check_closure_requestable(self):
        """Refuse a closure request on an order that has nothing to close yet;
        override to allow it in more states."""
        self.ensure_one()
        if self.order_closed or self.state == "cancel":
            raise UserError(
                self.env._(
                    "Order %(order)s is closed or cancelled: there is nothing "
                    "to close.",
                    order=self.name,
                )
            )
        if self.state != "sale" and (
            not self.order_control_active or self.review_state == "draft"
        ):
            raise UserError(
                self.env._(
                    "Quotation %(order)s has not been submitted or released: "
                    "there is nothing to close; cancel the quotation instead.",
                    order=self.name,
                )
            )

    def action_view_change_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_tracking.order_change_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_view_closure_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_tracking.order_closure_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_reopen(self, reason=None):
        """Reopen closed orders (Order Control Managers only, with a reason)."""
        if not self.env.user.has_group(
            "order_entry_control.group_order_control_manager"
        ):
            raise AccessError(
                self.env._("Only an Order Control Manager can reopen a closed order.")
            )
        if reason is None:
            return self.env["order.control.reason.wizard"]._action_open(self, "reopen")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the order."))
        not_closed = self.filtered(lambda o: not o.order_closed)
        if not_closed:
            raise UserError(
                self.env._(
                    "Order %(orders)s is not closed.",
                    orders=", ".join(not_closed.mapped("name")),
                )
            )
        # checked above: a manager reopens, with a reason
        self.sudo().with_context(order_control_bypass_lock=INTERNAL).write(
            {
                "order_closed": False,
                "closed_datetime": False,
                "closed_by_id": False,
                "locked": False,
                "active": True,
            }
        )
        for order in self:
            order._order_as_owner().message_post(
                body=self.env._(
                    "Reopened by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="order_tracking.mt_order_closed",
            )
        return True

    def _check_order_released_unchanged(self, lines=None):
        """Refuse silent changes of controlled released or closed orders: they
        change through a change request. ``lines``: order lines being changed."""
        if self._order_control_unlocked():
            return
        closed = self.filtered("order_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Order %(orders)s is closed: an Order Control Manager must reopen "
                    "it first.",
                    orders=", ".join(closed.mapped("name")),
                )
            )
        if lines is None:
            return
        released = self.filtered(lambda o: o.state == "sale" and o.order_control_active)
        if released:
            raise UserError(
                self.env._(
                    "Order %(orders)s is released: request a change instead of "
                    "editing it.",
                    orders=", ".join(released.mapped("name")),
                )
            )

    def _order_open_exceptions(self):
        """Open exceptions of this order."""
        self.ensure_one()
        return self.exception_ids.filtered(lambda e: e.state in ("open", "in_progress"))

    def _order_deliverable_lines(self):
        return self.order_line.filtered(
            lambda line: (
                not line.display_type
                and not line.is_downpayment
                and line.product_id.type == "consu"
            )
        )

    def _order_fully_delivered(self):
        """Every goods line delivered, or returned, and no transfer left open."""
        self.ensure_one()
        if any(p.state not in ("done", "cancel") for p in self.picking_ids):
            return False
        for line in self._order_deliverable_lines():
            returned = line.move_ids.filtered(
                lambda m: m.state == "done" and m.origin_returned_move_id
            )
            if not returned and (
                float_compare(
                    line.qty_delivered,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding,
                )
                < 0
            ):
                return False
        return True

    def _order_fully_invoiced(self):
        self.ensure_one()
        drafts = self.invoice_ids.filtered(lambda m: m.state == "draft")
        return self.invoice_status != "to invoice" and not drafts

    def _order_unpaid_invoices(self):
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda m: (
                m.state == "posted"
                and m.move_type == "out_invoice"
                and m.payment_state not in ("paid", "in_payment", "reversed")
            )
        )

    def _order_fully_paid(self):
        self.ensure_one()
        return not self._order_unpaid_invoices()

    def _order_cancel_remainder(self):
        """Cancel what is left of an order closed by agreement."""
        self.ensure_one()
        delivered = any(line.qty_delivered for line in self.order_line)
        invoiced = self.invoice_ids.filtered(lambda m: m.state == "posted")
        if self.state != "cancel" and not delivered and not invoiced:
            self.with_context(
                disable_cancel_warning=True, order_tracking_closing=CLOSING
            )._action_cancel()
            return
        self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()

    def _order_revision_snapshot(self):
        """The order's header and lines, as plain values kept by a revision."""
        self.ensure_one()
        return {
            "header": {
                "commitment_date": fields.Datetime.to_string(self.commitment_date)
                if self.commitment_date
                else False,
                "partner_shipping_id": self.partner_shipping_id.display_name,
                "payment_term_id": self.payment_term_id.display_name or False,
                "client_order_ref": self.client_order_ref or False,
            },
            "lines": [
                {
                    "id": values["id"],
                    # the description's first line names the product
                    "product": (values["name"] or "").split("\n")[0],
                    "qty": values["product_uom_qty"],
                    "price_unit": values["price_unit"],
                    "discount": values["discount"],
                    "customer_lead": values["customer_lead"],
                }
                for values in self.order_line.filtered(
                    lambda line: not line.display_type
                ).read(
                    [
                        "name",
                        "product_uom_qty",
                        "price_unit",
                        "discount",
                        "customer_lead",
                    ],
                    load=None,
                )
            ],
            "amount_total": self.amount_total,
        }

    def _order_change_reserve(self, lines):
        """Hold stock for the quantities a change added to ``lines``."""
        self.ensure_one()
        if self.state in ("draft", "sent"):
            self._order_reserve_stock()
            return
        moves = lines.move_ids.filtered(
            lambda m: m.state in ("confirmed", "partially_available", "waiting")
        )
        if moves:
            moves._action_assign()

    def _order_change_notify_owners(self, request):
        """Tell the owners of this order's allocations that it changed."""
        self.ensure_one()
        owners = self.allocation_ids.filtered(
            lambda a: a.state not in ("done", "cancelled")
        ).user_id
        self.env["mail.activity"]._order_schedule(
            [
                (
                    self,
                    owners,
                    lambda env: {
                        "summary": env._(
                            "Order %(order)s changed (%(request)s): check your task.",
                            order=self.name,
                            request=request.name,
                        )
                    },
                )
            ],
            "mail.mail_activity_data_todo",
        )


class SaleOrderLine(models.Model):
    """The released-order lock on lines: a controlled released order gets no
    new line, and its lines keep their commercial values, down-payment flag,
    packaging and order, except through an applied change request (which writes
    under its own bypass). Odoo's invoicing wizard still adds down-payment
    lines, and posting their invoice still prices them."""

    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        # the order may come from the values or, as Odoo fills it in, from a
        # default_order_id of the context
        default_order = self.env.context.get("default_order_id")

        def order_of(vals):
            return vals.get("order_id") or default_order

        orders = self.env["sale.order"].browse(
            {order_of(vals) for vals in vals_list if order_of(vals)}
        )
        orders._check_order_released_unchanged(lines=None)
        down_payment = self.env.context.get("order_tracking_down_payment") is (
            DOWN_PAYMENT
        )
        added = [
            vals
            for vals in vals_list
            if not (down_payment and vals.get("is_downpayment"))
        ]
        if added:
            orders.browse(
                {order_of(vals) for vals in added if order_of(vals)}
            )._check_order_released_unchanged(lines=self)
        return super().create(vals_list)

    def write(self, vals):
        locked = LOCKED_LINE_FIELDS.intersection(vals)
        if locked:
            guarded = self
            if not locked - DOWN_PAYMENT_WRITABLE_FIELDS:
                guarded = self.filtered(
                    lambda line: not line.is_downpayment or line.display_type
                )
            if guarded:
                guarded.order_id._check_order_released_unchanged(lines=guarded)
            if vals.get("order_id"):
                # a line moved into a released order is a line added to it
                self.order_id.browse(vals["order_id"])._check_order_released_unchanged(
                    lines=self
                )
        return super().write(vals)

    def unlink(self):
        self._check_order_line_changeable()
        return super().unlink()

    def _check_order_line_changeable(self):
        guarded = self.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )
        if guarded:
            guarded.order_id._check_order_released_unchanged(lines=guarded)
