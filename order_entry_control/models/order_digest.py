# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily digest: one message per person and day listing their open and
late review steps (every document of the approval engine) and what other
addons add through ``_order_digest_items`` (order_tracking: late milestones).

Sent by a cron from 08:00 company time, through ``message_notify`` (e-mail or
Odoo inbox, as each person prefers), rendered from a QWeb mail template in the
person's language and time zone. The date of the last digest is kept on the
user: a second run on the same day sends nothing."""

import logging

import pytz

from odoo import api, fields, models
from odoo.tools.misc import format_date

_logger = logging.getLogger(__name__)

DIGEST_TEMPLATE = "order_entry_control.mail_template_order_digest"
# Local hour from which a company's digests go out.
DIGEST_HOUR = 8


class OrderDigest(models.AbstractModel):
    _name = "order.digest"
    _description = "Order Control: daily digest"

    # === HOOKS === #

    @api.model
    def _order_digest_items(self, companies, now):
        """Return ``{user_id: [item, ...]}``: what each person has to report
        in ``companies`` at ``now`` (naive UTC); an item is a dict with
        ``section`` (a key of ``_order_digest_sections``), ``name`` (a record,
        read in the recipient's language), ``document``, ``model``,
        ``res_id``, ``deadline`` (naive UTC) and ``late``. Override to add a
        section (``super()`` first, then append), without a query per
        record."""
        reviews = (
            self.env["order.review"]
            .sudo()
            .search(
                [("state", "=", "pending"), ("company_id", "in", companies.ids)],
                order="deadline, id",
            )
        )
        items = {}
        for review in reviews:
            late = review.sla_breached or bool(
                review.deadline and review.deadline < now
            )
            for user_id in review.user_ids.ids:
                items.setdefault(user_id, []).append(
                    {
                        "section": "steps",
                        "name": review.step_id,
                        "document": review.document_name,
                        "model": review.res_model,
                        "res_id": review.res_id,
                        "deadline": review.deadline,
                        "late": late,
                    }
                )
        return items

    @api.model
    def _order_digest_sections(self):
        """The digest's sections in their order: ``{key: title}`` in the
        context's language; override to add one."""
        return {"steps": self.env._("Review steps waiting for you")}

    # === CRON === #

    @api.model
    def _cron_send_digest(self):
        """Send today's digests of the companies past 08:00 (local time)."""
        now = fields.Datetime.now()
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("order_digest_enabled", "=", True),
                    ("order_control_enabled", "=", True),
                ]
            )
        )
        today = {}
        for company in companies:
            local = pytz.utc.localize(now).astimezone(company._order_control_tz())
            if local.hour >= DIGEST_HOUR:
                today[company.id] = local.date()
        if not today:
            return 0
        due = companies.browse(list(today))
        return self._order_digest_send(due, now, max(today.values()))

    @api.model
    def _order_digest_send(self, companies, now, today):
        """Send the digest of ``companies`` to each person with something to
        report who has not had one on ``today``; return how many were sent."""
        items = self._order_digest_items(companies, now)
        users = (
            self.env["res.users"]
            .sudo()
            .browse(list(items))
            .filtered(
                lambda u: (
                    u.active
                    and not u.share
                    and (not u.order_digest_date or u.order_digest_date < today)
                )
            )
        )
        if not users:
            return 0
        template = self.env.ref(DIGEST_TEMPLATE, raise_if_not_found=False)
        if not template:
            _logger.warning(
                "order control: the daily digest template %s was deleted; no "
                "digest sent",
                DIGEST_TEMPLATE,
            )
            return 0
        template = template.sudo()
        sent = self.env["res.users"]
        for user in users:
            # one person's failure (a broken edit of the template, a bad
            # address) is logged and leaves the others' digests alone
            try:
                with self.env.cr.savepoint(flush=False):
                    self._order_digest_send_to(
                        user, items[user.id], template, companies, now, today
                    )
                sent |= user
            except Exception:
                _logger.exception(
                    "order control: the daily digest of user %s failed", user.id
                )
        sent.write({"order_digest_date": today})
        _logger.info("order control: %s daily digest(s) sent", len(sent))
        return len(sent)

    @api.model
    def _order_digest_send_to(self, user, user_items, template, companies, now, today):
        """Render ``template`` with ``user_items`` for ``user`` (language, time
        zone) and notify them, by e-mail or in Odoo as they prefer."""
        base_url = companies[:1].get_base_url()
        author_id = self.env.ref("base.partner_root").id
        lang = user.lang or "en_US"
        titles = self.with_context(lang=lang)._order_digest_sections()
        order = {key: n for n, key in enumerate(titles)}
        user_items = sorted(
            user_items,
            key=lambda i, o=order: (
                o.get(i["section"], 99),
                not i["late"],
                i["deadline"] or now,
            ),
        )
        sections = {}
        for item in user_items:
            sections.setdefault(titles.get(item["section"], ""), []).append(
                dict(
                    item,
                    # one query per language, not per record (prefetch)
                    name=item["name"].with_context(lang=lang).name,
                    url=f"{base_url}/mail/view?model={item['model']}"
                    f"&res_id={item['res_id']}",
                )
            )
        tz = user.tz or companies[:1]._order_control_tz().zone
        context = {
            "digest_sections": list(sections.items()),
            "digest_tz": tz,
            "digest_date": today,
            "digest_late": sum(1 for i in user_items if i["late"]),
            "digest_count": len(user_items),
        }
        subject = template._render_field(
            "subject", user.ids, set_lang=lang, add_context=context
        )[user.id]
        body = template._render_field(
            "body_html", user.ids, set_lang=lang, add_context=context
        )[user.id]
        # queued: the mail queue sends them (not one SMTP session per person)
        self.env["mail.thread"].with_context(
            lang=lang, mail_notify_force_send=False
        ).message_notify(
            author_id=author_id,
            partner_ids=user.partner_id.ids,
            subject=subject,
            body=body,
            # the layout's header: "Your order digest" / the date
            model_description=self.with_context(lang=lang).env._("order digest"),
            record_name=format_date(self.with_context(lang=lang).env, today),
            email_layout_xmlid="mail.mail_notification_light",
        )
