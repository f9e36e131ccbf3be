# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A sales team's own group-chat webhook, overriding its company's."""

from odoo import api, fields, models

from .res_company_notify import WEBHOOK_KINDS, _check_webhook_url


class CrmTeam(models.Model):
    _inherit = "crm.team"

    order_webhook_kind = fields.Selection(
        selection=WEBHOOK_KINDS,
        string="Group Chat",
        help="This team's group robot, instead of the company's.",
    )
    order_webhook_url = fields.Char(
        string="Group Chat Webhook URL",
        groups="base.group_system,order_entry_control.group_order_control_manager",
        help="The robot's webhook URL (its key is a secret: it is never logged).",
    )

    @api.constrains("order_webhook_kind", "order_webhook_url")
    def _check_order_webhook_url(self):
        for team in self:
            _check_webhook_url(
                self.env, team.order_webhook_kind, team.order_webhook_url, team.name
            )
