# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A sales team's own group-chat webhook, overriding its company's: a WeCom
or DingTalk robot set by whoever manages the team, a custom address by an
administrator only."""

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError

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

    @api.model
    @tools.ormcache()
    def _order_webhook_team_ids(self):
        """Ids of the teams with a webhook of their own (cached: a step that
        starts asks, and almost no team has one)."""
        teams = (
            self.sudo()
            .with_context(active_test=False)
            .search([("order_webhook_url", "!=", False)])
        )
        return frozenset(teams.ids)

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(vals.get("order_webhook_url") for vals in vals_list):
            teams._check_order_webhook_custom()
            self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if {"order_webhook_kind", "order_webhook_url"}.intersection(vals):
            self._check_order_webhook_custom()
        if "order_webhook_url" in vals:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        with_hook = self.ids and set(self.ids) & self._order_webhook_team_ids()
        res = super().unlink()
        if with_hook:
            self.env.registry.clear_cache()
        return res

    def _check_order_webhook_custom(self):
        """Refuse a custom webhook set by anyone but an administrator: the server
        posts to whatever address it names (its own ports, the local network),
        while the robots' kinds go to their fixed hosts only."""
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        custom = self.sudo().filtered(
            lambda t: t.order_webhook_kind == "custom" and t.order_webhook_url
        )
        if custom:
            raise AccessError(
                self.env._(
                    "Only an administrator can give %(team)s a custom group-chat "
                    "webhook: the server sends to any address it names. Choose the "
                    "WeCom or DingTalk robot, or ask an administrator.",
                    team=custom[0].name,
                )
            )

    @api.constrains("order_webhook_kind", "order_webhook_url")
    def _check_order_webhook_url(self):
        for team in self:
            _check_webhook_url(
                self.env, team.order_webhook_kind, team.order_webhook_url, team.name
            )
