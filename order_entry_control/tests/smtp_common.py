# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A real SMTP server on loopback (aiosmtpd) that Odoo's outgoing mail
server points at, and Odoo's mail queue sent to it for real."""

import socket
from email import message_from_bytes, policy
from unittest.mock import patch

from aiosmtpd.controller import Controller


class _Inbox:
    """What the loopback SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                message_from_bytes(envelope.content, policy=policy.default),
            )
        )
        return "250 Message accepted"


class LoopbackSmtp:
    """Mixed into a test case; call ``_setup_smtp`` from ``setUpClass``."""

    @classmethod
    def _setup_smtp(cls):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        cls.inbox = _Inbox()
        cls.smtp = Controller(cls.inbox, hostname="127.0.0.1", port=port)
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "Loopback",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_encryption": "none",
            }
        )

    def _send_queue(self):
        """Odoo's mail queue, sent for real (tests otherwise skip SMTP)."""
        self.inbox.messages.clear()
        with patch("odoo.modules.module.current_test", None):
            self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
        return self.inbox.messages

    def _received_by(self, address):
        """The messages the SMTP server received for ``address``."""
        return [mail for to, mail in self.inbox.messages if address in to]

    @staticmethod
    def _html(mail):
        return mail.get_body(("html", "plain")).get_content().replace("&amp;", "&")
