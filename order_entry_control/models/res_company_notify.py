# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The company settings of the notifications that reach people outside the
Odoo tab: the daily digest, the customer's acknowledgement and the group-chat
webhook (its URL checked here, for companies and sales teams alike)."""

from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The hosts of the group robots: a webhook of these kinds goes there only.
WEBHOOK_HOSTS = {
    "wecom": "qyapi.weixin.qq.com",
    "dingtalk": "oapi.dingtalk.com",
}
WEBHOOK_KINDS = [
    ("wecom", "WeCom (企业微信) group robot"),
    ("dingtalk", "DingTalk group robot"),
    ("custom", "Custom (any HTTP(S) URL)"),
]


def _check_webhook_url(env, kind, url, owner):
    """Refuse a webhook ``url`` that is not of ``kind`` (raise ValidationError
    saying what to fix); ``owner`` names the company or team in the message."""
    if not url:
        return
    if not kind:
        raise ValidationError(
            env._(
                "Choose the kind of the group-chat webhook of %(owner)s (WeCom, "
                "DingTalk or custom).",
                owner=owner,
            )
        )
    parts = urlsplit(url.strip())
    if kind == "custom":
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(
                env._(
                    "The group-chat webhook of %(owner)s must be an http(s) URL, "
                    "such as https://chat.example.com/hook.",
                    owner=owner,
                )
            )
        return
    if parts.scheme != "https" or parts.hostname != WEBHOOK_HOSTS[kind]:
        raise ValidationError(
            env._(
                "The %(kind)s webhook of %(owner)s must start with https://%(host)s/ "
                "(copy the robot's URL from the group settings), or choose the "
                "kind 'Custom'.",
                kind=dict(WEBHOOK_KINDS)[kind].split(" (")[0],
                owner=owner,
                host=WEBHOOK_HOSTS[kind],
            )
        )


class ResCompany(models.Model):
    _inherit = "res.company"

    order_digest_enabled = fields.Boolean(
        string="Daily Digest",
        default=True,
        help="Every working morning (08:00, company time) each person with open "
        "or late review steps or late milestones gets one message listing "
        "them, by e-mail or in Odoo as they prefer.",
    )
    order_customer_ack = fields.Boolean(
        string="Order Acknowledgement to Customer",
        help="When a controlled order is approved, the customer gets the "
        "acknowledgement (订单确认) by e-mail.",
    )
    order_webhook_kind = fields.Selection(
        selection=WEBHOOK_KINDS,
        string="Group Chat",
        help="The group robot that hears of starting, late and escalated steps.",
    )
    order_webhook_url = fields.Char(
        string="Group Chat Webhook URL",
        groups="base.group_system,order_entry_control.group_order_control_manager",
        help="The robot's webhook URL (its key is a secret: it is never logged).",
    )

    @api.constrains("order_webhook_kind", "order_webhook_url")
    def _check_order_webhook_url(self):
        for company in self:
            _check_webhook_url(
                self.env,
                company.order_webhook_kind,
                company.order_webhook_url,
                company.name,
            )
