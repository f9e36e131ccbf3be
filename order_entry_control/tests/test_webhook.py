# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The group-chat webhook: messages queued in the user's transaction, posted
to a real HTTP server on loopback, retried after a failure with a delay,
never with the robot's key in the log; bad URLs refused in Settings; the
queue readable by Order Control managers only, of their companies."""

import json
import socket
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .common import OrderControlFixtures

SECRET = "k3y-5ecret-0f-the-robot"
LOGGER = "odoo.addons.order_entry_control.models.order_webhook_message"
# Monday 7 December 2026, 10:00 in Shanghai
MONDAY = datetime(2026, 12, 7, 2, 0)


class _Robot(BaseHTTPRequestHandler):
    """A group robot: answers each POST with the next status of ``statuses``."""

    statuses = []
    received = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append((self.path, json.loads(self.rfile.read(length))))
        status = self.statuses.pop(0) if self.statuses else 200
        body = json.dumps({"errcode": 0 if status == 200 else 500}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestGroupChatWebhook(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.company.order_notify_reviewers = False
        cls.server = HTTPServer(("127.0.0.1", 0), _Robot)
        cls.port = cls.server.server_address[1]
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.url = f"http://127.0.0.1:{cls.port}/robot/send?access_token={SECRET}"
        cls.company.write(
            {"order_webhook_kind": "custom", "order_webhook_url": cls.url}
        )
        cls.other_company = cls.env["res.company"].create({"name": "OC Webhook Other"})
        cls.other_manager = new_test_user(
            cls.env,
            login="oc_wh_other_manager",
            groups="base.group_user,order_entry_control.group_order_control_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def setUp(self):
        super().setUp()
        _Robot.statuses = []
        _Robot.received = []

    def _queued(self):
        with freeze_time(MONDAY):
            order = self._submit(self._create_order())
        message = self.env["order.webhook.message"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        return order, message

    # === QUEUE AND DELIVERY === #

    def test_step_reached_queued_and_posted(self):
        order, message = self._queued()
        self.assertEqual(message.event, "step")
        self.assertEqual(message.state, "pending")
        # nothing leaves before the commit: the user's transaction is untouched
        self.assertFalse(_Robot.received)
        with freeze_time(MONDAY):
            self.assertEqual(self.env["order.webhook.message"]._cron_send(), 1)
        self.assertEqual(message.state, "sent")
        path, payload = _Robot.received[0]
        self.assertEqual(path, f"/robot/send?access_token={SECRET}")
        self.assertEqual(payload["msgtype"], "markdown")
        self.assertIn(order.name, payload["markdown"]["title"])
        self.assertIn("2026-12-07 12:00", payload["markdown"]["text"])

    def test_wecom_and_dingtalk_payloads(self):
        Message = self.env["order.webhook.message"]
        wecom = Message._order_webhook_payload("wecom", "T", "body")
        self.assertEqual(
            wecom, {"msgtype": "markdown", "markdown": {"content": "**T**\nbody"}}
        )
        dingtalk = Message._order_webhook_payload("dingtalk", "T", "body")
        self.assertEqual(
            dingtalk,
            {"msgtype": "markdown", "markdown": {"title": "T", "text": "### T\nbody"}},
        )

    def test_server_error_retried_later_without_the_secret_in_the_log(self):
        _Robot.statuses = [500, 200]
        _order, message = self._queued()
        with freeze_time(MONDAY), self.assertLogs(LOGGER, "WARNING") as logs:
            self.env["order.webhook.message"]._cron_send()
        self.assertEqual(message.state, "pending")
        self.assertEqual(message.attempts, 1)
        self.assertIn("500", message.last_error)
        self.assertEqual(message.next_attempt, MONDAY + timedelta(minutes=1))
        self.assertNotIn(SECRET, "\n".join(logs.output))
        self.assertIn(f"127.0.0.1:{self.port}/robot/send?***", logs.output[0])
        # not before its delay
        with freeze_time(MONDAY + timedelta(seconds=30)):
            self.assertEqual(self.env["order.webhook.message"]._cron_send(), 0)
        with freeze_time(MONDAY + timedelta(minutes=2)):
            self.assertEqual(self.env["order.webhook.message"]._cron_send(), 1)
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.attempts, 2)
        self.assertEqual(len(_Robot.received), 2)

    def test_unreachable_server_gives_up_after_five_attempts(self):
        _order, message = self._queued()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        self.company.order_webhook_url = (
            f"http://127.0.0.1:{closed_port}/hook?key={SECRET}"
        )
        moment = MONDAY
        with self.assertLogs(LOGGER, "WARNING") as logs:
            for _attempt in range(5):
                with freeze_time(moment):
                    self.env["order.webhook.message"]._cron_send()
                moment += timedelta(hours=1)
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.attempts, 5)
        self.assertNotIn(SECRET, "\n".join(logs.output))
        self.assertNotIn(SECRET, message.last_error)

    def test_manager_sends_a_failed_message_again(self):
        _order, message = self._queued()
        message.write({"state": "failed", "attempts": 5})
        with self.assertRefused(AccessError, "not allowed|Only Order Control"):
            message.with_user(self.clerk).action_retry()
        message.with_user(self.manager).action_retry()
        self.assertEqual((message.state, message.attempts), ("pending", 0))
        self.assertEqual(self.env["order.webhook.message"]._cron_send(), 1)
        self.assertEqual(message.state, "sent")

    def test_team_webhook_overrides_the_company(self):
        team = self.env["crm.team"].create(
            {
                "name": "East China",
                "company_id": self.company.id,
                "order_webhook_kind": "custom",
                "order_webhook_url": f"http://127.0.0.1:{self.port}/team?key=t",
            }
        )
        with freeze_time(MONDAY):
            self._submit(self._create_order(team_id=team.id))
            self.env["order.webhook.message"]._cron_send()
        self.assertEqual(_Robot.received[0][0], "/team?key=t")

    def test_late_step_and_escalation_posted(self):
        order, _message = self._queued()
        with freeze_time(MONDAY + timedelta(hours=5)):
            self.env["order.review"]._cron_check_sla()
            self.env["order.webhook.message"]._cron_send()
        late = self.env["order.webhook.message"].search([("event", "=", "escalation")])
        self.assertEqual(len(late), 1)
        text = _Robot.received[-1][1]["markdown"]["text"]
        self.assertIn(order.name, _Robot.received[-1][1]["markdown"]["title"])
        self.assertIn("Escalated to", text)

    def test_no_webhook_nothing_queued(self):
        self.company.write({"order_webhook_kind": False, "order_webhook_url": False})
        _order, message = self._queued()
        self.assertFalse(message)

    # === BAD URLS === #

    def test_bad_urls_refused(self):
        cases = [
            ("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "https"),
            ("wecom", "https://evil.example.com/cgi-bin/webhook/send?key=x", "https"),
            ("dingtalk", "https://qyapi.weixin.qq.com/robot/send?x=1", "oapi"),
            ("custom", "ftp://127.0.0.1/hook", "http"),
            ("custom", "not a url", "http"),
            (False, "https://oapi.dingtalk.com/robot/send", "kind"),
        ]
        for kind, url, pattern in cases:
            with self.subTest(kind=kind, url=url):
                with self.assertRefused(ValidationError, pattern):
                    self.company.write(
                        {"order_webhook_kind": kind, "order_webhook_url": url}
                    )
        with self.assertRefused(ValidationError, "https://oapi.dingtalk.com/"):
            self.env["crm.team"].create(
                {
                    "name": "Bad",
                    "order_webhook_kind": "dingtalk",
                    "order_webhook_url": "http://oapi.dingtalk.com/robot/send",
                }
            )
        # the robots' own URLs pass
        self.company.write(
            {
                "order_webhook_kind": "wecom",
                "order_webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/"
                "send?key=abc",
            }
        )
        self.company.write(
            {
                "order_webhook_kind": "dingtalk",
                "order_webhook_url": "https://oapi.dingtalk.com/robot/send?"
                "access_token=abc",
            }
        )

    def test_settings_refuse_a_bad_url(self):
        with self.assertRefused(ValidationError, "qyapi.weixin.qq.com"):
            self.env["res.config.settings"].create(
                {
                    "order_webhook_kind": "wecom",
                    "order_webhook_url": "https://x.example/",
                }
            ).execute()

    # === ACCESS === #

    def test_access_per_role(self):
        _order, message = self._queued()
        other = self.env["order.webhook.message"].create(
            {
                "company_id": self.other_company.id,
                "kind": "custom",
                "event": "step",
                "title": "Other",
            }
        )
        for user in (self.clerk, self.reviewer, self.approver, self.salesman):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    AccessError, "not allowed|only through|enough rights"
                ):
                    self.env["order.webhook.message"].with_user(user).search([])
        Manager = self.env["order.webhook.message"].with_user(self.manager)
        self.assertEqual(Manager.search([]), message)
        self.assertEqual(
            self.env["order.webhook.message"].with_user(self.other_manager).search([]),
            other,
        )
        with self.assertRefused(AccessError, "not allowed|only through|enough rights"):
            message.with_user(self.manager).write({"state": "sent"})
        with self.assertRefused(AccessError, "not allowed|only through|enough rights"):
            Manager.create(
                {"company_id": self.company.id, "kind": "custom", "event": "step"}
            )
        # the URL (and its key) is not readable by a salesperson
        with self.assertRefused(AccessError, "not allowed|only through|enough rights"):
            self.company.with_user(self.salesman).read(["order_webhook_url"])
