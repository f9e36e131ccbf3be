# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Messages to the customer of a controlled order: a mail template rendered
in the customer's language, posted in the order's chatter (so the customer
gets it by e-mail and the order keeps it). The acknowledgement at approval is
here; order_tracking adds the delay and completion notices through
``_order_post_customer_notice``.

A template someone deleted never breaks the action that sends it: the
notice is skipped, a warning is logged and a note in the chatter says why."""

import logging

from markupsafe import Markup

from odoo import models

_logger = logging.getLogger(__name__)

ACK_TEMPLATE = "order_entry_control.mail_template_order_acknowledgement"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _order_control_after_approve(self):
        res = super()._order_control_after_approve()
        acknowledged = self.filtered("company_id.order_customer_ack")
        for order in acknowledged:
            order._order_post_customer_notice(
                ACK_TEMPLATE, self.env._("order acknowledgement")
            )
        return res

    def _order_post_customer_notice(self, xmlid, label, source=None, partners=None):
        """Post the mail template ``xmlid`` rendered on ``source`` (default:
        this order) in this order's chatter, to its customer (and
        ``partners``); ``label`` names the notice in the note left when the
        template is gone. Return whether it was posted."""
        self.ensure_one()
        order = self.sudo()
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template or template._name != "mail.template":
            _logger.warning(
                "order control: the %s of %s was not sent: mail template %s is missing",
                label,
                order.name,
                xmlid,
            )
            order.message_post(
                body=self.env._(
                    "The %(notice)s was not sent to the customer: its mail template "
                    "was deleted. Restore it (Settings > Technical > Email "
                    "Templates) or tell the customer yourself.",
                    notice=label,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return False
        source = (source or order).sudo()
        values = template.sudo()._generate_template(
            source.ids, ("subject", "body_html", "partner_to")
        )[source.id]
        recipients = list(values.get("partner_ids") or [])
        recipients += [pid for pid in (partners or self.env["res.partner"]).ids]
        # queued: the mail queue sends it after the commit
        order.with_context(mail_notify_force_send=False).message_post(
            body=Markup(values.get("body_html") or ""),
            subject=values.get("subject"),
            partner_ids=list(dict.fromkeys(recipients)),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        return True
