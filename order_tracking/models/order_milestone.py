# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from odoo.addons.order_entry_control.tools.batch import process_in_savepoints

_logger = logging.getLogger(__name__)

LATE_ACTIVITY = "order_tracking.mail_activity_type_milestone_late"
# The partial index of the open milestones that the lateness cron has not
# flagged yet.
UNFLAGGED_INDEX = "order_milestone_unflagged_open_date_planned_index"


class OrderMilestone(models.Model):
    """Planned and actual date of one milestone of one order.

    Field policy: milestones are planned by the order's release, completed by
    the events that feed them or by the log-milestone action, and flagged late
    by the system (KPI inputs); their users write only a note.
    """

    _name = "order.milestone"
    _inherit = ["order.field.policy"]
    _description = "Order Milestone"
    _order = "order_id, sequence, id"
    _order_owned_fields = frozenset(
        {
            "order_id",
            "type_id",
            "date_planned",
            "date_actual",
            "user_id",
            "is_late",
            "late_activity_id",
            "late_notified",
            "actual_source",
            "logged_on",
            "backdate_reason",
        }
    )
    _order_user_fields = frozenset({"note"})

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    # the stored related and computed fields are computed before the INSERT
    # (precompute): a release inserts its milestones without updating them
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    type_id = fields.Many2one(
        comodel_name="order.milestone.type",
        string="Milestone",
        required=True,
        ondelete="restrict",
    )
    code = fields.Char(related="type_id.code", store=True, index=True, precompute=True)
    sequence = fields.Integer(related="type_id.sequence", store=True, precompute=True)
    date_planned = fields.Datetime(string="Planned", index=True, readonly=True)
    date_actual = fields.Datetime(string="Actual", copy=False, readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Logged By", readonly=True, copy=False
    )
    is_late = fields.Boolean(string="Late", readonly=True, copy=False, index=True)
    actual_source = fields.Selection(
        selection=[
            ("document", "Document"),
            ("typed", "Typed"),
        ],
        string="Actual From",
        readonly=True,
        copy=False,
        index=True,
        help="Document: recorded by Odoo from the order's release, transfers, "
        "invoices or payments. Typed: logged by a person, who may date it.",
    )
    logged_on = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the actual date was recorded (it may be earlier than this).",
    )
    backdate_reason = fields.Char(
        string="Back-dating Reason",
        readonly=True,
        copy=False,
        help="Why a person dated the milestone earlier than the company allows "
        "without a reason.",
    )
    note = fields.Char()
    event = fields.Selection(related="type_id.event")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    tracker_id = fields.Many2one(
        related="order_id.tracker_id",
        string="Tracker",
        store=True,
        index=True,
        precompute=True,
    )
    order_closed = fields.Boolean(
        related="order_id.order_closed",
        string="Order Closed",
        store=True,
        index=True,
        precompute=True,
    )
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("late", "Late"),
            ("done", "Done"),
            ("closed", "Closed with the Order"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        precompute=True,
    )
    late_activity_id = fields.Many2one(
        comodel_name="mail.activity",
        string="Late Activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        # deleting activities (a decided step closes every reviewer's) looks
        # milestones up by this key: without an index, a scan per activity
        index="btree_not_null",
    )
    late_notified = fields.Boolean(
        readonly=True,
        copy=False,
        help="The tracker has been given an activity for this late milestone.",
    )

    # === COMPUTE METHODS === #

    @api.depends("order_id.name", "type_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for milestone in self:
            milestone.display_name = " · ".join(
                filter(None, [milestone.order_id.name, milestone.type_id.name])
            )

    @api.depends("date_actual", "is_late", "order_closed")
    def _compute_state(self):
        for milestone in self:
            if milestone.date_actual:
                milestone.state = "done"
            elif milestone.order_closed:
                # a closed order is not tracked any more
                milestone.state = "closed"
            else:
                milestone.state = "late" if milestone.is_late else "open"

    # === CONSTRAINT METHODS === #

    @api.constrains("date_planned", "date_actual", "order_id")
    def _check_dates_after_release(self):
        for milestone in self:
            released = milestone.order_id.released_datetime
            if not released:
                continue
            for name in ("date_planned", "date_actual"):
                value = milestone[name]
                if value and value < released:
                    raise ValidationError(
                        self.env._(
                            "Milestone '%(milestone)s' of %(order)s: the %(what)s "
                            "date %(date)s is before the release of the order "
                            "(%(released)s). Choose a date after the release.",
                            milestone=milestone.type_id.name,
                            order=milestone.order_id.name,
                            what=self._fields[name]
                            .get_description(self.env)["string"]
                            .lower(),
                            date=milestone.company_id._order_local_text(value),
                            released=milestone.company_id._order_local_text(released),
                        )
                    )

    # === CRUD METHODS === #

    def init(self):
        res = super().init()
        # the lateness cron's search: the open milestones not yet flagged, by
        # planned date (a small part of a table that keeps every milestone).
        # The predicate is the SQL of the cron's domain, so that PostgreSQL
        # can prove it (a boolean "= False" reads "IS NULL OR = FALSE").
        create_index(
            self.env.cr,
            UNFLAGGED_INDEX,
            self._table,
            ["date_planned"],
            where="date_actual IS NULL"
            " AND (is_late IS NULL OR is_late = FALSE)"
            " AND (order_closed IS NULL OR order_closed = FALSE)",
        )
        # the tracking table opens on the orders with a milestone late or due
        # soon (its default filter): the open milestones by planned date, so
        # that opening it reads those, not every open milestone
        create_index(
            self.env.cr,
            "order_milestone_open_date_planned_index",
            self._table,
            ["date_planned", "order_id"],
            where="state IN ('open', 'late')",
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        milestones._order_tracking_update_lateness()
        return milestones

    def write(self, vals):
        if vals.get("date_actual"):
            self._check_not_done()
        res = super().write(vals)
        if {"date_planned", "date_actual"}.intersection(vals):
            self._order_tracking_update_lateness()
        return res

    # === ACTION METHODS === #

    def action_open_log_wizard(self):
        """Open the dialog that logs this milestone as done."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Milestone"),
            "res_model": "order.milestone.log.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.order_id.id,
                "default_milestone_id": self.id,
            },
        }

    # === BUSINESS METHODS === #

    def _check_not_done(self):
        """Refuse to complete a milestone a second time."""
        done = self.filtered("date_actual")
        if done:
            raise UserError(
                self.env._(
                    "Milestone '%(milestone)s' of %(order)s was already completed on "
                    "%(date)s: a milestone is completed once. Write a note or log an "
                    "exception instead.",
                    milestone=done[0].type_id.name,
                    order=done[0].order_id.name,
                    date=done[0].company_id._order_local_text(done[0].date_actual),
                )
            )

    def _order_tracking_is_late(self, now):
        """Whether this milestone is late at ``now`` (naive UTC)."""
        self.ensure_one()
        if not self.date_planned:
            return False
        if self.date_actual:
            return self.date_actual > self.date_planned
        return self.date_planned < now

    def _order_tracking_update_lateness(self, now=None):
        """Flag late milestones; give the tracker an activity once per late one."""
        now = now or fields.Datetime.now()
        # one write per value of the flag, whatever the number of milestones
        changed = {True: [], False: []}
        for milestone in self:
            late = milestone._order_tracking_is_late(now)
            if late != milestone.is_late:
                changed[late].append(milestone.id)
        for late, ids in changed.items():
            if ids:
                self.browse(ids).sudo().write({"is_late": late})
        self.filtered(
            lambda m: m.is_late and not m.date_actual and not m.late_notified
        )._order_tracking_notify_late()
        done = self.filtered(lambda m: m.date_actual and m.late_activity_id)
        for milestone in done:
            activity = milestone.late_activity_id.sudo()
            milestone.sudo().write({"late_activity_id": False})
            activity.action_feedback(
                feedback=self.env._(
                    "Done on %(date)s.",
                    date=milestone.company_id._order_local_text(milestone.date_actual),
                )
            )

    def _order_tracking_notify_late(self):
        """Schedule one activity for the tracker of each of these late milestones."""
        # the activity type may have been deleted: then the flag alone
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            LATE_ACTIVITY, raise_if_not_found=False
        )
        if not self:
            return
        milestones = self.sudo()
        # the tracker only: with none, the managers were asked to name one
        tracked = milestones.filtered(
            lambda m: activity_type_id and m.order_id.tracker_id
        )
        milestones.write({"late_notified": True})
        if not tracked:
            return
        now = fields.Datetime.now()
        deadlines = {
            company: company._order_local_date(now)
            for company in tracked.order_id.company_id
        }
        # the trackers follow their orders first, in one batch, once per
        # order (an order with two late milestones would otherwise be
        # subscribed twice in the same insert by the activities' batch
        # create: a duplicate key); their activities then skip their own
        # subscription, three queries per tracker
        subscribed = tracked.order_id._order_subscribe_pairs(
            {order: order.tracker_id for order in tracked.order_id}
        )
        # no e-mail repeats each activity (Odoo's "assigned to you" notice,
        # nine queries per activity): the tracker sees it at once in the
        # activity menu, and the daily digest lists the late milestones of
        # their orders (as for the review steps' activities)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(
                mail_activity_quick_update=True, order_review_subscribed=subscribed
            )
            ._order_schedule(
                [
                    (
                        milestone.order_id,
                        milestone.order_id.tracker_id,
                        lambda env, milestone=milestone: {
                            "date_deadline": deadlines[milestone.order_id.company_id],
                            "summary": env._(
                                "Late: %(milestone)s (planned %(date)s)",
                                milestone=milestone.type_id.with_env(env).name,
                                date=milestone._order_tracking_planned_text(),
                            ),
                        },
                    )
                    for milestone in tracked
                ],
                LATE_ACTIVITY,
            )
        )
        if len(activities) == len(tracked):
            # one activity per milestone (one tracker each), created in order;
            # the writes of different values are flushed in one UPDATE
            for milestone, activity in zip(tracked, activities, strict=True):
                milestone.write({"late_activity_id": activity.id})

    @api.model
    def _cron_check_lateness(self, batch_size=500):
        """Flag the open milestones past their planned date, one batch per call.

        The batch is flagged at once in one savepoint; when that fails, each
        milestone in its own savepoint: one that fails is logged and left for
        the next run, the others go on. Reports its progress to the
        cron runner, which calls it again while milestones remain.
        """
        domain = [
            ("date_actual", "=", False),
            ("is_late", "=", False),
            ("date_planned", "<", fields.Datetime.now()),
            ("order_id.state", "=", "sale"),
            ("order_closed", "=", False),
        ]
        # both read UNFLAGGED_INDEX; counted only when the batch is full (the
        # count joins every released order: PostgreSQL cannot know that few
        # unflagged open milestones are past due, and hashes the orders)
        batch = self.search(domain, limit=batch_size, order="date_planned, id")
        remaining = (
            self.search_count(domain) if len(batch) == batch_size else len(batch)
        )
        done = len(
            process_in_savepoints(
                batch,
                lambda milestones: milestones._order_tracking_update_lateness(),
                "order tracking: flagging late milestones",
            )
        )
        left = max(remaining - done, 0)
        _logger.info(
            "order tracking: %s late milestone(s) flagged, %s left", done, left
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=left)
        return done
