# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.order_entry_control.models.sale_order import COMMERCIAL_FIELDS

# Written by the change and closure requests only (as superuser, after their
# own checks), never directly by a user or an RPC client.
CLOSURE_FIELDS = frozenset(
    {"order_revision", "order_closed", "closed_datetime", "closed_by_id", "active"}
)
from odoo.addons.order_entry_control.models.sale_order_line import (
    CHECKED_LINE_FIELDS,
)


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
        tracking=True,
        help="Score from 0 to 100 recorded with the customer's feedback.",
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

    # --- change and closure requests (regulations 16 and 19) --- #

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

    def write(self, vals):
        forged = CLOSURE_FIELDS.intersection(vals)
        if forged and not self.env.su:
            raise UserError(
                self.env._(
                    "%(fields)s change only through change and closure requests.",
                    fields=", ".join(sorted(forged)),
                )
            )
        changed = COMMERCIAL_FIELDS.intersection(vals) - {"order_line"}
        if changed or "order_line" in vals:
            self._check_order_released_unchanged(lines=False if changed else None)
        return super().write(vals)

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
        self.sudo().with_context(order_control_bypass_lock=True).write(
            {
                "order_closed": False,
                "closed_datetime": False,
                "closed_by_id": False,
                "locked": False,
                "active": True,
            }
        )
        for order in self:
            order.message_post(
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
            self.with_context(disable_cancel_warning=True)._action_cancel()
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
        for owner in owners:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Order %(order)s changed (%(request)s): check your task.",
                    order=self.name,
                    request=request.name,
                ),
                user_id=owner.id,
            )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def write(self, vals):
        if CHECKED_LINE_FIELDS.intersection(vals):
            self._check_order_line_changeable()
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
