# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The configured steps of the approval engine: for which model, in which
order, who acts, when a step applies (always, above an amount, or on the
findings of given checks), and its time allowed in working hours."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A year of working days: anything longer is a typing error.
MAX_SLA_HOURS = 2000


class OrderReviewStep(models.Model):
    """A review or approval step that controlled orders go through."""

    _name = "order.review.step"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order Review Step"
    _order = "sequence, id"
    _order_user_fields = frozenset(
        {
            "model_id",
            "name",
            "sequence",
            "active",
            "step_type",
            "group_id",
            "user_id",
            "condition",
            "amount_threshold",
            "rule_ids",
            "sla_hours",
            "escalation_user_id",
            "company_id",
        }
    )

    model_id = fields.Many2one(
        comodel_name="ir.model",
        string="Applies To",
        required=True,
        ondelete="cascade",
        index=True,
        default=lambda self: self.env["ir.model"]._get("sale.order"),
        domain=lambda self: [("model", "in", self._approval_models())],
        help="The documents that go through this step: quotations, change "
        "requests, closure requests.",
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    step_type = fields.Selection(
        selection=[("review", "Review"), ("approval", "Approval")],
        string="Type",
        required=True,
        default="review",
        help="Review steps are passed (the order is To Review); approval steps "
        "are approved (the order is To Approve).",
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Reviewer Group",
        help="Members of this group can act on the step.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewer",
        help="This user can act on the step (in addition to the group).",
    )
    condition = fields.Selection(
        selection=[
            ("always", "Always"),
            ("amount", "Total above an amount"),
            ("large", "Large order (amount in Settings)"),
            ("findings", "Findings of given checks present"),
            ("finance", "Finance review (as set in Settings)"),
        ],
        required=True,
        default="always",
        help="Finance review: the step joins quotations as the Finance Review "
        "setting says (every order, credit terms or payment before shipping, "
        "or only the findings of its checks).",
    )
    amount_threshold = fields.Float(
        string="Amount Above",
        help="The step applies to orders whose total (in company currency) is "
        "above this amount.",
    )
    rule_ids = fields.Many2many(
        comodel_name="order.control.rule",
        string="Checks",
        help="The step applies when one of these checks found something that "
        "needs approval and that was not waived.",
    )
    sla_hours = fields.Float(
        string="SLA (working hours)",
        help="Time allowed to act. 0: the company's review or approval SLA.",
    )
    escalation_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Escalate To",
        help="Gets an activity when the step is late. Empty: the Order Control "
        "Managers.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Empty: the step applies to every company.",
    )

    # === CONSTRAINT METHODS === #

    @api.constrains("group_id", "user_id", "step_type")
    def _check_reviewer(self):
        for step in self:
            if not step.group_id and not step.user_id:
                raise ValidationError(
                    self.env._(
                        "Review step '%(step)s' needs a reviewer group or a reviewer.",
                        step=step.name,
                    )
                )

    @api.constrains("sla_hours", "amount_threshold")
    def _check_numbers(self):
        for step in self:
            if not 0 <= step.sla_hours <= MAX_SLA_HOURS:
                raise ValidationError(
                    self.env._(
                        "The SLA of review step '%(step)s' must be between 0 and "
                        "%(max)s working hours.",
                        step=step.name,
                        max=MAX_SLA_HOURS,
                    )
                )
            if step.amount_threshold < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of review step '%(step)s' cannot be negative.",
                        step=step.name,
                    )
                )

    @api.constrains("condition", "rule_ids")
    def _check_condition(self):
        for step in self:
            if step.condition == "findings" and not step.rule_ids:
                raise ValidationError(
                    self.env._(
                        "Review step '%(step)s' applies on findings: choose the "
                        "checks.",
                        step=step.name,
                    )
                )

    # === BUSINESS METHODS === #

    @api.model
    def _approval_models(self):
        """The models that use the approval engine."""
        registry = self.env.registry
        return [
            name
            for name in registry.descendants(["order.approval.mixin"], "_inherit")
            if not registry[name]._abstract
        ]

    def _get_sla_hours(self, company):
        """Working hours allowed for this step in ``company``."""
        self.ensure_one()
        if self.sla_hours:
            return self.sla_hours
        if self.step_type == "approval":
            return company.order_approval_sla_hours
        return company.order_review_sla_hours

    def _get_escalation_users(self, document):
        """Who hears of a late step of ``document``: the escalation user, else
        the managers of its company."""
        self.ensure_one()
        if self.escalation_user_id:
            return self.escalation_user_id
        # one search (active users of the group allowed in the company)
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "order_entry_control.group_order_control_manager", raise_if_not_found=True
        )
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group_id),
                    ("company_ids", "in", document.company_id.ids),
                ],
                order="id",
            )
            .with_env(self.env)
        )
