# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who tracks an order and until when. The tracker rule: who keeps the
tracking table of a released order that names no tracker (the company's rule
in Settings), the rotation among the Order Trackers (its turns counted by a
sequence of the company), and the
managers' to-do when nobody can; and the end of tracking when the order
closes."""

from odoo import api, fields, models

from .res_company import MANAGER_GROUP

MISSING_ACTIVITY = "order_tracking.mail_activity_type_tracker_missing"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    tracker_missing = fields.Boolean(
        string="No Tracker",
        compute="_compute_tracker_missing",
        help="Released controlled order that nobody tracks: name a tracker.",
    )

    milestone_count = fields.Integer(
        string="Milestones", compute="_compute_milestone_counts"
    )
    milestone_done_count = fields.Integer(
        string="Milestones Done", compute="_compute_milestone_counts"
    )

    # === COMPUTE METHODS === #

    @api.depends("milestone_ids.date_actual")
    def _compute_milestone_counts(self):
        for order in self:
            order.milestone_count = len(order.milestone_ids)
            order.milestone_done_count = len(
                order.milestone_ids.filtered("date_actual")
            )

    @api.depends("tracker_id", "state", "order_control_active", "order_closed")
    def _compute_tracker_missing(self):
        for order in self:
            order.tracker_missing = bool(
                order.order_control_active
                and order.state == "sale"
                and not order.order_closed
                and not order.tracker_id
            )

    # === CRUD === #

    def write(self, vals):
        res = super().write(vals)
        if vals.get("order_closed"):
            self._order_tracking_stop()
        if vals.get("tracker_id"):
            # a tracker is named: the managers' to-do is done, and the tracker
            # owns the open allocation lines that had no owner
            self._order_tracker_close_requests()
            self.allocation_ids.filtered(
                lambda a: not a.user_id and a.state in ("todo", "in_progress")
            ).sudo().write({"user_id": vals["tracker_id"]})
        return res

    # === BUSINESS METHODS === #

    def _order_tracking_stop(self):
        """A closed order is not tracked any more: cancel its open allocation
        lines (their to-dos go) and remove its late-milestone activities (its
        open milestones show as closed with the order)."""
        self.allocation_ids.filtered(
            lambda a: a.state in ("todo", "in_progress")
        ).sudo().write({"state": "cancelled"})
        milestones = self.sudo().milestone_ids.filtered("late_activity_id")
        activities = milestones.late_activity_id
        milestones.write({"late_activity_id": False})
        activities.unlink()

    def _get_order_tracker(self):
        """Who keeps this order's tracking table by the company's tracker rule
        (an empty recordset when nobody can); override to name another one."""
        self.ensure_one()
        rule = self.company_id.order_tracker_rule
        if rule == "salesperson":
            user = self.user_id
            if user and not user.share and user.active:
                return user
        if rule != "rotation":
            default = self._get_order_default_tracker()
            if default:
                return default
        return self._order_tracker_next_in_turn()

    def _get_order_default_tracker(self):
        """The default tracker of this order's sales team, else of its warehouse;
        override to look elsewhere."""
        self.ensure_one()
        for user in (
            self.team_id.sudo().order_tracker_id,
            self.warehouse_id.sudo().order_tracker_id,
        ):
            if user and user.active and self.company_id in user.company_ids:
                return user
        return self.env["res.users"]

    def _order_tracker_candidates(self):
        """The users taking orders in turn: active internal Order Trackers of
        the order's company, Order Control Managers excepted (they hold every
        role), by id."""
        self.ensure_one()
        return self.company_id._order_tracker_rotation_users()

    def _order_tracker_next_in_turn(self):
        """The next tracker in turn for this order's company, or nobody: the
        company's next turn of the rotation among the candidates. Two releases
        at the same moment never take the same turn, and neither waits for the
        other (the turn is a sequence's, not a locked row's)."""
        self.ensure_one()
        candidates = self._order_tracker_candidates()
        if not candidates:
            return candidates
        turn = self.company_id._order_tracker_next_turn()
        return candidates[(turn - 1) % len(candidates)]

    def _order_assign_trackers(self):
        """Name the tracker of these released orders that have none; ask the
        managers for one when the rule finds nobody."""
        missing = self.browse()
        for order in self.filtered(lambda o: not o.tracker_id):
            tracker = order._get_order_tracker()
            if tracker:
                order.sudo().tracker_id = tracker
            else:
                missing |= order
        missing._order_tracker_request()

    def _order_tracker_request(self):
        """Give each Order Control Manager of these orders' companies one to-do
        per order, in their language: name its tracker (one batch)."""
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            MISSING_ACTIVITY, raise_if_not_found=False
        )
        if not self or not activity_type_id:
            return
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(MANAGER_GROUP).id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
        )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        )._order_schedule(
            [
                (
                    order,
                    managers.filtered(lambda u, c=order.company_id: c in u.company_ids),
                    lambda env, order=order: {
                        "summary": env._(
                            "Name the tracker of %(order)s", order=order.name
                        ),
                        "note": env._(
                            "Nobody is set to keep the tracking table of "
                            "%(order)s: no default tracker for its sales team or "
                            "warehouse and no Order Tracker to take it in turn. "
                            "Set its tracker on the order's Tracking tab.",
                            order=order.name,
                        ),
                        "date_deadline": order.company_id._order_local_date(
                            fields.Datetime.now()
                        ),
                        # created in a batch, closed by the tracker's naming
                        "automated": False,
                    },
                )
                for order in self
            ],
            MISSING_ACTIVITY,
        )

    def _order_tracker_close_requests(self):
        """Mark done the managers' to-dos asking for these orders' tracker."""
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            MISSING_ACTIVITY, raise_if_not_found=False
        )
        if not activity_type_id:
            return
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type_id),
            ]
        ).action_done()
