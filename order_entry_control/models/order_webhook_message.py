# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The group-chat queue: one record per message to a WeCom or DingTalk group
robot (or a custom webhook), written in the user's transaction and sent
after it commits, or by the retry cron with a growing delay between attempts.

Sending never breaks the user's action: nothing is posted before the commit,
each message is sent in its own savepoint, and a failure is logged (the URL's
query string masked: it holds the robot's key) and retried until
``MAX_ATTEMPTS``. The URL is read from the sales team, else the company, when
the message is sent; the queue keeps only its kind."""

import json
import logging
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import requests

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .res_company_notify import WEBHOOK_KINDS

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
TIMEOUT = 10
BATCH = 50


# What a name must not bring into a robot's markdown: a bracket would end or
# start a link, an angle bracket a WeCom ``<font>`` tag, an asterisk or a
# backquote emphasis or code, a line break a heading or a list of its own.
# They become their full-width forms, which read the same in Chinese text.
MARKDOWN_PLAIN = str.maketrans(
    {
        "[": "［",
        "]": "］",
        "<": "＜",
        ">": "＞",
        "*": "＊",
        "`": "｀",
        "\\": "＼",
        "\n": " ",
        "\r": " ",
    }
)


def _mask_url(url):
    """``url`` without its query string and fragment (they hold the key)."""
    if not url:
        return ""
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, "***" if parts.query else "", "")
    )


def _mask_text(text, url):
    """``text`` with every trace of ``url``'s secret parts replaced."""
    text = str(text)
    parts = urlsplit(url or "")
    for secret in (url, parts.query, parts.fragment):
        if secret:
            text = text.replace(secret, "***")
    return text


class OrderWebhookMessage(models.Model):
    _name = "order.webhook.message"
    _inherit = ["order.field.policy"]
    _description = "Order Control: group-chat message"
    _order = "id desc"
    # A run that finds many things late tells each group chat once, listing
    # them (a group robot takes 20 messages a minute): the lines listed, the
    # others counted, and the bytes of the payload (WeCom takes 4,096 bytes
    # of markdown).
    DIGEST_LINES = 20
    DIGEST_BYTES = 4000
    _order_owned_fields = frozenset(
        {
            "company_id",
            "team_id",
            "kind",
            "event",
            "title",
            "payload",
            "state",
            "attempts",
            "next_attempt",
            "last_error",
            "sent_on",
        }
    )

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Sales Team",
        readonly=True,
        ondelete="set null",
        help="The team whose webhook is used (else the company's).",
    )
    kind = fields.Selection(selection=WEBHOOK_KINDS, required=True, readonly=True)
    event = fields.Selection(
        selection=[
            ("step", "Step reached"),
            ("late", "Late"),
            ("escalation", "Escalation"),
        ],
        required=True,
        readonly=True,
    )
    title = fields.Char(readonly=True)
    payload = fields.Text(readonly=True, help="The JSON body that is posted.")
    state = fields.Selection(
        selection=[
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("failed", "Failed"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(readonly=True)
    last_error = fields.Char(readonly=True)
    sent_on = fields.Datetime(readonly=True)

    # === ACTION METHODS === #

    def action_retry(self):
        """Send these failed messages again (Order Control managers), from a
        fresh count of attempts, at the next run of the cron."""
        self.check_access("read")
        if not self.env.user.has_group(
            "order_entry_control.group_order_control_manager"
        ):
            raise AccessError(
                self.env._("Only Order Control managers resend group-chat messages.")
            )
        failed = self.filtered(lambda m: m.state == "failed")
        failed.sudo().write(
            {"state": "pending", "attempts": 0, "next_attempt": fields.Datetime.now()}
        )
        self.env.ref("order_entry_control.ir_cron_order_webhook_send")._trigger()
        return True

    # === BUSINESS METHODS === #

    @api.model
    def _order_webhook_target(self, company, team=None):
        """The (kind, url, team) messages of ``company`` and ``team`` go to,
        or ``(False, False, team)``."""
        team = (team or self.env["crm.team"]).sudo()
        # reading a team costs a query: only those known to have a webhook
        if team.id in team._order_webhook_team_ids() and team.order_webhook_kind:
            return team.order_webhook_kind, team.order_webhook_url, team
        company = company.sudo()
        if company.order_webhook_url and company.order_webhook_kind:
            return company.order_webhook_kind, company.order_webhook_url, team.browse()
        return False, False, team.browse()

    @api.model
    def _order_plain(self, text):
        """``text`` (a name) as plain text in a robot's markdown message."""
        return str(text or "").translate(MARKDOWN_PLAIN)

    @api.model
    def _order_webhook_payload(self, kind, title, text):
        """The JSON body of a markdown message for a robot of ``kind``."""
        if kind == "wecom":
            return {
                "msgtype": "markdown",
                "markdown": {"content": f"**{title}**\n{text}"},
            }
        return {
            "msgtype": "markdown",
            "markdown": {"title": title, "text": f"### {title}\n{text}"},
        }

    @api.model
    def _order_digest_text(self, env, kind, title, lines, count):
        """The text of one message listing ``count`` things, ``lines`` the
        first of them: at most ``DIGEST_LINES`` lines, fewer when the payload
        of a robot of ``kind`` would pass ``DIGEST_BYTES``, then how many more
        (in ``env``'s language). Return the text and the lines it lists."""
        lines = lines[: self.DIGEST_LINES]
        for listed in range(len(lines), -1, -1):
            text = "\n".join(lines[:listed])
            if listed < count:
                more = env._("… and %(count)s more", count=count - listed)
                text = f"{text}\n\n{more}" if listed else more
            payload = json.dumps(
                self._order_webhook_payload(kind, title, text), ensure_ascii=False
            )
            if len(payload.encode()) <= self.DIGEST_BYTES:
                break
        return text, listed

    @api.model
    def _order_message_values(self, company, team, kind, event, title, text):
        """The values of a queued message to the group chat of ``company`` and
        ``team`` (a target of ``_order_webhook_target``, its robot ``kind``):
        the callers queue their batch in one create, then send it after the
        commit (``_order_send_after_commit``)."""
        return {
            "company_id": company.id,
            "team_id": team.id,
            "kind": kind,
            "event": event,
            "title": title,
            "payload": json.dumps(
                self._order_webhook_payload(kind, title, text), ensure_ascii=False
            ),
        }

    @api.model
    def _order_send_after_commit(self, messages):
        """Send ``messages`` in a new transaction once this one commits."""
        data = self.env.cr.postcommit.data
        queued = data.setdefault("order_webhook_message_ids", set())
        if not queued:
            registry = self.env.registry

            def _send():
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["order.webhook.message"]._order_send_due(sorted(queued))

            self.env.cr.postcommit.add(_send)
        queued.update(messages.ids)

    @api.model
    def _cron_send(self):
        """Send the messages due (new ones, and failures whose delay is over)."""
        return self._order_send_due()

    @api.model
    def _order_send_due(self, ids=None):
        """Send the due messages (of ``ids``, when given), each in its own
        savepoint; locked rows (another worker sends them) are skipped."""
        now = fields.Datetime.now()
        self.flush_model(["state", "next_attempt"])
        query = SQL(
            """
            SELECT id FROM order_webhook_message
             WHERE state = 'pending'
               AND (next_attempt IS NULL OR next_attempt <= %s)
               %s
             ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            now,
            SQL("AND id IN %s", tuple(ids)) if ids else SQL(""),
            BATCH,
        )
        self.env.cr.execute(query)
        messages = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        sent = 0
        for message in messages:
            try:
                with self.env.cr.savepoint():
                    sent += message._order_send_one()
            except Exception:
                _logger.exception(
                    "order control: group-chat message %s could not be recorded",
                    message.id,
                )
        if not ids and len(messages) == BATCH:
            self.env.ref("order_entry_control.ir_cron_order_webhook_send")._trigger()
        return sent

    def _order_send_one(self):
        """Post this message to its webhook; record the outcome. Return 1 when
        it was delivered."""
        self.ensure_one()
        kind, url, _team = self._order_webhook_target(self.company_id, self.team_id)
        error = False
        if not url:
            error = self.env._("No group-chat webhook is set any more.")
        else:
            try:
                response = requests.post(
                    url,
                    data=self.payload.encode(),
                    headers={"Content-Type": "application/json; charset=utf-8"},
                    timeout=TIMEOUT,
                )
                error = self._order_response_error(response)
            except requests.RequestException as exc:
                error = _mask_text(exc, url)
        now = fields.Datetime.now()
        if not error:
            self.write(
                {
                    "state": "sent",
                    "sent_on": now,
                    "attempts": self.attempts + 1,
                    "last_error": False,
                    "next_attempt": False,
                }
            )
            return 1
        attempts = self.attempts + 1
        final = attempts >= MAX_ATTEMPTS
        _logger.warning(
            "order control: group-chat message %s to %s failed (attempt %s/%s): %s",
            self.id,
            _mask_url(url),
            attempts,
            MAX_ATTEMPTS,
            error,
        )
        self.write(
            {
                "state": "failed" if final else "pending",
                "attempts": attempts,
                "last_error": str(error)[:500],
                # 1, 2, 4, 8 minutes between attempts
                "next_attempt": False
                if final
                else now + timedelta(minutes=2 ** (attempts - 1)),
            }
        )
        return 0

    @api.model
    def _order_response_error(self, response):
        """The error of a robot's ``response``, or False when it took it."""
        if not 200 <= response.status_code < 300:
            return self.env._("HTTP status %(status)s", status=response.status_code)
        try:
            body = response.json()
        except ValueError:
            return False
        # WeCom and DingTalk answer 200 with an error code when they refuse
        if isinstance(body, dict) and body.get("errcode") not in (None, 0):
            return self.env._(
                "refused by the robot: %(code)s %(message)s",
                code=body.get("errcode"),
                message=str(body.get("errmsg") or "")[:200],
            )
        return False
