# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Activities written in their assignee's language.

Every activity the addons give someone (a review step, a follow-up, a late
milestone, a to-do) is stored text: its summary and note stay as they were
written. They are written in the language of who reads them, the assignee,
not of whoever's action created them. ``mail.activity._order_schedule``
renders each text once per record and language, however many assignees read
it, and creates the activities in one batch.

A step with two hundred reviewers creates two hundred activities at once, so
what the ORM does per activity counts (issue 21): the stored fields that Odoo
computes after the INSERT (the document's name, the assignee's time zone, the
done date) are computed before it, in the same batch, and a note that the
activities share is sanitized once, not twice per activity."""

from odoo import api, fields, models

from ..tools.html_field import HtmlSanitizedOnce


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # Computed before the INSERT rather than after it: the same values,
    # without an UPDATE of every new activity at the next flush.
    res_name = fields.Char(compute="_compute_res_name", store=True, precompute=True)
    user_tz = fields.Selection(related="user_id.tz", store=True, precompute=True)
    date_done = fields.Date(compute="_compute_date_done", store=True, precompute=True)
    note = HtmlSanitizedOnce()

    @api.model
    def _order_lang_of(self, user):
        """The language ``user`` reads: theirs, else English."""
        return user.lang or "en_US"

    @api.model
    def _order_prepare_vals(self, assignments, act_type_xmlid=None):
        """The values of activities written in their assignee's language.

        ``assignments`` lists ``(record, users, render)``: an activity on
        ``record`` for each of ``users``, its values ``render(env)`` (summary,
        note, date_deadline, ...) written with ``env`` in the assignee's
        language. ``render`` runs once per assignment and language, whatever
        the number of assignees. A value that depends on more than the
        language (a time zone) may be a function of the assignee.

        The defaults are those of ``activity_schedule``: the type
        ``act_type_xmlid`` (unless ``render`` gives ``activity_type_id``), due
        today, marked automated. ``render`` gives the summary: the type's own
        would be in the language of whoever scheduled it."""
        default_type_id = act_type_xmlid and self.env["ir.model.data"]._xmlid_to_res_id(
            act_type_xmlid, raise_if_not_found=True
        )
        # the assignees' languages and this user's time zone (for today) in
        # one read of their partners
        assignees = self.env["res.users"].union(
            *(users for _record, users, _render in assignments)
        )
        (assignees | self.env.user).partner_id.mapped("lang")
        today = fields.Date.context_today(self)
        vals_list = []
        for record, users, render in assignments:
            model_id = self.env["ir.model"]._get_id(record._name)
            by_lang = {}
            for user in users:
                lang = self._order_lang_of(user)
                if lang not in by_lang:
                    by_lang[lang] = render(record.with_context(lang=lang).env)
                vals = {
                    key: value(user) if callable(value) else value
                    for key, value in by_lang[lang].items()
                }
                vals_list.append(
                    {
                        "activity_type_id": default_type_id,
                        "automated": True,
                        "date_deadline": today,
                        **vals,
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "user_id": user.id,
                    }
                )
        return vals_list

    @api.model
    def _order_schedule(self, assignments, act_type_xmlid=None):
        """Create the activities of ``assignments``, each in its assignee's
        language (see ``_order_prepare_vals``), in one batch, with this
        environment (its user and context, e.g. ``mail_activity_quick_update``
        so that no e-mail repeats the activity). Return them.

        Unlike ``activity_schedule``, Odoo's ``mail_activity_automation_skip``
        context key does not skip them: these activities are part of the
        controls (who must decide, what is late), and a client can send any
        context key.

        The assignees follow the records they are given an activity on, as
        Odoo's own creation does, but in one batch per model rather than five
        queries per assignee (``_order_subscribe_pairs``), unless the caller
        subscribed them already (``order_review_subscribed`` in the context)."""
        vals_list = self._order_prepare_vals(assignments, act_type_xmlid)
        if not vals_list:
            return self.browse()
        activities = self
        if not isinstance(self.env.context.get("order_review_subscribed"), frozenset):
            by_model = {}
            for record, users, _render in assignments:
                per_record = by_model.setdefault(record._name, {})
                per_record[record] = per_record.get(record, users.browse()) | users
            subscribed = set()
            for model, assignees in by_model.items():
                subscribed.update(
                    self.env[model].sudo()._order_subscribe_pairs(assignees)
                )
            activities = self.with_context(
                order_review_subscribed=frozenset(subscribed)
            )
        return activities.create(vals_list)
