# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review SLA watcher (a cron every 15 minutes): pending steps past their
deadline are flagged late, the breach is logged on their document, and they
are escalated: the escalation users may decide them, get an activity each and
one mail per run listing their newly late steps; each group chat gets one
message per run listing them (``_notify_group_chat``).

One batch per call, worked as a whole: no query per step. What grows with the
batch is only the ORM's own chunking of inserts (100 rows a statement: the
breach messages, the activities, the followers); the group-chat messages are
one row per group chat. From warm caches, with two escalation users, a run
costs 30 queries for 10 late steps, 37 for 200 and 78 for 1,000
(``TestSlaCronBudget``; 87 when the group chat had a message per step).
The batch runs in one savepoint, record by record only when it fails
(``process_in_savepoints``); the cron runner calls again while late steps
remain (``_notify_progress``)."""

import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.batch import post_or_log, process_in_savepoints

_logger = logging.getLogger(__name__)

# Late steps flagged per call: 1,000 newly late steps are one call, so one
# mail per escalation user.
SLA_BATCH_SIZE = 1000


class OrderReview(models.Model):
    _inherit = "order.review"

    @api.model
    def _sla_late_domain(self, now):
        """The pending steps that are late at ``now`` and not flagged yet."""
        return [
            ("state", "=", "pending"),
            ("sla_breached", "=", False),
            ("deadline", "<", now),
        ]

    @api.model
    def _cron_check_sla(self, limit=SLA_BATCH_SIZE):
        """Flag a batch of at most ``limit`` pending steps past their deadline
        and escalate them.

        Reports its progress to the cron runner, which calls it again while
        late steps remain. Returns how many steps were flagged."""
        now = fields.Datetime.now()
        domain = self._sla_late_domain(now)
        late = self.search(domain, limit=limit, order="deadline, id")
        # counted only when the batch is full: otherwise nothing is left
        left = self.search_count(domain) - len(late) if len(late) == limit else 0
        done = self.browse()
        if late:
            done = process_in_savepoints(
                late, lambda reviews: reviews._sla_flag(now), "Review SLA watcher"
            )
            _logger.info(
                "order control: %s late review step(s) flagged, %s left",
                len(done),
                left,
            )
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=left)
        return len(done)

    def _sla_flag(self, now):
        """Flag these steps late at ``now``, log the breach on their documents
        and escalate them: a fixed number of queries for the whole batch."""
        # one statement for the batch, and only the steps still pending and
        # unflagged: a step decided or flagged meanwhile is left alone
        self.flush_model(["state", "sla_breached"])
        self.env.cr.execute(
            SQL(
                """UPDATE order_review
                      SET sla_breached = TRUE, breached_on = %s,
                          write_uid = %s, write_date = %s
                    WHERE id = ANY(%s) AND state = 'pending'
                      AND sla_breached IS NOT TRUE
                RETURNING id""",
                now,
                self.env.uid,
                self.env.cr.now(),
                self.ids,
            )
        )
        flagged = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_recordset(
            ["sla_breached", "breached_on", "write_uid", "write_date"]
        )
        reviews = self.filtered(lambda r: r.id in flagged)
        if not reviews:
            return
        bodies = {}
        document_names = {}
        assignments = []
        by_escalation = {}
        # who hears of a late step depends on its step and company only
        escalation = {}
        company_envs = {}
        # the documents read together, not one query per step
        ids_by_model = {}
        for review in reviews:
            ids_by_model.setdefault(review.res_model, []).append(review.res_id)
        for review in reviews:
            document = (
                self.env[review.res_model]
                .browse(review.res_id)
                .with_prefetch(ids_by_model[review.res_model])
            )
            key = (review.step_id, document.company_id)
            if key not in escalation:
                escalation[key] = review.step_id._get_escalation_users(document)
            escalate_to = escalation[key]
            document_names[review.id] = document.display_name
            assignments.append((document, escalate_to, review._late_activity_values))
            if escalate_to:
                by_escalation.setdefault(escalate_to, []).append(review.id)
        # the people the messages and mails name (and their author), read
        # together rather than one query per use
        people = (
            reviews.user_ids
            | self.env["res.users"].union(*by_escalation)
            | self.env.user
        )
        (people.partner_id | reviews.company_id.partner_id).mapped("name")
        for review in reviews:
            # the document's chatter is read by all: in its company's language
            # and time zone, whoever's cron runs
            company = review.company_id
            if company not in company_envs:
                lang = company.partner_id.lang or "en_US"
                # the cron's own environment when it reads the same language
                # (the names read already serve)
                company_envs[company] = (
                    self.env
                    if (self.env.lang or "en_US") == lang
                    else self.with_context(lang=lang).env
                )
            env = company_envs[company]
            bodies.setdefault(review.res_model, {})[review.res_id] = env._(
                "Step '%(step)s' is late: its deadline was %(deadline)s.",
                step=review.with_env(env).name,
                deadline=company._order_local_text(review.deadline),
            )
        for model, model_bodies in bodies.items():
            self._post_sla_breach(self.env[model], model_bodies)
        # one mail per escalation user, listing whom each step waited for
        # (before the escalation users join them)
        per_user = {}
        for users, ids in by_escalation.items():
            for user in users:
                per_user.setdefault(user, []).extend(ids)
        self._notify_escalation(
            {user: reviews.browse(ids) for user, ids in per_user.items()},
            document_names,
        )
        # the group chat hears whom each step waited for, and to whom it is
        # escalated
        reviews._notify_group_chat(
            "late", escalation=escalation, document_names=document_names
        )
        subscribed = set()
        for escalate_to, ids in by_escalation.items():
            group = reviews.browse(ids)
            group._sla_add_users(escalate_to)
            # the escalation users follow the documents (as an activity's
            # assignee does), in one batch per model rather than one
            # subscription per user and activity
            partners = escalate_to.partner_id
            for model, model_reviews in group.grouped("res_model").items():
                self.env[model].browse(
                    model_reviews.mapped("res_id")
                ).sudo()._message_subscribe(partner_ids=partners.ids)
            subscribed.update(partners.ids)
        # the escalation mail above tells of the late step: no e-mail
        # repeats each activity (as for a starting step's activities)
        self.env["mail.activity"].with_context(
            mail_activity_quick_update=True,
            order_review_subscribed=frozenset(subscribed),
        )._order_schedule(assignments)

    def _sla_add_users(self, users):
        """Let ``users`` decide these steps as well (``user_ids``): one
        statement for the batch, where the ORM's link reads the relation and
        updates its cache step by step."""
        self.flush_recordset(["user_ids"])
        self.env.cr.execute(
            SQL(
                """INSERT INTO order_review_res_users_rel
                          (order_review_id, res_users_id)
                   SELECT review_id, user_id
                     FROM unnest(%s::int[]) AS review_id,
                          unnest(%s::int[]) AS user_id
                       ON CONFLICT DO NOTHING""",
                self.ids,
                users.ids,
            )
        )
        self.invalidate_recordset(["user_ids"])
        self.modified(["user_ids"])

    @api.model
    def _post_sla_breach(self, documents, bodies):
        """Post the late message of each document of ``bodies`` (``{res_id:
        text}``, one model) with the SLA breach subtype (``post_or_log``)."""
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "order_entry_control.mt_order_sla_breach", raise_if_not_found=True
        )
        post_or_log(documents, bodies, subtype_id)
