# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A test-only document plugged into the approval engine (loaded with
odoo-test-helper): what another addon writes to have its records approved."""

from odoo import fields, models
from odoo.exceptions import UserError


class OrderApprovalTester(models.Model):
    _name = "order.approval.tester"
    _description = "Approval engine test document"
    _inherit = ["order.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _approval_activity_type = "mail.mail_activity_data_todo"
    _order_owned_fields = frozenset({"state", "requested_by_id"})
    _order_user_fields = frozenset({"name", "company_id", "amount"})

    name = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda s: s.env.company)
    amount = fields.Float()
    requested_by_id = fields.Many2one(
        "res.users", readonly=True, default=lambda s: s.env.user
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")]
        + [("rejected", "Rejected")],
        default="draft",
        readonly=True,
    )

    def action_submit(self):
        self._approval_lock()
        self._approval_submit({"state": "submitted"})

    def action_approve(self):
        self._approval_approve()

    def action_reject(self, reason):
        self._approval_reject(reason)

    def _approval_requesters(self):
        return self.requested_by_id

    def _approval_amount(self):
        return self.amount

    def _approval_check_open(self):
        if self.state != "submitted":
            raise UserError(self.env._("Not waiting for approval."))

    def _approval_state_values(self, next_review):
        return {} if next_review else {"state": "approved"}

    def _approval_rejected_values(self, reason):
        return {"state": "rejected"}
