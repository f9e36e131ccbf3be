# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.batch import process_in_savepoints

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"


class OrderReview(models.Model):
    """One review step of one submission of an order, and its decision."""

    _name = "order.review"
    _inherit = ["order.field.policy"]
    _description = "Order Review"
    _order = "order_id, round, sequence, id"
    # written by the review engine only (as superuser, after its checks)
    _order_owned_fields = frozenset(
        {
            "order_id",
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
            "decided_on",
            "comment",
            "sla_breached",
            "breached_on",
        }
    )

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    step_id = fields.Many2one(
        comodel_name="order.review.step",
        string="Review Step",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    name = fields.Char(related="step_id.name")
    sequence = fields.Integer(readonly=True)
    step_type = fields.Selection(
        selection=[("review", "Review"), ("approval", "Approval")],
        string="Type",
        required=True,
        readonly=True,
    )
    round = fields.Integer(
        readonly=True, help="Submission number of the order this step belongs to."
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
        related="order_id.company_id", store=True, index=True, precompute=True
    )

    _sql_constraints = [
        (
            "deadline_after_start",
            "CHECK (deadline IS NULL OR started_on IS NULL OR deadline >= started_on)",
            "A review deadline cannot be before the review started.",
        ),
    ]

    def init(self):
        # At most one pending step per order: two workers can never both
        # start (or leave) a step of the same order.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS order_review_one_pending_per_order
                ON order_review (order_id) WHERE state = 'pending'
            """
        )

    @api.depends("decided_on", "deadline")
    def _compute_on_time(self):
        for review in self:
            review.on_time = bool(
                review.decided_on
                and review.deadline
                and review.decided_on <= review.deadline
            )

    # === BUSINESS METHODS === #

    def _start(self):
        """Make these (waiting) steps pending, with deadlines and activities."""
        now = fields.Datetime.now()
        activity_vals = []
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            REVIEW_ACTIVITY, raise_if_not_found=True
        )
        model_id = self.env["ir.model"]._get_id("sale.order")
        subscribed = set()
        for review in self:
            order = review.order_id
            users = review.step_id._get_candidates(order)
            if not users:
                raise UserError(
                    self.env._(
                        "Nobody can act on step '%(step)s' of order %(order)s: add a "
                        "user who did not submit the order to its reviewer group.",
                        step=review.name,
                        order=order.name,
                    )
                )
            company = order.company_id
            deadline = company._order_add_working_hours(
                now, review.step_id._get_sla_hours(company)
            )
            review.sudo().write(
                {
                    "state": "pending",
                    "user_ids": [fields.Command.set(users.ids)],
                    "started_on": now,
                    "deadline": deadline,
                }
            )
            # the reviewers follow the order (as an activity's assignee does),
            # all in one batch rather than one subscription per activity
            order.sudo()._message_subscribe(partner_ids=users.partner_id.ids)
            subscribed.update(users.partner_id.ids)
            summary = self.env._(
                "%(step)s of %(order)s", step=review.name, order=order.name
            )
            activity_vals += [
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type_id,
                    "user_id": user.id,
                    "summary": summary,
                    "date_deadline": company._order_local_date(deadline),
                }
                for user in users
            ]
        if activity_vals:
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True,
                order_review_subscribed=frozenset(subscribed),
            ).create(activity_vals)

    def _close_activities(self):
        """Remove the review activities of these steps' orders: the decision
        itself is the record (the step, its tracking and, for a rejection, a
        message with the reason), so no "done" message repeats it."""
        self._review_activities().unlink()

    def _review_activities(self, orders=None):
        """The review activities of these steps' orders (or of ``orders``)."""
        if orders is None:
            orders = self.order_id
        return orders._order_activities(REVIEW_ACTIVITY)

    def _can_act(self, user):
        """Return whether ``user`` may decide this pending step."""
        self.ensure_one()
        if user in self.order_id._order_review_deciders():
            return False
        step = self.step_id
        return (
            user in self.user_ids
            or user == step.user_id
            or (step.group_id and step.group_id in user.groups_id)
        )

    @api.model
    def _cron_check_sla(self, limit=500):
        """Flag pending steps past their deadline and escalate them."""
        now = fields.Datetime.now()
        late = self.search(
            [
                ("state", "=", "pending"),
                ("sla_breached", "=", False),
                ("deadline", "<", now),
            ],
            limit=limit,
        )
        if not late:
            return 0

        def _flag(reviews):
            reviews.write({"sla_breached": True, "breached_on": now})
            activity_type = self.env.ref(REVIEW_ACTIVITY)
            subtype = self.env.ref("order_entry_control.mt_order_sla_breach")
            model_id = self.env["ir.model"]._get_id("sale.order")
            activity_vals = []
            for review in reviews:
                order = review.order_id
                escalate_to = review.step_id._get_escalation_users(order)
                order.message_post(
                    body=self.env._(
                        "Step '%(step)s' is late: its deadline was %(deadline)s.",
                        step=review.name,
                        deadline=fields.Datetime.to_string(review.deadline),
                    ),
                    subtype_id=subtype.id,
                )
                activity_vals += [
                    {
                        "res_model_id": model_id,
                        "res_id": order.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": self.env._(
                            "Late: %(step)s of %(order)s",
                            step=review.name,
                            order=order.name,
                        ),
                        "date_deadline": fields.Date.context_today(self),
                    }
                    for user in escalate_to
                ]
                if escalate_to:
                    review.user_ids = [fields.Command.link(u.id) for u in escalate_to]
            self.env["mail.activity"].create(activity_vals)

        process_in_savepoints(late, _flag, "Review SLA watcher")
        if len(late) == limit:
            self.env.ref("order_entry_control.ir_cron_order_review_sla")._trigger()
        return len(late)
