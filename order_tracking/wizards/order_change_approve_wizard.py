# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The approval dialog of a change request: the approver names who carries
the change out and by when (required to approve), then approves."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class OrderChangeApproveWizard(models.TransientModel):
    _name = "order.change.approve.wizard"
    _description = "Approve Change Request"

    request_id = fields.Many2one(
        comodel_name="order.change.request",
        string="Change Request",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Carried Out By",
        domain=[("share", "=", False)],
        help="Who carries the change out.",
    )
    date_deadline = fields.Datetime(
        string="Carry Out By", help="When the change must be carried out."
    )
    comment = fields.Text(help="Kept with the decision.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["order.change.request"].browse(values.get("request_id"))
        if request.exists():
            values.setdefault("owner_id", request.owner_id.id)
            values.setdefault("date_deadline", request.date_deadline)
        return values

    def action_confirm(self):
        """Name the owner and the deadline on the request, then approve it."""
        self.ensure_one()
        request = self.request_id
        missing = [
            label
            for label, value in (
                (self.env._("who carries it out"), self.owner_id),
                (self.env._("by when"), self.date_deadline),
            )
            if not value
        ]
        if missing:
            raise UserError(
                self.env._(
                    "To approve %(request)s, name %(missing)s.",
                    request=request.name,
                    missing=self.env._(" and ").join(missing),
                )
            )
        if not request._request_can_decide():
            raise UserError(
                self.env._(
                    "You cannot decide %(request)s: it is not waiting for your "
                    "approval.",
                    request=request.name,
                )
            )
        # the field policy lets whoever decides the pending step name them
        request.write(
            {"owner_id": self.owner_id.id, "date_deadline": self.date_deadline}
        )
        request.action_approve(comment=(self.comment or "").strip() or None)
        return {"type": "ir.actions.act_window_close"}
