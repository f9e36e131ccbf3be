# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Change requests (订单变更申请表): the only way a released order changes.
A request owns what it proposes for the order's header, its submission (with
the material reasons that send it through the order's own review steps again,
on the approval engine), and applying an approved change to the order in one
transaction, with a revision and a diff in the chatter. Its lines are in
order_change_request_line.py."""

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.order_entry_control import INTERNAL

CHANGE_CAUSES = [
    ("customer", "Customer request"),
    ("entry_error", "Entry error"),
    ("stock", "Stock"),
    ("production", "Production"),
    ("other", "Other"),
]
OPEN_STATES = ("draft", "submitted", "approved")
# header field of the request -> field of the order
HEADER_FIELDS = {
    "new_commitment_date": "commitment_date",
    "new_partner_shipping_id": "partner_shipping_id",
    "new_payment_term_id": "payment_term_id",
    "new_client_order_ref": "client_order_ref",
}


# Written by the change request's actions only (the field policy).
REQUEST_OWNED_FIELDS = frozenset(
    {
        "name",
        "state",
        "requested_by_id",
        "submitted_datetime",
        "approved_by_id",
        "approved_datetime",
        "applied_datetime",
        "rejection_reason",
        "owner_id",
        "date_deadline",
        "review_ids",
        "material_reasons",
        "revision",
        # the order's header values when the request was made (the compute)
        "old_commitment_date",
        "old_partner_shipping_id",
        "old_payment_term_id",
        "old_client_order_ref",
    }
)
# What the request proposes: written by its requester while it is a draft.
REQUEST_USER_FIELDS = frozenset(
    {
        "order_id",
        "cause",
        "reason",
        "impact",
        "line_ids",
        "new_commitment_date",
        "new_partner_shipping_id",
        "new_payment_term_id",
        "new_client_order_ref",
    }
)


# The order line's values when the change was proposed: set by the system.
class OrderChangeRequest(models.Model):
    """A change request form (订单变更申请表) of a released or approved order.

    Field policy: the requester proposes (the user fields) while the request
    is a draft, the cause (a KPI input) included: it is fixed at submission.
    The department head names who carries the change out and by when while
    deciding, and may correct the cause through ``action_approve(cause=...)``;
    the actions write the rest.
    """

    _name = "order.change.request"
    _description = "Order Change Request"
    _inherit = ["order.request.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _order_owned_fields = REQUEST_OWNED_FIELDS
    _order_user_fields = REQUEST_USER_FIELDS

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.partner_id")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("applied", "Applied"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    cause = fields.Selection(
        selection=CHANGE_CAUSES,
        required=True,
        default="customer",
        help="Changes caused by an entry error count against entry accuracy.",
    )
    reason = fields.Text(required=True)
    impact = fields.Text(help="What the change affects: dates, costs, departments.")
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    submitted_datetime = fields.Datetime(
        string="Submitted On", readonly=True, copy=False
    )
    approved_by_id = fields.Many2one(
        comodel_name="res.users", string="Approved By", readonly=True, copy=False
    )
    approved_datetime = fields.Datetime(string="Approved On", readonly=True, copy=False)
    applied_datetime = fields.Datetime(string="Applied On", readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Carried Out By",
        tracking=True,
        copy=False,
        help="Named by the approver: who carries the change out.",
    )
    date_deadline = fields.Datetime(
        string="Carry Out By",
        tracking=True,
        copy=False,
        help="Named by the approver.",
    )
    line_ids = fields.One2many(
        comodel_name="order.change.request.line",
        inverse_name="request_id",
        string="Changes",
        copy=True,
    )
    review_ids = fields.One2many(string="Approvals")
    material_reasons = fields.Text(
        readonly=True,
        copy=False,
        help="Why the change goes through the order's review steps again.",
    )
    new_commitment_date = fields.Datetime(string="New Delivery Date")
    new_partner_shipping_id = fields.Many2one(
        comodel_name="res.partner", string="New Delivery Address"
    )
    new_payment_term_id = fields.Many2one(
        comodel_name="account.payment.term", string="New Payment Terms"
    )
    new_client_order_ref = fields.Char(string="New Customer Reference")
    amount_total_old = fields.Monetary(
        string="Current Total",
        compute="_compute_amounts",
        help="The order's total with taxes before the change.",
    )
    amount_total_new = fields.Monetary(
        string="New Total",
        compute="_compute_amounts",
        help="The order's total with taxes after the change.",
    )
    amount_difference = fields.Monetary(
        string="Difference without Taxes",
        compute="_compute_amounts",
        help="Sum of the lines' subtotal differences, without taxes.",
    )
    amount_difference_taxed = fields.Monetary(
        string="Difference with Taxes", compute="_compute_amounts"
    )
    revision = fields.Integer(
        readonly=True, copy=False, help="Revision of the order this change created."
    )

    # === COMPUTE METHODS === #

    @api.depends(
        "order_id.amount_total",
        "line_ids.change_type",
        "line_ids.new_qty",
        "line_ids.new_price",
        "line_ids.new_discount",
        "line_ids.amount_difference",
        "line_ids.amount_difference_taxed",
        "state",
    )
    def _compute_amounts(self):
        for request in self:
            lines = request.line_ids
            delta = sum(lines.mapped("amount_difference_taxed"))
            old = request.order_id.amount_total
            if request.state == "applied":
                # the order already holds the new values
                old -= delta
            request.amount_total_old = old
            request.amount_total_new = old + delta
            request.amount_difference = sum(lines.mapped("amount_difference"))
            request.amount_difference_taxed = delta

    # === ONCHANGE METHODS === #

    @api.onchange("order_id")
    def _onchange_order_id(self):
        """Start a new request with the order's lines, unchanged: a change is an
        edit in place."""
        if self.state == "draft" and not self._origin.id:
            self.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in self._prepare_prefill_line_vals()
            ]

    # === FIELD POLICY === #

    def _order_owned_write_allowed(self, name, value):
        if name in ("owner_id", "date_deadline"):
            # named by whoever decides the pending step
            return all(request._request_can_decide() for request in self)
        return super()._order_owned_write_allowed(name, value)

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._check_order_changeable()
        return requests

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(request.state not in ("draft", "cancelled") for request in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled change requests can be deleted; cancel "
                    "it instead."
                )
            )

    # === ACTION METHODS === #

    def action_submit(self):
        """Submit for approval; a material change adds the matching review steps."""
        self._check_request_requester()
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._(
                        "%(request)s has already been submitted.", request=request.name
                    )
                )
            request._check_order_changeable()
            # prefilled lines left unchanged propose nothing: they are dropped
            request.line_ids.filtered(lambda x: not x.is_changed).unlink()
            request._check_changes()
            # a request put back in draft meanwhile, or submitted at the same
            # moment as another, does not change a line or a header field that
            # another open request changes (under the order's lock)
            request._check_one_open_request()
            reasons = request._get_material_reasons()
            request._order_as_owner().write(
                {
                    "state": "submitted",
                    "submitted_datetime": fields.Datetime.now(),
                    "material_reasons": "\n".join(reasons.values()) or False,
                }
            )
        self._approval_submit()
        return True

    def action_approve(self, comment=None, cause=None):
        """Approve the pending step as the current user; ``cause`` corrects the
        cause the requester gave (a KPI input)."""
        if cause is not None and cause not in dict(CHANGE_CAUSES):
            raise UserError(
                self.env._("Unknown cause of change: %(cause)s.", cause=cause)
            )
        for request in self:
            if request.state == "submitted" and not (
                request.owner_id and request.date_deadline
            ):
                raise UserError(
                    self.env._(
                        "Name who carries out %(request)s and by when before "
                        "approving it.",
                        request=request.name,
                    )
                )
        self._approval_approve(comment=comment)
        if cause is not None:
            # the approver decided the step above (four eyes checked there)
            label = self._fields["cause"].convert_to_export
            for request in self.filtered(lambda r: r.cause != cause):
                request.message_post(
                    body=self.env._(
                        "Cause corrected by %(user)s: %(old)s → %(new)s.",
                        user=self.env.user.name,
                        old=label(request.cause, request),
                        new=label(cause, request),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            self._order_as_owner().write({"cause": cause})
        return True

    def action_approve_dialog(self):
        """The Approve button: approve, or first ask for who carries the change
        out and by when when they are not named yet."""
        self.ensure_one()
        if self.owner_id and self.date_deadline:
            return self.action_approve()
        if not self._request_can_decide():
            raise UserError(
                self.env._(
                    "You cannot decide %(request)s: it is not waiting for your "
                    "approval.",
                    request=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve %(request)s", request=self.name),
            "res_model": "order.change.approve.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_reject(self, reason=None):
        """Reject with ``reason``; without one, open the dialog that asks for it."""
        if reason is None:
            return self.env["order.control.reason.wizard"]._action_open(
                self, "reject_change"
            )
        self._approval_reject(reason)
        return True

    def action_cancel(self):
        """Withdraw requests that were not applied."""
        for request in self:
            if request.state in ("applied", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(request)s is %(state)s: it cannot be cancelled.",
                        request=request.name,
                        state=request._fields["state"].convert_to_export(
                            request.state, request
                        ),
                    )
                )
        self._request_withdraw()
        return True

    def action_apply(self):
        """Write the approved changes to the order in this transaction."""
        self.check_access("write")
        for request in self:
            request._apply()
        return True

    # === BUSINESS METHODS === #

    def _check_order_changeable(self):
        """Refuse requests on orders that cannot change any more."""
        for request in self:
            order = request.order_id
            if order.order_closed or order.state == "cancel":
                raise UserError(
                    self.env._(
                        "Order %(order)s is closed or cancelled: it cannot change.",
                        order=order.name,
                    )
                )

    def _prepare_prefill_line_vals(self):
        """Values of the lines a new request starts with: each product line of
        the order, unchanged; override to prefill otherwise."""
        self.ensure_one()
        lines = self.order_id.order_line.filtered(
            lambda x: not x.display_type and x.product_id
        )
        values = self.env["order.change.request.line"]._values_of
        return [
            dict(values(line), change_type="update", sale_line_id=line.id)
            for line in lines.sorted(lambda x: (x.sequence, x.id))
        ]

    def _check_changes(self):
        """Refuse changes that cannot be applied, saying which and why."""
        self.ensure_one()
        headers = [f for f in HEADER_FIELDS if self[f]]
        if not self.line_ids.filtered("is_changed") and not headers:
            raise UserError(
                self.env._(
                    "%(request)s proposes no change: add a line or a new header value.",
                    request=self.name,
                )
            )
        self.line_ids.filtered("is_changed")._check_applicable()

    def _get_material_reasons(self):
        """Why this change is material, by kind (price, credit, new_product);
        override to add kinds."""
        self.ensure_one()
        order = self.order_id
        company = order.company_id
        reasons = {}
        currency = order.currency_id
        existing_products = order.order_line.product_id
        priced = self.line_ids.filtered(
            lambda x: x.change_type in ("update", "add") and x.product_id
        )
        for line in priced:
            floor = line._get_floor_price()
            cut = float_compare(
                line.new_discount, company.order_max_discount, precision_digits=2
            ) > 0 or (
                floor
                and float_compare(
                    line.new_price, floor, precision_rounding=currency.rounding
                )
                < 0
            )
            if cut and (
                line.change_type == "add"
                or line.new_price < line.old_price
                or line.new_discount > line.old_discount
            ):
                reasons["price"] = self.env._(
                    "Price cut beyond policy on %(product)s.",
                    product=line.product_id.display_name,
                )
        increase = self.amount_difference_taxed
        # credit figures are accounting fields: read them as the system
        partner = order.partner_id.commercial_partner_id.sudo().with_company(company)
        if partner.credit_limit and increase > 0:
            exposure = partner.credit + partner.credit_to_invoice + increase
            if (
                float_compare(
                    exposure,
                    partner.credit_limit,
                    precision_rounding=company.currency_id.rounding,
                )
                > 0
            ):
                reasons["credit"] = self.env._(
                    "The total rises by %(amount)s, beyond the credit headroom of "
                    "%(partner)s.",
                    amount=round(increase, 2),
                    partner=partner.name,
                )
        new_products = self.line_ids.filtered(
            lambda x: (
                x.change_type == "add"
                and x.product_id
                and x.product_id not in existing_products
            )
        ).product_id
        if new_products:
            reasons["new_product"] = self.env._(
                "New products: %(products)s.",
                products=", ".join(new_products.mapped("display_name")),
            )
        return reasons

    # === APPROVAL ENGINE HOOKS === #

    def _approval_steps(self):
        """The department head's step, and for a material change the order's
        own steps that match its reasons (credit and special-price approvals;
        the final approval for a new product)."""
        steps = super()._approval_steps()
        reasons = self._get_material_reasons() if self.material_reasons else {}
        if not reasons:
            return steps
        kinds = {"price": "price", "credit": "credit"}
        wanted = {kinds[k] for k in reasons if k in kinds}
        company = self.company_id
        order_steps = (
            self.env["order.review.step"]
            .sudo()
            .search(
                [
                    ("model_id.model", "=", "sale.order"),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", company.id),
                ]
            )
        )
        return steps | order_steps.filtered(
            lambda step: (
                (
                    step.condition in ("findings", "finance")
                    and wanted.intersection(step.rule_ids.mapped("kind"))
                )
                or (
                    "new_product" in reasons
                    and step.step_type == "approval"
                    and step.condition == "always"
                )
            )
        )

    def _approval_step_values(self, step, round_number):
        vals = super()._approval_step_values(step, round_number)
        if step.model_id.model != self._name:
            # the order's steps come after the request's own
            vals["sequence"] = 100 + step.sequence
        return vals

    def _approval_on_approved(self):
        """Give who carries each change out an activity to apply it."""
        self.env["mail.activity"]._order_schedule(
            [
                (
                    request,
                    request.owner_id,
                    lambda env, request=request: {
                        "date_deadline": request.company_id._order_local_date(
                            request.date_deadline
                        ),
                        "summary": env._("Apply %(request)s", request=request.name),
                    },
                )
                for request in self
            ],
            "mail.mail_activity_data_todo",
        )

    def _check_can_apply(self):
        self.ensure_one()
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "%(request)s is %(state)s: only an approved change request can "
                    "be applied.",
                    request=self.name,
                    state=self._fields["state"].convert_to_export(self.state, self),
                )
            )
        user = self.env.user
        if user != self.owner_id and not user.has_group(
            "order_tracking.group_order_department_head"
        ):
            raise AccessError(
                self.env._(
                    "%(request)s is carried out by %(owner)s: only they or a "
                    "department head can apply it.",
                    request=self.name,
                    owner=self.owner_id.name,
                )
            )

    def _apply(self):
        self.ensure_one()
        order = self.order_id
        # changes of one order are applied one after the other
        order._approval_lock()
        self.invalidate_recordset()
        order.invalidate_recordset()
        self._check_can_apply()
        self._check_order_changeable()
        self._check_changes()
        self._check_current()
        before = order._order_revision_snapshot()
        diff = self._get_diff_rows()
        old_lines = order.order_line
        # checked above (approved, applied by its owner or a department head):
        # the review lock of an approved quotation is lifted for this write
        order.sudo().with_context(
            order_control_bypass_lock=INTERNAL, order_control_skip_checks=INTERNAL
        ).write(self._prepare_order_vals())
        changed = (order.order_line - old_lines) | self.line_ids.sale_line_id
        order.with_context(
            order_control_check_released=INTERNAL
        )._order_control_run_checks()
        order._order_change_reserve(changed)
        revision = order.order_revision + 1
        order.sudo().write({"order_revision": revision})
        body = self._render_diff(diff)
        self.env["order.revision"].sudo().create(
            {
                "order_id": order.id,
                "revision": revision,
                "change_request_id": self.id,
                "snapshot": before,
                "amount_total_before": before["amount_total"],
                "amount_total_after": order.amount_total,
                "diff_html": body,
            }
        )
        order._order_as_owner().message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._(
                    "Change %(request)s applied: revision %(revision)s.",
                    request=self.name,
                    revision=revision,
                ),
                body,
            ),
            subtype_xmlid="order_tracking.mt_order_changed",
        )
        self._order_as_owner().write(
            {
                "state": "applied",
                "applied_datetime": fields.Datetime.now(),
                "revision": revision,
            }
        )
        self.activity_ids.unlink()
        order._order_change_notify_owners(self)

    def _prepare_order_vals(self):
        """Values written to the order; override to apply more kinds of change."""
        self.ensure_one()
        order = self.order_id
        commands = []
        for line in self.line_ids.filtered("is_changed"):
            if line.change_type == "update":
                commands.append(
                    Command.update(
                        line.sale_line_id.id,
                        {
                            "product_uom_qty": line.new_qty,
                            "price_unit": line.new_price,
                            "discount": line.new_discount,
                            "customer_lead": line.new_lead,
                        },
                    )
                )
            elif line.change_type == "add":
                commands.append(
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.new_qty,
                            "price_unit": line.new_price,
                            "discount": line.new_discount,
                            "customer_lead": line.new_lead,
                        }
                    )
                )
            elif order.state == "sale":
                # released lines are never deleted: their moves are cancelled
                commands.append(
                    Command.update(line.sale_line_id.id, {"product_uom_qty": 0.0})
                )
            else:
                commands.append(Command.unlink(line.sale_line_id.id))
        vals = {"order_line": commands} if commands else {}
        for new, target in HEADER_FIELDS.items():
            value = self[new]
            if value:
                vals[target] = (
                    value.id if isinstance(value, models.BaseModel) else value
                )
        return vals

    def _get_diff_rows(self):
        """(what, old, new) of every change, in the user's language."""
        self.ensure_one()
        rows = []
        for line in self.line_ids.filtered("is_changed"):
            label = line.product_id.display_name or line.sale_line_id.name
            if line.change_type == "add":
                label = self.env._("Add %(product)s", product=label)
            elif line.change_type == "remove":
                label = self.env._("Remove %(product)s", product=label)
            old, new = line._describe_change()
            rows.append((label, old, new))
        for new in HEADER_FIELDS:
            value = self[new]
            if not value:
                continue
            old = self[new.replace("new_", "old_", 1)]
            field = self._fields[new]
            rows.append(
                (
                    self._fields[new.replace("new_", "old_", 1)].get_description(
                        self.env
                    )["string"],
                    field.convert_to_display_name(old, self) if old else "",
                    field.convert_to_display_name(value, self),
                )
            )
        return rows

    def _render_diff(self, rows):
        head = Markup("<tr><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Change"),
            self.env._("Old"),
            self.env._("New"),
        )
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (escape(what), escape(old), escape(new))
            for what, old, new in rows
        )
        return Markup(
            '<table class="table table-sm o_order_change_diff">%s%s</table>'
        ) % (
            head,
            body,
        )
