# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SLA watcher tells each group chat of the steps that went late in one
message per run (a group robot takes 20 messages a minute): the oldest
deadline first, at most 20 lines then how many more, within 4,000 bytes,
in the company's language; posted to a real HTTP server on loopback."""

import json
import threading
from datetime import datetime, timedelta
from http.server import HTTPServer

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures
from .test_webhook import _Robot

# the steps' deadlines: Monday 2 March 2026 from 10:00 in Shanghai, a minute
# apart; the watcher runs at 21:00 in Shanghai
DUE = datetime(2026, 3, 2, 2, 0)
RUN = "2026-03-02 13:00:00"
LIMIT = 4000


@tagged("post_install", "-at_install")
class TestLateStepsGroupChat(OrderControlFixtures, TransactionCase):
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
        cls.company.write(
            {
                "order_webhook_kind": "custom",
                "order_webhook_url": f"http://127.0.0.1:{cls.port}/robot?key=c",
            }
        )
        cls.step = cls.env.ref("order_entry_control.step_first_review")
        # one escalation user, so that each line names them
        cls.step.escalation_user_id = cls.manager

    def setUp(self):
        super().setUp()
        _Robot.statuses = []
        _Robot.received = []

    def _late_steps(self, count, **order_vals):
        """``count`` pending first-review steps, each on its own order, the
        later created the earlier due (``DUE`` plus ``count - 1 - i``
        minutes): the message must sort them by deadline, not as created."""
        orders = (
            self.env["sale.order"]
            .sudo()
            .create([self._order_vals(**order_vals) for _i in range(count)])
        )
        return (
            self.env["order.review"]
            .sudo()
            .create(
                [
                    {
                        "order_id": order.id,
                        "step_id": self.step.id,
                        "step_type": "review",
                        "sequence": 10,
                        "round": 1,
                        "state": "pending",
                        "user_ids": [Command.set(self.reviewer.ids)],
                        "started_on": DUE - timedelta(hours=2),
                        "deadline": DUE + timedelta(minutes=count - 1 - index),
                    }
                    for index, order in enumerate(orders)
                ]
            )
        )

    def _run(self):
        """One run of the SLA watcher; return the messages it queued."""
        Message = self.env["order.webhook.message"]
        before = Message.search([])
        with freeze_time(RUN):
            Message.env["order.review"]._cron_check_sla()
        return Message.search([]) - before

    def _text(self, message):
        """The markdown of a queued message of a custom webhook, after its
        heading (its title)."""
        text = json.loads(message.payload)["markdown"]["text"]
        heading = f"### {message.title}\n"
        self.assertTrue(text.startswith(heading))
        return text[len(heading) :]

    def _line(self, review, shanghai):
        order = review.order_id
        return (
            f"- [{order.name}]({order.get_base_url()}/mail/view?model=sale.order"
            f"&res_id={order.id}) {self.step.name}, deadline {shanghai}, "
            f"waiting for OC Reviewer, escalated to OC Manager"
        )

    # === ONE MESSAGE PER TARGET AND RUN === #

    def test_ten_late_steps_one_message_oldest_first(self):
        reviews = self._late_steps(10)
        message = self._run()
        self.assertEqual(len(message), 1, "one message for the run, not ten")
        self.assertEqual(message.title, "Late review steps: 10")
        self.assertEqual(message.event, "escalation")
        self.assertEqual((message.kind, message.team_id.id), ("custom", False))
        text = self._text(message)
        # the last created is the oldest: 10:00 in Shanghai, then a minute
        # later each, the first created last at 10:09
        expected = [
            self._line(reviews[9 - minute], f"2026-03-02 10:{minute:02d}")
            for minute in range(10)
        ]
        self.assertEqual(text, "\n".join(expected))
        # posted once after the commit (here: by the queue's cron)
        with freeze_time(RUN):
            self.assertEqual(self.env["order.webhook.message"]._cron_send(), 1)
        self.assertEqual(message.state, "sent")
        [(path, payload)] = _Robot.received
        self.assertEqual(path, "/robot?key=c")
        self.assertEqual(
            payload,
            {
                "msgtype": "markdown",
                "markdown": {
                    "title": "Late review steps: 10",
                    "text": "### Late review steps: 10\n" + "\n".join(expected),
                },
            },
        )

    def test_two_hundred_late_steps_twenty_lines_and_the_rest_counted(self):
        reviews = self._late_steps(200)
        message = self._run()
        self.assertEqual(len(message), 1, "one message for the run, not 200")
        self.assertEqual(message.title, "Late review steps: 200")
        text = self._text(message)
        # the 20 oldest deadlines (10:00 to 10:19: the last 20 created),
        # then 200 - 20 = 180 counted
        expected = [
            self._line(reviews[199 - minute], f"2026-03-02 10:{minute:02d}")
            for minute in range(20)
        ]
        self.assertEqual(text, "\n".join(expected) + "\n\n… and 180 more")
        self.assertLessEqual(len(message.payload.encode()), LIMIT)
        with freeze_time(RUN):
            self.assertEqual(self.env["order.webhook.message"]._cron_send(), 1)
        self.assertEqual(len(_Robot.received), 1)

    def test_one_late_step_reads_as_a_single_message(self):
        [review] = self._late_steps(1)
        message = self._run()
        order = review.order_id
        self.assertEqual(message.title, f"Late: {self.step.name} of {order.name}")
        self.assertEqual(
            self._text(message),
            "Deadline was 2026-03-02 10:00\n\nWaiting for: OC Reviewer\n\n"
            "Escalated to: OC Manager\n\n"
            f"[Open]({order.get_base_url()}/mail/view?model=sale.order"
            f"&res_id={order.id})",
        )
        self.assertEqual(message.event, "escalation")

    def test_two_teams_two_group_chats_two_messages(self):
        teams = self.env["crm.team"].create(
            [
                {
                    "name": name,
                    "company_id": self.company.id,
                    "order_webhook_kind": "custom",
                    "order_webhook_url": f"http://127.0.0.1:{self.port}/{path}",
                }
                for name, path in (("East", "east?key=e"), ("North", "north?key=n"))
            ]
        )
        east = self._late_steps(3, team_id=teams[0].id)
        north = self._late_steps(2, team_id=teams[1].id)
        messages = self._run()
        self.assertEqual(len(messages), 2, "one message per group chat")
        by_team = {message.team_id: message for message in messages}
        self.assertEqual(set(by_team), set(teams))
        self.assertEqual(by_team[teams[0]].title, "Late review steps: 3")
        self.assertEqual(by_team[teams[1]].title, "Late review steps: 2")
        for team, reviews, other in ((teams[0], east, north), (teams[1], north, east)):
            text = self._text(by_team[team])
            for review in reviews:
                self.assertIn(f"[{review.order_id.name}]", text)
            for review in other:
                self.assertNotIn(f"[{review.order_id.name}]", text)
        with freeze_time(RUN):
            self.assertEqual(self.env["order.webhook.message"]._cron_send(), 2)
        received = {path: payload for path, payload in _Robot.received}
        self.assertEqual(set(received), {"/east?key=e", "/north?key=n"})
        self.assertEqual(
            received["/north?key=n"]["markdown"]["title"], "Late review steps: 2"
        )

    def test_a_step_that_starts_still_has_its_own_message(self):
        with freeze_time("2026-12-07 02:00:00"):
            orders = self._create_order() | self._create_order()
            for order in orders:
                self._submit(order)
        started = self.env["order.webhook.message"].search([("event", "=", "step")])
        self.assertEqual(len(started), 2)

    def test_names_cannot_break_the_markdown(self):
        """A name with brackets, a WeCom tag, emphasis or a line break stays
        plain text: the link still opens its order and nothing else is
        formatted."""
        reviews = self._late_steps(2)
        names = ["[Urgent](http://evil.example) A", "<font>B</font> **C**\n# D"]
        for review, name in zip(reviews, names, strict=True):
            review.order_id.sudo().name = name
        self.reviewer.sudo().name = "Li `Wei`"
        text = self._text(self._run())
        # the later created is due first; full-width look-alikes replace the
        # markdown's own characters, a line break becomes a space
        base = reviews[0].order_id.get_base_url()
        self.assertEqual(
            text.split("\n"),
            [
                f"- [＜font＞B＜/font＞ ＊＊C＊＊ # D]({base}/mail/view?model="
                f"sale.order&res_id={reviews[1].order_id.id}) {self.step.name}, "
                "deadline 2026-03-02 10:00, waiting for Li ｀Wei｀, "
                "escalated to OC Manager",
                f"- [［Urgent］(http://evil.example) A]({base}/mail/view?model="
                f"sale.order&res_id={reviews[0].order_id.id}) {self.step.name}, "
                "deadline 2026-03-02 10:01, waiting for Li ｀Wei｀, "
                "escalated to OC Manager",
            ],
        )

    # === THE SIZE OF A MESSAGE === #

    def test_long_names_cut_to_the_byte_limit(self):
        for kind, url in (
            ("custom", f"http://127.0.0.1:{self.port}/robot?key=c"),
            ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=w"),
        ):
            with self.subTest(kind=kind):
                self.company.write(
                    {"order_webhook_kind": kind, "order_webhook_url": url}
                )
                reviews = self._late_steps(30)
                # names of about 150 characters, Chinese (3 bytes each in UTF-8)
                for index, review in enumerate(reviews):
                    review.order_id.sudo().name = f"{kind}{index:03d}" + "长" * 140
                message = self._run()
                self.assertEqual(len(message), 1)
                self.assertLessEqual(len(message.payload.encode()), LIMIT)
                markdown = json.loads(message.payload)["markdown"]
                text = markdown["content" if kind == "wecom" else "text"]
                lines = [line for line in text.split("\n") if line.startswith("- [")]
                # a line is about 470 bytes: 8 fit where 20 would take 9,400
                self.assertGreaterEqual(len(lines), 5)
                self.assertLess(len(lines), 20)
                self.assertTrue(text.endswith(f"… and {30 - len(lines)} more"))
                # each name cut to 100 characters, the cut marked
                for line, review in zip(lines, reviews[::-1], strict=False):
                    name = review.order_id.name
                    self.assertIn(f"[{name[:99]}…]", line)
                self.assertGreater(
                    len(message.payload.encode()), LIMIT - 500, "no line left out"
                )

    def test_event_says_escalation_only_when_a_listed_step_was(self):
        Review = self.env["order.review"]
        nobody = self.env["res.users"]

        def item(minute, escalated):
            return {
                "deadline_utc": DUE + timedelta(minutes=minute),
                "id": minute,
                "record": f"S{minute:05d}",
                "step": "First Review",
                "deadline": f"2026-03-02 10:{minute:02d}",
                "people": "OC Reviewer",
                "url": f"http://x/mail/view?model=sale.order&res_id={minute}",
                "escalated": escalated,
                "escalated_names": escalated.name or "-",
            }

        # 21 steps: the 21st (not listed, only counted) escalated
        items = [item(minute, nobody) for minute in range(20)]
        items.append(item(20, self.manager))
        title, text, event = Review._group_chat_late_content(self.env, "custom", items)
        self.assertEqual(event, "late")
        self.assertEqual(title, "Late review steps: 21")
        self.assertTrue(text.endswith("\n\n… and 1 more"))
        self.assertIn("escalated to -", text)
        # the oldest escalated: listed
        items[0] = item(0, self.manager)
        _title, _text, event = Review._group_chat_late_content(
            self.env, "custom", items
        )
        self.assertEqual(event, "escalation")

    # === LANGUAGE === #

    def test_title_in_the_companys_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN"], overwrite=True
        )
        # the terms are written in SQL: forget what earlier tests read
        self.env.invalidate_all()
        self.company.partner_id.lang = "zh_CN"
        self._late_steps(12)
        message = self._run()
        self.assertEqual(message.title, "逾期审核步骤：12 个")
        text = self._text(message)
        self.assertIn("截止时间 2026-03-02 10:00，待处理人 OC Reviewer", text)
        self.assertIn("已升级至 OC Manager", text)
