# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

CHANGE_CAUSES = [
    ("customer", "Customer request"),
    ("entry_error", "Entry error"),
    ("stock", "Stock"),
    ("production", "Production"),
    ("other", "Other"),
]


class OrderChangeRequest(models.Model):
    """A change request form (订单变更申请表) of a released or approved order."""

    _name = "order.change.request"
    _description = "Order Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

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
    impact = fields.Text()
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    submitted_datetime = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        comodel_name="res.users", string="Approved By", readonly=True, copy=False
    )
    approved_datetime = fields.Datetime(readonly=True, copy=False)
    applied_datetime = fields.Datetime(readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Carried Out By",
        help="Named by the approver: who carries the change out.",
    )
    date_deadline = fields.Datetime(
        string="Carry Out By", help="Named by the approver."
    )
    line_ids = fields.One2many(
        comodel_name="order.change.request.line",
        inverse_name="request_id",
        string="Changes",
    )
    new_commitment_date = fields.Datetime(string="New Delivery Date")
    new_partner_shipping_id = fields.Many2one(
        comodel_name="res.partner", string="New Delivery Address"
    )
    new_payment_term_id = fields.Many2one(
        comodel_name="account.payment.term", string="New Payment Terms"
    )
    new_client_order_ref = fields.Char(string="New Customer Reference")
    revision = fields.Integer(
        readonly=True, copy=False, help="Revision of the order this change created."
    )


class OrderChangeRequestLine(models.Model):
    """One proposed change of one order line."""

    _name = "order.change.request.line"
    _description = "Order Change Request Line"
    _order = "request_id, id"

    request_id = fields.Many2one(
        comodel_name="order.change.request",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    change_type = fields.Selection(
        selection=[
            ("update", "Change a line"),
            ("add", "Add a line"),
            ("remove", "Remove a line"),
        ],
        required=True,
        default="update",
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", ondelete="set null"
    )
    product_id = fields.Many2one(comodel_name="product.product")
    old_qty = fields.Float(string="Old Quantity", digits="Product Unit of Measure")
    new_qty = fields.Float(string="New Quantity", digits="Product Unit of Measure")
    old_price = fields.Float(string="Old Unit Price", digits="Product Price")
    new_price = fields.Float(string="New Unit Price", digits="Product Price")
    old_discount = fields.Float(string="Old Discount (%)", digits="Discount")
    new_discount = fields.Float(string="New Discount (%)", digits="Discount")
    old_lead = fields.Float(string="Old Lead Time (days)")
    new_lead = fields.Float(string="New Lead Time (days)")
