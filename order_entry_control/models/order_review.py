# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The steps of the approval engine (``order.approval.mixin``): one record per
step of one round of one record (a quotation, a change or closure request, or
any model that plugs in), pointing at it by model and id, with its decision.

It owns starting a step (candidates, deadline in working hours, activities)
and who may act on it; the late flag and escalation of pending steps (cron)
are in ``order_review_sla.py``, what a step tells outside the Odoo tab in
``order_review_notify.py``.
Written by the engine only (as superuser, after its checks)."""

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime


class OrderReview(models.Model):
    """One step of one round of a record's approval, and its decision."""

    _name = "order.review"
    _inherit = ["order.field.policy"]
    _description = "Order Review"
    _order = "res_model, res_id, round, sequence, id"
    # written by the approval engine only (as superuser, after its checks)
    _order_owned_fields = frozenset(
        {
            "res_model",
            "res_id",
            "order_id",
            "requested_by_id",
            "step_id",
            "sequence",
            "step_type",
            "round",
            "state",
            "decision",
            "user_ids",
            "started_on",
            "deadline",
            "decided_by_id",
            "decided_for_id",
            "decided_on",
            "comment",
            "sla_breached",
            "breached_on",
            "company_id",
            "priority",
        }
    )

    res_model = fields.Char(
        string="Document Model", required=True, index=True, readonly=True
    )
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        ondelete="cascade",
        index=True,
        readonly=True,
        help="The sales order the step concerns (the order itself, or the order "
        "of a change or closure request).",
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        readonly=True,
        help="Who asked for the approval (never decides it).",
    )
    step_id = fields.Many2one(
        comodel_name="order.review.step",
        string="Review Step",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    name = fields.Char(related="step_id.name")
    priority = fields.Selection(
        related="order_id.priority",
        store=True,
        # in the INSERT of the steps, not one UPDATE of the waiting ones after
        precompute=True,
        help="The order's priority: urgent orders come first in the queues.",
    )
    document_name = fields.Char(string="Document", compute="_compute_document_name")
    sequence = fields.Integer(readonly=True)
    step_type = fields.Selection(
        selection=[("review", "Review"), ("approval", "Approval")],
        string="Type",
        required=True,
        readonly=True,
    )
    round = fields.Integer(
        readonly=True, help="Submission number of the document this step belongs to."
    )
    state = fields.Selection(
        selection=[
            ("waiting", "Waiting"),
            ("pending", "Pending"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="waiting",
        readonly=True,
        index=True,
    )
    decision = fields.Selection(
        selection=[
            ("passed", "Passed"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        readonly=True,
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Reviewers",
        readonly=True,
        help="Who can act on this step.",
    )
    started_on = fields.Datetime(readonly=True)
    deadline = fields.Datetime(readonly=True)
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided By", readonly=True
    )
    decided_for_id = fields.Many2one(
        comodel_name="res.users",
        string="Decided For",
        readonly=True,
        help="The absent person whose substitute decided the step.",
    )
    decided_on = fields.Datetime(readonly=True)
    comment = fields.Text(readonly=True)
    sla_breached = fields.Boolean(string="Late", readonly=True, index=True)
    breached_on = fields.Datetime(readonly=True)
    on_time = fields.Boolean(
        compute="_compute_on_time",
        store=True,
        precompute=True,
        help="Decided before its deadline.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )

    _sql_constraints = [
        (
            "deadline_after_start",
            "CHECK (deadline IS NULL OR started_on IS NULL OR deadline >= started_on)",
            "A review deadline cannot be before the review started.",
        ),
    ]

    def init(self):
        # At most one pending step per document: two workers can never both
        # start (or leave) a step of the same document.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS order_review_one_pending_per_document
                ON order_review (res_model, res_id) WHERE state = 'pending'
            """
        )
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS order_review_res_model_res_id_index
                ON order_review (res_id, res_model)
            """
        )

    @api.depends("res_model", "res_id")
    def _compute_document_name(self):
        self.document_name = False
        for model, reviews in self.grouped("res_model").items():
            if model not in self.env:
                continue
            documents = self.env[model].browse(reviews.mapped("res_id"))
            names = {doc.id: doc.display_name for doc in documents.sudo().exists()}
            for review in reviews:
                review.document_name = names.get(review.res_id, "")

    @api.depends("document_name", "name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for review in self:
            review.display_name = " · ".join(
                filter(None, [review.document_name, review.name])
            )

    @api.depends("decided_on", "deadline")
    def _compute_on_time(self):
        for review in self:
            review.on_time = bool(
                review.decided_on
                and review.deadline
                and review.decided_on <= review.deadline
            )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a step of a quotation may name just its order
            if vals.get("order_id") and not vals.get("res_model"):
                vals.update(res_model="sale.order", res_id=vals["order_id"])
            if not vals.get("company_id") and vals.get("res_model"):
                document = self.env[vals["res_model"]].browse(vals["res_id"])
                vals["company_id"] = document.sudo().company_id.id
        return super().create(vals_list)

    # === BUSINESS METHODS === #

    def _document(self):
        """The record this step belongs to."""
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id)

    def _start(self):
        """Make these (waiting) steps pending, with deadlines and activities."""
        now = fields.Datetime.now()
        assignments = []
        subscribed = {}
        for review in self:
            document = review._document()
            users = document._approval_candidates(review)
            if not users:
                raise UserError(
                    self.env._(
                        "Nobody can act on step '%(step)s' of %(record)s: add a "
                        "user who did not ask for it to its reviewer group.",
                        step=review.name,
                        record=document.display_name,
                    )
                )
            deadline = document._approval_deadline(review, now)
            review.sudo().write(
                {
                    "state": "pending",
                    "user_ids": [fields.Command.set(users.ids)],
                    "started_on": now,
                    "deadline": deadline,
                }
            )
            # the reviewers follow the document (as an activity's assignee
            # does), all in one batch rather than one subscription per activity
            document.sudo()._message_subscribe(partner_ids=users.partner_id.ids)
            subscribed.setdefault(review.res_model, set()).update(users.partner_id.ids)
            assignments.append((document, users, review._activity_values))
        self._notify_reviewers()
        self._notify_group_chat("step")
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True,
            order_review_subscribed=frozenset(
                partner for partners in subscribed.values() for partner in partners
            ),
        )._order_schedule(assignments)

    def _activity_values(self, env):
        """The values of the activities of this pending step, written with
        ``env`` (in their assignee's language)."""
        review = self.with_env(env)
        document = review._document()
        notes = {}

        def _note(user):
            # the deadline to the minute in each assignee's time zone: one
            # rendering per language and time zone, not per assignee
            key = (user.lang, user.tz)
            if key not in notes:
                notes[key] = review._deadline_note(user)
            return notes[key]

        return {
            "activity_type_id": env["ir.model.data"]._xmlid_to_res_id(
                document._approval_activity_type, raise_if_not_found=True
            ),
            "summary": env._(
                "%(step)s of %(record)s",
                step=review.name,
                record=document.display_name,
            ),
            "note": _note,
            "date_deadline": review.company_id._order_local_date(review.deadline),
            # the engine's own activities, which it closes itself
            "automated": False,
        }

    def _late_activity_values(self, env):
        """The values of the escalation activities of this late step, written
        with ``env`` (in their assignee's language)."""
        review = self.with_env(env)
        document = review._document()
        return {
            "activity_type_id": env["ir.model.data"]._xmlid_to_res_id(
                document._approval_activity_type, raise_if_not_found=True
            ),
            "summary": env._(
                "Late: %(step)s of %(record)s",
                step=review.name,
                record=document.display_name,
            ),
            "automated": False,
            # the values mail.activity would compute after the insert and
            # write in one more UPDATE per 100 activities: the document's name
            # (as its compute reads it), the assignee's time zone, not done
            "res_name": self._document().sudo().display_name,
            "user_tz": lambda user: user.sudo().tz,
            "date_done": False,
        }

    def _deadline_note(self, user):
        """The note of ``user``'s activity on this step: its deadline in their
        language and time zone, to the minute (the activity itself shows a day)."""
        self.ensure_one()
        company = self.company_id
        lang = self.env["mail.activity"]._order_lang_of(user)
        env = self.with_context(lang=lang).env
        tz = pytz.timezone(user.tz or company._order_control_tz().zone)
        local = pytz.utc.localize(self.deadline).astimezone(tz)
        lang_data = env["res.lang"]._get_data(code=lang) or env["res.lang"]._get_data(
            code="en_US"
        )
        when = local.strftime(
            f"{lang_data.date_format} {lang_data.short_time_format or '%H:%M'}"
        )
        return Markup("<p>%s</p>") % env._(
            "Decide by %(deadline)s (%(tz)s).", deadline=when, tz=tz.zone
        )

    def _notify_reviewers(self):
        """Tell the reviewers of these starting steps, by e-mail or in Odoo as
        each one's notification preference says: one message per step and
        language, whatever the number of reviewers."""
        for review in self:
            company = review.company_id
            if not company.order_notify_reviewers:
                continue
            document = review._document()
            for lang, users in review.user_ids.grouped(
                lambda u, c=company: u.lang or c.partner_id.lang or "en_US"
            ).items():
                review._notify_reviewers_in(document.with_context(lang=lang), users)

    def _notify_reviewers_in(self, document, users):
        """Tell ``users`` of this step of ``document`` (in its context's language)."""
        env = document.env
        step = self.with_env(env).step_id.name
        deadline = format_datetime(
            env,
            self.deadline,
            tz=self.company_id._order_control_tz().zone,
            dt_format="short",
        )
        model_description = env["ir.model"]._get(self.res_model).display_name
        document.sudo().message_notify(
            # from the system: whoever started the step may have no address
            author_id=env.ref("base.partner_root").id,
            partner_ids=users.partner_id.ids,
            subject=env._(
                "%(step)s of %(record)s: waiting for your decision",
                step=step,
                record=document.display_name,
            ),
            body=Markup("<p>%s</p>")
            % env._(
                "Step '%(step)s' of %(record)s waits for your decision by "
                "%(deadline)s.",
                step=step,
                record=document.display_name,
                deadline=deadline,
            ),
            record_name=document.display_name,
            model_description=model_description,
            email_layout_xmlid="mail.mail_notification_layout",
        )

    def _absent_for(self, user):
        """The absent person ``user`` decides this step for (empty when ``user``
        is a reviewer of the step in their own right)."""
        self.ensure_one()
        step = self.step_id
        if user == step.user_id or step.group_id.id in user._get_group_ids():
            return self.env["res.users"]
        company = self.company_id
        today = company._order_local_date(fields.Datetime.now())
        absent = self.user_ids - user
        substitutes = self.env["order.absence"]._substitutes(absent, today)
        for absent_user, substitute in substitutes.items():
            if substitute == user:
                return absent_user
        return self.env["res.users"]

    def _can_act(self, user):
        """Return whether ``user`` may decide this pending step."""
        self.ensure_one()
        if user in self._document()._approval_barred_users():
            return False
        step = self.step_id
        return (
            user in self.user_ids
            or user == step.user_id
            or (step.group_id and step.group_id.id in user._get_group_ids())
        )
