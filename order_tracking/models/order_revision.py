# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import api, fields, models


class OrderRevision(models.Model):
    """The values of an order before one applied change request.

    Field policy: every field is written by the change request's apply action.
    """

    _name = "order.revision"
    _inherit = ["order.field.policy"]
    _description = "Order Revision"
    _order_owned_fields = frozenset(
        {
            "order_id",
            "revision",
            "change_request_id",
            "user_id",
            "date",
            "snapshot",
            "amount_total_before",
            "amount_total_after",
            "diff_html",
        }
    )
    _order = "order_id, revision desc"
    _rec_name = "revision"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    revision = fields.Integer(required=True, readonly=True)
    change_request_id = fields.Many2one(
        comodel_name="order.change.request", string="Change Request", readonly=True
    )
    cause = fields.Selection(related="change_request_id.cause")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Applied By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    snapshot = fields.Json(
        string="Previous Values",
        readonly=True,
        help="Header and lines of the order before this revision.",
    )
    amount_total_before = fields.Monetary(string="Total Before", readonly=True)
    amount_total_after = fields.Monetary(string="Total After", readonly=True)
    diff_html = fields.Html(string="Changes", readonly=True, sanitize=True)
    previous_lines_html = fields.Html(
        string="Previous Lines", compute="_compute_previous_lines_html"
    )

    _sql_constraints = [
        (
            "revision_unique",
            "unique(order_id, revision)",
            "An order cannot have the same revision twice.",
        ),
    ]

    # === COMPUTE METHODS === #

    @api.depends("order_id.name", "revision")
    def _compute_display_name(self):
        for record in self:
            record.display_name = self.env._(
                "%(order)s · Revision %(revision)s",
                order=record.order_id.name or "",
                revision=record.revision,
            )

    def _compute_previous_lines_html(self):
        for record in self:
            lines = (record.snapshot or {}).get("lines", [])
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    escape(line.get("product", "")),
                    escape(line.get("qty", "")),
                    escape(line.get("price_unit", "")),
                    escape(line.get("discount", "")),
                )
                for line in lines
            )
            record.previous_lines_html = Markup(
                '<table class="table table-sm"><tr><th>%s</th><th>%s</th><th>%s</th>'
                "<th>%s</th></tr>%s</table>"
            ) % (
                self.env._("Product"),
                self.env._("Quantity"),
                self.env._("Unit Price"),
                self.env._("Discount (%)"),
                rows,
            )
