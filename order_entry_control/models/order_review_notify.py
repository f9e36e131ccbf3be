# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a review step tells outside the Odoo tab: the escalation mail (one per
escalation user and run of the SLA watcher, listing the steps newly late and
escalated to them, whatever their notification preference: it is the
regulation's "delays reported at once") and the group-chat messages: one
per step that starts, and one per group chat and run of the SLA watcher
listing the steps newly late (a group robot takes 20 messages a minute)."""

import logging
from datetime import datetime

import pytz

from odoo import api, fields, models
from odoo.tools import is_html_empty

_logger = logging.getLogger(__name__)

ESCALATION_TEMPLATE = "order_entry_control.mail_template_order_review_escalation_digest"
ESCALATION_LAYOUT = "mail.mail_notification_light"
# Steps listed in one escalation mail; the others are counted (a mail stays
# readable, and under the size at which mail clients cut it).
ESCALATION_MAIL_LINES = 100
# The characters kept of a name or a list of names in a group-chat list.
GROUP_CHAT_FIELD = 100


def _shorten(text, size=GROUP_CHAT_FIELD):
    """``text`` cut to ``size`` characters, an ellipsis marking the cut."""
    text = text or ""
    return text if len(text) <= size else text[: size - 1] + "…"


class OrderReview(models.Model):
    _inherit = "order.review"

    @api.model
    def _notify_escalation(self, reviews_by_user, document_names=None):
        """Mail each user of ``reviews_by_user`` (``{user: late steps}``) one
        message listing the steps escalated to them in this run, in their
        language and time zone, whatever their notification preference (the
        mail queue sends it). The template is rendered once per user whatever
        the number of steps, and the mails are created in one batch.
        ``document_names`` may give the steps' document names already read
        (``{review id: name}``)."""
        reviews_by_user = {
            user: reviews
            for user, reviews in reviews_by_user.items()
            if reviews and user.partner_id.email
        }
        if not reviews_by_user:
            return self.env["mail.mail"]
        template_id = self.env["ir.model.data"]._xmlid_to_res_id(
            ESCALATION_TEMPLATE, raise_if_not_found=False
        )
        template = self.env["mail.template"].browse(template_id)
        if not template:
            _logger.warning(
                "order control: escalation of %s not mailed: template %s is missing",
                ", ".join(
                    sorted(
                        set().union(
                            *(
                                r.mapped("display_name")
                                for r in reviews_by_user.values()
                            )
                        )
                    )
                ),
                ESCALATION_TEMPLATE,
            )
            return self.env["mail.mail"]
        template = template.sudo()
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    reviews._escalation_mail_values(template, user, document_names)
                    for user, reviews in reviews_by_user.items()
                ]
            )
        )

    def _escalation_mail_items(self, user, document_names):
        """The lines of ``user``'s escalation mail, one per step (in their
        language and time zone): document, step, deadline, who it waited
        for, and the link that opens the document."""
        company = self.company_id[:1]
        tz = pytz.timezone(user.tz or company._order_control_tz().zone)
        base_url = company.get_base_url()
        lang = user.lang or "en_US"
        return [
            {
                "document": document_names[review.id],
                "step": review.name,
                "deadline": pytz.utc.localize(review.deadline)
                .astimezone(tz)
                .strftime("%Y-%m-%d %H:%M"),
                "waiting": ", ".join(review.user_ids.mapped("name")) or "-",
                "url": f"{base_url}/mail/view?model={review.res_model}"
                f"&res_id={review.res_id}",
            }
            for review in self.with_context(lang=lang)
        ]

    def _escalation_mail_values(self, template, user, document_names=None):
        """The values of the mail telling ``user`` of these late steps:
        ``template`` (on ``res.users``) rendered for them, in the light
        layout of Odoo's notifications."""
        if document_names is None:
            document_names = {review.id: review.document_name for review in self}
        lang = user.lang or "en_US"
        env = self.with_context(lang=lang).env
        company = (
            user.company_id
            if user.company_id in self.company_id
            else self.company_id[:1]
        )
        names = list(dict.fromkeys(document_names[review.id] for review in self))
        items = self[:ESCALATION_MAIL_LINES]._escalation_mail_items(
            user, document_names
        )
        documents = ", ".join(names[:3])
        if len(names) > 3:
            documents = env._(
                "%(documents)s and %(count)s more",
                documents=documents,
                count=len(names) - 3,
            )
        context = {
            "escalation_items": items,
            "escalation_count": len(self),
            "escalation_more": max(len(self) - len(items), 0),
            "escalation_documents": documents,
            "escalation_company": company,
            "escalation_tz": user.tz or company._order_control_tz().zone,
        }
        rendered = {
            field: template._render_field(
                field, user.ids, set_lang=lang, add_context=context
            )[user.id]
            for field in ("subject", "body_html", "email_from")
        }
        body = env["mail.render.mixin"]._render_encapsulate(
            ESCALATION_LAYOUT,
            rendered["body_html"],
            add_context={
                "message": env["mail.message"]
                .sudo()
                .new({"body": rendered["body_html"], "record_name": documents}),
                "subtype": env["mail.message.subtype"].sudo(),
                "model_description": env._("late review steps"),
                "record_name": False,
                "subtitles": False,
                "company": company,
                "email_add_signature": False,
                "signature": "",
                "website_url": "",
                "is_html_empty": is_html_empty,
            },
        )
        # the body is the mail's only (its message is shown nowhere, and
        # would sanitize it again)
        values = {
            "subject": rendered["subject"],
            "body_html": body,
            "recipient_ids": [fields.Command.link(user.partner_id.id)],
            "auto_delete": template.auto_delete,
        }
        if rendered["email_from"]:
            values["email_from"] = rendered["email_from"]
        return values

    def _notify_group_chat(self, event, escalation=None, document_names=None):
        """Queue the group-chat messages of these steps: ``event`` ``step``,
        one message per starting step; ``late``, one message per group-chat
        target listing the steps flagged late in this run and to whom each is
        escalated (``_group_chat_late_content``). ``escalation`` may give the
        escalation users already known, ``{(step, company): users}``, and
        ``document_names`` the names of the steps' documents, ``{review id:
        name}``."""
        escalation = dict(escalation or {})
        document_names = document_names or {}
        Message = self.env["order.webhook.message"]
        # the steps by group-chat target: (company, team) -> (kind, steps)
        targets = {}
        for review in self:
            kind, url, target_team = Message._order_webhook_target(
                review.company_id, review.order_id.sudo().team_id
            )
            if url:
                key = (review.company_id, target_team)
                targets.setdefault(key, (kind, []))[1].append(review)
        vals_list = []
        # what depends on the company only, worked out once per company
        per_company = {}
        for (company, target_team), (kind, reviews) in targets.items():
            if company not in per_company:
                per_company[company] = (
                    self.with_context(lang=company.partner_id.lang or "en_US").env,
                    reviews[0].get_base_url(),
                )
            env, base_url = per_company[company]
            items = [
                review._group_chat_item(
                    env, base_url, escalation, document_names, event
                )
                for review in reviews
            ]
            if event == "step":
                contents = [(item["title"], item["text"], "step") for item in items]
            else:
                contents = [self._group_chat_late_content(env, kind, items)]
            # the whole batch queued in one create
            vals_list += [
                Message._order_message_values(
                    company, target_team, kind, what, title, text
                )
                for title, text, what in contents
            ]
        if vals_list:
            Message._order_send_after_commit(Message.sudo().create(vals_list))

    def _group_chat_item(self, env, base_url, escalation, document_names, event):
        """What the group chat says of this step (``env`` in the company's
        language, deadline in its time zone): its fields, and the title and text of
        its own message. In a list of late steps, long names are shortened
        (``GROUP_CHAT_FIELD``)."""
        self.ensure_one()
        plain = self.env["order.webhook.message"]._order_plain
        shorten = _shorten if event == "late" else str

        def _cut(text):
            return shorten(plain(text))

        record = _cut(document_names.get(self.id) or self.document_name)
        step = _cut(self.with_env(env).step_id.name)
        deadline = self.company_id._order_local_text(self.deadline)
        people = _cut(", ".join(self.sudo().user_ids.mapped("name")))
        link = f"{base_url}/mail/view?model={self.res_model}&res_id={self.res_id}"
        item = {
            "deadline_utc": self.deadline,
            "id": self.id,
            "record": record,
            "step": step,
            "deadline": deadline,
            "people": people,
            "url": link,
        }
        if event == "step":
            item["title"] = env._("%(step)s of %(record)s", step=step, record=record)
            item["text"] = env._(
                "Waiting for: %(people)s\n\nDeadline: %(deadline)s\n\n[Open](%(url)s)",
                people=people,
                deadline=deadline,
                url=link,
            )
            return item
        key = (self.step_id, self.company_id)
        if key not in escalation:
            escalation[key] = self.step_id._get_escalation_users(self._document())
        item["escalated"] = escalation[key]
        item["escalated_names"] = _cut(", ".join(escalation[key].mapped("name"))) or "-"
        return item

    @api.model
    def _group_chat_late_content(self, env, kind, items):
        """The (title, text, event) of the one message telling a group chat of
        robot ``kind`` of the steps of ``items`` newly late: the oldest
        deadline first, at most ``GROUP_CHAT_LINES`` lines then how many more,
        and fewer when the payload would pass ``GROUP_CHAT_BYTES``. Its event
        is ``escalation`` when a step it lists was escalated to someone. One
        step reads as it always did (its title names it)."""
        Message = self.env["order.webhook.message"]
        items = sorted(
            items, key=lambda item: (item["deadline_utc"] or datetime.min, item["id"])
        )
        if len(items) == 1:
            [item] = items
            event = "escalation" if item["escalated"] else "late"
            title = env._(
                "Late: %(step)s of %(record)s", step=item["step"], record=item["record"]
            )
            text = env._(
                "Deadline was %(deadline)s\n\nWaiting for: %(people)s\n\n"
                "Escalated to: %(escalated)s\n\n[Open](%(url)s)",
                deadline=item["deadline"],
                people=item["people"],
                escalated=item["escalated_names"],
                url=item["url"],
            )
            return title, text, event
        title = env._("Late review steps: %(count)s", count=len(items))
        lines = [
            env._(
                "- [%(record)s](%(url)s) %(step)s, deadline %(deadline)s, "
                "waiting for %(people)s, escalated to %(escalated)s",
                record=item["record"],
                url=item["url"],
                step=item["step"],
                deadline=item["deadline"],
                people=item["people"],
                escalated=item["escalated_names"],
            )
            for item in items[: Message.DIGEST_LINES]
        ]
        text, listed = Message._order_digest_text(env, kind, title, lines, len(items))
        escalated = any(item["escalated"] for item in items[:listed])
        return title, text, "escalation" if escalated else "late"
