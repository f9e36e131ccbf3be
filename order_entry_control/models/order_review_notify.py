# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a review step tells outside the Odoo tab: the late step's escalation
mail (whatever the escalation user's notification preference: it is the
regulation's "delays reported at once") and the group-chat messages of a
step that starts or goes late."""

import json
import logging

from odoo import fields, models
from odoo.tools.misc import format_datetime

_logger = logging.getLogger(__name__)

ESCALATION_TEMPLATE = "order_entry_control.mail_template_order_review_escalation"


class OrderReview(models.Model):
    _inherit = "order.review"

    def _notify_escalation(self, users):
        """Mail ``users`` that these late steps are escalated to them, each in
        their language and time zone (the mail queue sends it): one mail per
        step and user, rendered in one batch per user."""
        if not self:
            return
        template = self.env.ref(ESCALATION_TEMPLATE, raise_if_not_found=False)
        if not template:
            _logger.warning(
                "order control: escalation of %s not mailed: template %s is missing",
                self.mapped("display_name"),
                ESCALATION_TEMPLATE,
            )
            return
        for user in users.filtered("partner_id.email"):
            for company, reviews in self.grouped("company_id").items():
                template.sudo().with_context(
                    lang=user.lang or "en_US",
                    tz=user.tz or company._order_control_tz().zone,
                ).send_mail_batch(
                    reviews.ids,
                    email_values={
                        "recipient_ids": [fields.Command.link(user.partner_id.id)]
                    },
                    email_layout_xmlid="mail.mail_notification_light",
                )

    def _notify_group_chat(self, event, escalation=None):
        """Queue a group-chat message for each of these steps (``event``:
        ``step`` when it starts, ``late`` when it is flagged late, saying to
        whom it is escalated; ``escalation`` may give those already known,
        ``{(step, company): users}``)."""
        escalation = dict(escalation or {})
        Message = self.env["order.webhook.message"]
        vals_list = []
        for review in self:
            company = review.company_id
            kind, url, target_team = Message._order_webhook_target(
                company, review.order_id.sudo().team_id
            )
            if not url:
                continue
            env = review.with_context(lang=company.partner_id.lang or "en_US").env
            step = review.with_env(env).step_id.name
            deadline = format_datetime(
                env,
                review.deadline,
                tz=company._order_control_tz().zone,
                dt_format="yyyy-MM-dd HH:mm",
            )
            people = ", ".join(review.sudo().user_ids.mapped("name"))
            link = (
                f"{review.get_base_url()}/mail/view?model={review.res_model}"
                f"&res_id={review.res_id}"
            )
            what = event
            if event == "step":
                title = env._(
                    "%(step)s of %(record)s", step=step, record=review.document_name
                )
                text = env._(
                    "Waiting for: %(people)s\n\nDeadline: %(deadline)s\n\n"
                    "[Open](%(url)s)",
                    people=people,
                    deadline=deadline,
                    url=link,
                )
            else:
                key = (review.step_id, review.company_id)
                if key not in escalation:
                    escalation[key] = review.step_id._get_escalation_users(
                        review._document()
                    )
                escalated = escalation[key]
                title = env._(
                    "Late: %(step)s of %(record)s",
                    step=step,
                    record=review.document_name,
                )
                text = env._(
                    "Deadline was %(deadline)s\n\nWaiting for: %(people)s\n\n"
                    "Escalated to: %(escalated)s\n\n[Open](%(url)s)",
                    deadline=deadline,
                    people=people,
                    escalated=", ".join(escalated.mapped("name")) or "-",
                    url=link,
                )
                if escalated:
                    what = "escalation"
            # what ``_order_enqueue`` queues, for the whole batch in one create
            vals_list.append(
                {
                    "company_id": company.id,
                    "team_id": target_team.id,
                    "kind": kind,
                    "event": what,
                    "title": title,
                    "payload": json.dumps(
                        Message._order_webhook_payload(kind, title, text),
                        ensure_ascii=False,
                    ),
                }
            )
        if vals_list:
            Message._order_send_after_commit(Message.sudo().create(vals_list))
