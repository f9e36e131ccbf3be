# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The findings of the entry checks (order.control.finding): what a check
found on an order, waiving a finding with a reason (Order Control Managers),
opening the stock-out routine from a stock shortage, and the order's field a
finding concerns (named by its label in the reader's language; the form
highlights it and the findings list leads to it)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .order_control_rule import SEVERITIES


class OrderControlFinding(models.Model):
    """What an entry check found on an order."""

    _name = "order.control.finding"
    _inherit = ["order.field.policy"]
    _description = "Order Check Finding"
    _order = "order_id, severity_rank, id"
    _rec_name = "message"
    # written by the checks and the waive action only
    _order_owned_fields = frozenset(
        {
            "order_id",
            "line_id",
            "rule_id",
            "severity",
            "message",
            "field_name",
            "waived",
            "waive_reason",
            "waived_by_id",
            "waived_date",
        }
    )

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        ondelete="cascade",
    )
    rule_id = fields.Many2one(
        comodel_name="order.control.rule",
        string="Check",
        required=True,
        ondelete="cascade",
    )
    kind = fields.Selection(related="rule_id.kind", store=True, precompute=True)
    severity = fields.Selection(selection=SEVERITIES, required=True)
    severity_rank = fields.Integer(
        compute="_compute_severity_rank", store=True, precompute=True
    )
    message = fields.Text(required=True)
    field_name = fields.Char(
        string="Field Name",
        readonly=True,
        help="Technical name of the order's field this finding concerns.",
    )
    field_label = fields.Char(
        string="Field",
        compute="_compute_field_label",
        help="The field this finding concerns, as the quotation form labels it.",
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    waived = fields.Boolean(readonly=True)
    waive_reason = fields.Text(readonly=True)
    waived_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    waived_date = fields.Datetime(readonly=True)

    @api.depends("severity")
    def _compute_severity_rank(self):
        ranks = {"block": 0, "approval": 1, "warning": 2}
        for finding in self:
            finding.severity_rank = ranks.get(finding.severity, 3)

    @api.depends("field_name")
    @api.depends_context("lang")
    def _compute_field_label(self):
        fields_ = self.env["sale.order"]._fields
        for finding in self:
            field = fields_.get(finding.field_name or "")
            finding.field_label = field._description_string(self.env) if field else ""

    @api.depends("order_id.name", "rule_id.name", "message")
    def _compute_display_name(self):
        for finding in self:
            finding.display_name = " · ".join(
                filter(
                    None,
                    [finding.order_id.name, finding.rule_id.name or finding.message],
                )
            )

    # === ACTION METHODS === #

    def action_open_waive_wizard(self):
        """Open the reason dialog that waives these findings."""
        self._check_can_waive()
        return self.env["order.control.reason.wizard"]._action_open(self, "waive")

    def action_open_stockout_wizard(self):
        """Open the stock-out routine for this stock finding."""
        self.ensure_one()
        if self.kind != "stock" or not self.line_id:
            raise UserError(
                self.env._("Only stock shortages have a stock-out routine.")
            )
        order = self.order_id
        order.check_access("write")
        product = self.line_id.product_id
        shortfall = self.env["order.stockout.wizard"]._shortfall(order, product)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Stock-Out"),
            "res_model": "order.stockout.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": order.id,
                "default_product_id": product.id,
                "default_shortfall_qty": shortfall,
            },
        }

    def action_waive(self, reason):
        """Waive these findings with ``reason`` (Order Control Managers only)."""
        self._check_can_waive()
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give a reason to waive a finding."))
        # checked above: a manager waives, with a reason
        self.sudo().write(
            {
                "waived": True,
                "waive_reason": reason,
                "waived_by_id": self.env.uid,
                "waived_date": fields.Datetime.now(),
            }
        )
        subtype = self.env.ref("order_entry_control.mt_order_finding_waived")
        for order in self.order_id:
            findings = self.filtered(lambda f, o=order: f.order_id == o)
            order._order_as_owner().message_post(
                body=self.env._(
                    "Finding waived by %(user)s: %(findings)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    findings="; ".join(findings.mapped("message")),
                    reason=reason,
                ),
                subtype_id=subtype.id,
            )
        return True

    def _check_can_waive(self):
        if not self.env.user.has_group(
            "order_entry_control.group_order_control_manager"
        ):
            raise AccessError(
                self.env._("Only Order Control Managers can waive a finding.")
            )
        if self.filtered("waived"):
            raise UserError(self.env._("This finding is already waived."))
        closed = self.order_id.filtered(
            lambda o: (
                o.state not in ("draft", "sent")
                or o.review_state not in ("draft", "rejected")
            )
        )
        if closed:
            raise UserError(
                self.env._(
                    "Findings can be waived only on quotations that are not under "
                    "review: %(orders)s.",
                    orders=", ".join(closed.mapped("name")),
                )
            )
