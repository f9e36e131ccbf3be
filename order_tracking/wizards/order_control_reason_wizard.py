# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OrderControlReasonWizard(models.TransientModel):
    _inherit = "order.control.reason.wizard"

    action = fields.Selection(
        selection_add=[
            ("reject_change", "Reject Change Request"),
            ("reject_closure", "Reject Closure Request"),
            ("reopen", "Reopen Order"),
        ],
        ondelete={
            "reject_change": "cascade",
            "reject_closure": "cascade",
            "reopen": "cascade",
        },
    )

    @api.model
    def _get_actions(self):
        actions = super()._get_actions()
        actions.update(
            reject_change=("order.change.request", "action_reject"),
            reject_closure=("order.closure.request", "action_reject"),
            reopen=("sale.order", "action_reopen"),
        )
        return actions

    @api.model
    def _get_titles(self):
        titles = super()._get_titles()
        titles.update(
            reject_change=self.env._("Reject Change Request"),
            reject_closure=self.env._("Reject Closure Request"),
            reopen=self.env._("Reopen Order"),
        )
        return titles
