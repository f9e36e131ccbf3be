# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# What the dialog may do, by action: (model, method taking the reason).
ACTIONS = {
    "reject": ("sale.order", "action_reject"),
    "waive": ("order.control.finding", "action_waive"),
}


class OrderControlReasonWizard(models.TransientModel):
    """Ask for the reason of a rejection or a waiver, then apply it."""

    _name = "order.control.reason.wizard"
    _description = "Order Control Reason"

    action = fields.Selection(
        selection=[("reject", "Reject"), ("waive", "Waive")],
        required=True,
        readonly=True,
    )
    res_ids = fields.Json(string="Records", readonly=True)
    reason = fields.Text(required=True)

    @api.model
    def _get_actions(self):
        """(model, method taking the reason) by action; override to add actions."""
        return dict(ACTIONS)

    @api.model
    def _get_titles(self):
        """Dialog title by action; override with ``_get_actions``."""
        return {
            "reject": self.env._("Reject Order"),
            "waive": self.env._("Waive Finding"),
        }

    @api.model
    def _action_open(self, records, action):
        """Window action that asks for a reason to apply ``action`` to ``records``."""
        return {
            "type": "ir.actions.act_window",
            "name": self._get_titles()[action],
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_action": action, "default_res_ids": records.ids},
        }

    def action_confirm(self):
        """Apply the action with the reason, as the current user."""
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give a reason."))
        model, method = self._get_actions()[self.action]
        ids = self.res_ids if isinstance(self.res_ids, list) else []
        if not all(type(res_id) is int for res_id in ids):
            ids = []  # written by hand over RPC: nothing to act on
        records = self.env[model].browse(ids).exists()
        if not records:
            raise UserError(self.env._("The records to act on no longer exist."))
        getattr(records, method)(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
