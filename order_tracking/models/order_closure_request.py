# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.order_entry_control import INTERNAL

_logger = logging.getLogger(__name__)

PAID_STATES = ("paid", "in_payment", "reversed")

COMPLETED_TEMPLATE = "order_tracking.mail_template_order_completed"


class OrderClosureRequest(models.Model):
    """A closure request form (订单关闭申请表): the only way an order ends.

    Field policy: the requester chooses the order, the reason and a note while
    the request is a draft; the actions write its state, decisions and archive.
    """

    _name = "order.closure.request"
    _description = "Order Closure Request"
    _inherit = ["order.request.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _order_owned_fields = frozenset(
        {
            "name",
            "state",
            "requested_by_id",
            "approved_by_id",
            "approved_datetime",
            "rejection_reason",
            "review_ids",
            "archive_pending",
            "archive_attachment_ids",
        }
    )
    _order_user_fields = frozenset({"order_id", "reason", "note"})

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        context={"active_test": False},
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    reason = fields.Selection(
        selection=[
            ("completed", "Completed"),
            ("cancelled", "Cancelled by agreement"),
        ],
        required=True,
        default="completed",
    )
    note = fields.Text()
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    approved_by_id = fields.Many2one(
        comodel_name="res.users", string="Approved By", readonly=True, copy=False
    )
    approved_datetime = fields.Datetime(string="Approved On", readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    review_ids = fields.One2many(string="Approvals")
    is_delivered = fields.Boolean(
        string="Everything delivered (or returned)",
        compute="_compute_preconditions",
    )
    is_invoiced = fields.Boolean(
        string="Everything invoiced", compute="_compute_preconditions"
    )
    is_paid = fields.Boolean(string="Invoices paid", compute="_compute_preconditions")
    no_open_exception = fields.Boolean(
        string="No open exception", compute="_compute_preconditions"
    )
    preconditions_met = fields.Boolean(compute="_compute_preconditions")
    archive_pending = fields.Boolean(
        readonly=True,
        copy=False,
        help="The documents are being rendered for the archive (a few minutes).",
    )
    archive_attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Archived Documents",
        readonly=True,
        copy=False,
        help="The order, its delivery slips and invoices, as approved.",
    )

    # === COMPUTE METHODS === #

    @api.depends(
        "reason",
        "order_id.order_line.qty_delivered",
        "order_id.invoice_status",
        "order_id.invoice_ids.payment_state",
        "order_id.exception_ids.state",
    )
    def _compute_preconditions(self):
        for request in self:
            order = request.order_id
            request.is_delivered = order._order_fully_delivered()
            request.is_invoiced = order._order_fully_invoiced()
            request.is_paid = order._order_fully_paid()
            request.no_open_exception = not order._order_open_exceptions()
            needed = [request.is_paid, request.no_open_exception]
            if request.reason == "completed":
                needed += [request.is_delivered, request.is_invoiced]
            request.preconditions_met = all(needed)

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(request.state not in ("draft", "cancelled") for request in self):
            raise UserError(
                self.env._("Only draft or cancelled closure requests can be deleted.")
            )

    # === ACTION METHODS === #

    def action_submit(self):
        """Submit for approval once the preconditions hold."""
        self._check_request_requester()
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._(
                        "%(request)s has already been submitted.", request=request.name
                    )
                )
            request._check_closable()
            others = request.order_id.closure_request_ids.filtered(
                lambda r, me=request: r != me and r.state == "submitted"
            )
            if others:
                raise UserError(
                    self.env._(
                        "Order %(order)s already has the closure request %(other)s "
                        "waiting for approval.",
                        order=request.order_id.name,
                        other=others[0].name,
                    )
                )
        self._approval_submit({"state": "submitted"})
        return True

    def action_approve(self, comment=None):
        """Approve the pending step; the last approval closes the order."""
        self._approval_lock()
        for request in self:
            request._check_closable()
        self._approval_approve(comment=comment)
        return True

    def action_reject(self, reason=None):
        """Reject with ``reason``; without one, open the dialog that asks for it."""
        if reason is None:
            return self.env["order.control.reason.wizard"]._action_open(
                self, "reject_closure"
            )
        self._approval_reject(reason)
        return True

    def action_cancel(self):
        """Withdraw requests that were not approved."""
        if any(request.state == "approved" for request in self):
            raise UserError(
                self.env._("An approved closure is undone by reopening the order.")
            )
        self._request_withdraw()
        return True

    # === APPROVAL ENGINE HOOKS === #

    def _approval_on_approved(self):
        """The last approval closes the order."""
        for request in self:
            request._close_order()

    # === BUSINESS METHODS === #

    def _check_closable(self):
        """Refuse to close an order whose preconditions do not hold, listing them."""
        self.ensure_one()
        order = self.order_id
        if order.order_closed:
            raise UserError(
                self.env._("Order %(order)s is already closed.", order=order.name)
            )
        if self.reason == "completed" and order.state != "sale":
            raise UserError(
                self.env._(
                    "Only a released order can be closed as completed; close "
                    "%(order)s as cancelled by agreement.",
                    order=order.name,
                )
            )
        missing = []
        if self.reason == "completed" and not self.is_delivered:
            missing.append(self.env._("deliver (or return) every line"))
        if self.reason == "completed" and not self.is_invoiced:
            missing.append(self.env._("invoice everything delivered"))
        if not self.is_paid:
            unpaid = order._order_unpaid_invoices()
            missing.append(
                self.env._(
                    "get the invoices paid (%(invoices)s)",
                    invoices=", ".join(unpaid.mapped("name")) or "-",
                )
            )
        changing = order.sudo().change_request_ids.filtered(
            lambda r: r.state in ("submitted", "approved")
        )
        if changing:
            # a change approved but not applied could never be applied to a
            # closed order
            missing.append(
                self.env._(
                    "apply or cancel the change requests in progress (%(requests)s)",
                    requests=", ".join(changing.mapped("name")),
                )
            )
        if not self.no_open_exception:
            missing.append(
                self.env._(
                    "resolve the open exceptions (%(exceptions)s)",
                    exceptions=", ".join(order._order_open_exceptions().mapped("name")),
                )
            )
        if missing:
            raise UserError(
                self.env._(
                    "Order %(order)s cannot be closed yet: %(todo)s.",
                    order=order.name,
                    todo="; ".join(missing),
                )
            )

    def _close_order(self):
        """Lock, mark closed, archive the documents and hide the order."""
        self.ensure_one()
        order = self.order_id
        if self.reason == "cancelled":
            order._order_cancel_remainder()
        # rendering PDFs takes seconds (and a free worker for wkhtmltopdf):
        # a cron does it after this short transaction
        self._order_as_owner().archive_pending = True
        self.env.ref("order_tracking.ir_cron_order_closure_archive")._trigger()
        order.with_context(order_control_bypass_lock=INTERNAL).sudo().write(
            {
                "locked": True,
                "order_closed": True,
                "closed_datetime": fields.Datetime.now(),
                "closed_by_id": self.env.uid,
                "active": False,
            }
        )
        order._order_as_owner().message_post(
            body=self.env._(
                "Closed (%(reason)s) by %(user)s through %(request)s.",
                reason=self._fields["reason"].convert_to_export(self.reason, self),
                user=self.env.user.name,
                request=self.name,
            ),
            subtype_xmlid="order_tracking.mt_order_closed",
        )
        if self.reason == "completed" and order.company_id.order_customer_completion:
            order._order_post_customer_notice(
                COMPLETED_TEMPLATE, self.env._("completion notice")
            )

    @api.model
    def _cron_archive_documents(self, batch_size=20):
        """Render and attach the documents of approved closures, in batches;
        a request whose documents fail is logged and left for the next run."""
        batch = self.search([("archive_pending", "=", True)], limit=batch_size)
        done = 0
        for request in batch:
            try:
                with self.env.cr.savepoint():
                    request._archive_store()
            except Exception:
                _logger.exception(
                    "order tracking: archiving the documents of %s failed",
                    request.name,
                )
                continue
            done += 1
        left = self.search_count([("archive_pending", "=", True)])
        self.env["ir.cron"]._notify_progress(done=done, remaining=left)
        return done

    def _archive_store(self):
        """Render this approved closure's documents and attach them."""
        self.ensure_one()
        self._order_as_owner().write(
            {
                "archive_attachment_ids": [
                    fields.Command.set(self._archive_documents().ids)
                ],
                "archive_pending": False,
            }
        )

    def _get_archive_reports(self):
        """(report xml id, records) to archive; override to archive more."""
        self.ensure_one()
        order = self.order_id
        pickings = order.picking_ids.filtered(lambda p: p.state == "done")
        invoices = order.invoice_ids.filtered(lambda m: m.state == "posted")
        return [
            ("sale.action_report_saleorder", order),
            ("stock.action_report_delivery", pickings),
            ("account.account_invoices", invoices),
        ]

    def _archive_documents(self):
        """Render the order's documents and attach them to this request."""
        self.ensure_one()
        report_model = self.env["ir.actions.report"].sudo()
        vals_list = []
        for xmlid, records in self._get_archive_reports():
            for record in records:
                content, kind = report_model._render_qweb_pdf(xmlid, record.ids)
                vals_list.append(
                    {
                        "name": f"{record.name.replace('/', '_')}.{kind}",
                        "raw": content,
                        "res_model": self._name,
                        "res_id": self.id,
                        "mimetype": "application/pdf" if kind == "pdf" else "text/html",
                    }
                )
        return self.env["ir.attachment"].sudo().create(vals_list)
