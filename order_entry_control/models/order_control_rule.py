# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

SEVERITIES = [
    ("block", "Block"),
    ("approval", "Needs approval"),
    ("warning", "Warning"),
]


class OrderControlRule(models.Model):
    """An entry check of a built-in kind; its parameters live in Settings."""

    _name = "order.control.rule"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order Entry Check"
    _order = "sequence, id"
    _order_user_fields = frozenset(
        {"name", "sequence", "active", "kind", "severity", "description", "company_id"}
    )

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        selection=[
            ("customer", "Customer data complete"),
            ("lines", "Order lines complete"),
            ("delivery_date", "Delivery date present and feasible"),
            ("amount", "Total matches the customer's document"),
            ("price", "Prices and discounts within policy"),
            ("gift", "Gifts and promotions within policy"),
            ("duplicate", "Duplicate or similar order"),
            ("credit", "Credit limit and overdue invoices"),
            ("stock", "Stock available in the warehouse"),
        ],
        required=True,
        help="What the check looks at. Its thresholds are set in Settings > "
        "Sales > Order Control.",
    )
    severity = fields.Selection(
        selection=SEVERITIES,
        required=True,
        default="warning",
        help="Block: the order cannot be submitted. Needs approval: adds the "
        "review steps that name this check. Warning: shown only. The credit "
        "check takes its severity from the Credit Check setting.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Empty: the check applies to every company.",
    )

    def _effective_severity(self, company):
        """Severity of this check for an order of ``company`` (False: off)."""
        self.ensure_one()
        if self.kind == "credit":
            return {
                "off": False,
                "warn": "warning",
                "approval": "approval",
                "block": "block",
            }[company.order_credit_check_mode]
        return self.severity
