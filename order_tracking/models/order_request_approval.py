# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OrderRequestApproval(models.Model):
    """One approval step of a change or closure request, and its decision.

    Field policy: every field is written by the request's actions only.
    """

    _name = "order.request.approval"
    _inherit = ["order.field.policy"]
    _description = "Order Request Approval"
    _order = "sequence, id"
    _order_owned_fields = frozenset(
        {
            "change_request_id",
            "closure_request_id",
            "name",
            "sequence",
            "review_step_id",
            "group_id",
            "user_ids",
            "sla_hours",
            "state",
            "started_on",
            "deadline",
            "decided_by_id",
            "decided_on",
            "comment",
        }
    )

    change_request_id = fields.Many2one(
        comodel_name="order.change.request", ondelete="cascade", index=True
    )
    closure_request_id = fields.Many2one(
        comodel_name="order.closure.request", ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
    )
    name = fields.Char(string="Step", required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    review_step_id = fields.Many2one(
        comodel_name="order.review.step",
        string="Review Step",
        readonly=True,
        help="The order's review step this approval repeats for a material change.",
    )
    group_id = fields.Many2one(
        comodel_name="res.groups", string="Approver Group", readonly=True
    )
    user_ids = fields.Many2many(
        comodel_name="res.users", string="Approvers", readonly=True
    )
    sla_hours = fields.Float(readonly=True)
    state = fields.Selection(
        selection=[
            ("waiting", "Waiting"),
            ("pending", "Pending"),
            ("done", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="waiting",
        readonly=True,
    )
    started_on = fields.Datetime(readonly=True)
    deadline = fields.Datetime(readonly=True)
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided By", readonly=True
    )
    decided_on = fields.Datetime(readonly=True)
    comment = fields.Text(readonly=True)

    @api.depends("change_request_id.company_id", "closure_request_id.company_id")
    def _compute_company_id(self):
        for approval in self:
            request = approval.change_request_id or approval.closure_request_id
            approval.company_id = request.company_id
