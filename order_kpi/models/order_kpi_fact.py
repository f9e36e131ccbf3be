# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

# Change requests that count against the entry (not drafts, not refused).
COUNTED_CHANGE_STATES = ("submitted", "approved", "applied")


class OrderKpiFact(models.Model):
    """One row per (not cancelled) sales order: the facts the KPIs count.

    A SQL view over ``sale_order`` and the records around it (reviews,
    change requests, milestones, deliveries, invoices, ratings). Durations
    are working hours of the company's order calendar, computed in the same
    query from ``order.kpi.work.interval`` (read once per company, ``wk``).

    The query is split like ``sale.report``'s, so that another addon changes
    one part without copying the rest: ``_select_order_kpi_fact`` (plus
    ``_select_additional_fields``), ``_from_order_kpi_fact`` (one ``_join_*``
    per source) and ``_where_order_kpi_fact``.
    """

    _name = "order.kpi.fact"
    _description = "Order KPI Fact"
    # A SQL view: read-only for everyone (access rights give read only and
    # nothing writes it), so it declares no field policy; the policy of the
    # orders and records it is made of guards its figures.
    _auto = False
    _order = "business_date desc, id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one(comodel_name="sale.order", string="Order", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="crm.team", string="Sales Team", readonly=True
    )
    entry_user_id = fields.Many2one(
        comodel_name="res.users", string="Entered By", readonly=True
    )
    order_taker_id = fields.Many2one(
        comodel_name="res.users", string="Order Taker", readonly=True
    )
    reviewer_id = fields.Many2one(
        comodel_name="res.users", string="First Reviewer", readonly=True
    )
    approver_id = fields.Many2one(
        comodel_name="res.users", string="Approver", readonly=True
    )
    tracker_id = fields.Many2one(
        comodel_name="res.users", string="Tracker", readonly=True
    )
    entry_channel = fields.Selection(
        selection=lambda self: (
            self.env["sale.order"]
            ._fields["entry_channel"]
            ._description_selection(self.env)
        ),
        string="Channel",
        readonly=True,
    )
    review_state = fields.Selection(
        selection=lambda self: (
            self.env["sale.order"]
            ._fields["review_state"]
            ._description_selection(self.env)
        ),
        string="Review Status",
        readonly=True,
    )
    business_date = fields.Date(readonly=True)
    # datetimes
    received_datetime = fields.Datetime(string="Received On", readonly=True)
    entered_datetime = fields.Datetime(string="Entered On", readonly=True)
    entry_deadline = fields.Datetime(readonly=True)
    submitted_datetime = fields.Datetime(string="Submitted On", readonly=True)
    reviewed_datetime = fields.Datetime(string="First Review On", readonly=True)
    rejected_datetime = fields.Datetime(string="Last Rejected On", readonly=True)
    approved_datetime = fields.Datetime(string="Approved On", readonly=True)
    released_datetime = fields.Datetime(string="Released On", readonly=True)
    commitment_date = fields.Datetime(string="Committed Delivery", readonly=True)
    delivery_deadline = fields.Datetime(readonly=True)
    delivered_datetime = fields.Datetime(string="Delivered On", readonly=True)
    invoiced_datetime = fields.Datetime(string="Invoiced On", readonly=True)
    paid_datetime = fields.Datetime(string="Paid On", readonly=True)
    # durations (working hours)
    entry_hours = fields.Float(
        string="Entry Time (working h)",
        readonly=True,
        aggregator="avg",
        help="Working hours from receipt to entry.",
    )
    review_hours = fields.Float(
        string="Review Time (working h)",
        readonly=True,
        aggregator="avg",
        help="Working hours from submission to approval.",
    )
    cycle_hours = fields.Float(
        string="Processing Cycle (working h)",
        readonly=True,
        aggregator="avg",
        help="Working hours from receipt to release (confirmation).",
    )
    delivery_hours = fields.Float(
        string="Delivery Time (working h)",
        readonly=True,
        aggregator="avg",
        help="Working hours from release to delivery.",
    )
    # flags and counts
    order_count = fields.Integer(string="Orders", readonly=True)
    entry_due = fields.Boolean(
        readonly=True, help="The order has an entry deadline (Order Control on)."
    )
    entered_on_time = fields.Boolean(readonly=True)
    reviewed_on_time = fields.Boolean(
        readonly=True, help="Every decided review step was decided by its deadline."
    )
    approved_on_time = fields.Boolean(
        readonly=True, help="Every decided approval step was decided by its deadline."
    )
    is_reviewed = fields.Boolean(
        string="Reviewed", readonly=True, help="Approved, or rejected at least once."
    )
    accurately_entered = fields.Boolean(
        readonly=True,
        help="Approved without a rejection and without a change request caused "
        "by an entry error.",
    )
    rejection_count = fields.Integer(string="Rejections", readonly=True)
    entry_error_count = fields.Integer(
        string="Entry-Error Changes",
        readonly=True,
        help="Change requests of this order caused by an entry error.",
    )
    change_count = fields.Integer(string="Change Requests", readonly=True)
    delivery_due = fields.Boolean(
        readonly=True, help="Delivered, with a committed or planned delivery date."
    )
    delivered_on_time = fields.Boolean(readonly=True)
    satisfaction = fields.Float(
        string="Customer Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="The customer's rating (1-5 stars as 20-100), else the score "
        "recorded with the customer's feedback.",
    )
    milestone_due_count = fields.Integer(
        string="Milestones Due",
        readonly=True,
        help="Planned milestones that are done or past their planned date.",
    )
    milestone_on_time_count = fields.Integer(string="Milestones On Time", readonly=True)
    exception_count = fields.Integer(string="Exceptions", readonly=True)
    exception_due_count = fields.Integer(
        string="Exceptions Due",
        readonly=True,
        help="Exceptions resolved, or still open past their deadline.",
    )
    exception_solved_count = fields.Integer(
        string="Exceptions Solved",
        readonly=True,
        help="Exceptions resolved by their deadline (or without one), with a response.",
    )
    milestone_typed_count = fields.Integer(
        string="Milestones Typed",
        readonly=True,
        help="Milestones due whose actual date a person typed (not a document).",
    )
    milestone_backdated_count = fields.Integer(
        string="Milestones Back-dated",
        readonly=True,
        help="Milestones due whose typed actual date was back-dated with a reason.",
    )
    delivery_typed = fields.Boolean(
        string="Delivery Typed",
        readonly=True,
        help="The delivery date is a delivered milestone a person typed.",
    )
    delivery_backdated = fields.Boolean(string="Delivery Back-dated", readonly=True)
    satisfaction_typed = fields.Boolean(
        string="Satisfaction Typed",
        readonly=True,
        help="The satisfaction comes from staff (a rating by phone, a feedback "
        "score), not from the customer's own rating.",
    )

    # === VIEW === #

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._fact_query(),
            )
        )

    def _fact_query(self):
        """The view's query, composed of the parts below: override a part."""
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            self._select_order_kpi_fact(),
            self._from_order_kpi_fact(),
            self._where_order_kpi_fact(),
        )

    def _select_order_kpi_fact(self):
        """The view's columns; add one through ``_select_additional_fields``."""
        columns = [
            SQL(
                """
                so.id AS id,
                so.id AS order_id,
                so.company_id,
                so.user_id,
                so.team_id,
                so.create_uid AS entry_user_id,
                so.order_taker_id,
                rv.reviewer_id,
                so.approved_by_id AS approver_id,
                so.tracker_id,
                so.entry_channel,
                so.review_state,
                so.business_date,
                so.received_datetime,
                so.entered_datetime,
                so.entry_deadline,
                so.submitted_datetime,
                rv.reviewed_datetime,
                rv.rejected_datetime,
                so.approved_datetime,
                so.released_datetime,
                so.commitment_date,
                COALESCE(so.commitment_date, ms.delivery_planned) AS delivery_deadline,
                dl.delivered_datetime,
                COALESCE(ms.invoiced, inv.invoiced) AS invoiced_datetime,
                ms.paid AS paid_datetime,
                %(entry_hours)s AS entry_hours,
                %(review_hours)s AS review_hours,
                %(cycle_hours)s AS cycle_hours,
                %(delivery_hours)s AS delivery_hours,
                1 AS order_count,
                so.entry_deadline IS NOT NULL AS entry_due,
                so.entry_deadline IS NOT NULL
                    AND COALESCE(so.entered_on_time, FALSE) AS entered_on_time,
                rv.reviewed_on_time,
                rv.approved_on_time,
                so.approved_datetime IS NOT NULL
                    OR COALESCE(so.review_rejection_count, 0) > 0 AS is_reviewed,
                so.approved_datetime IS NOT NULL
                    AND COALESCE(so.review_rejection_count, 0) = 0
                    AND cr.entry_errors = 0 AS accurately_entered,
                COALESCE(so.review_rejection_count, 0) AS rejection_count,
                cr.entry_errors AS entry_error_count,
                cr.changes AS change_count,
                dl.delivered_datetime IS NOT NULL
                    AND COALESCE(so.commitment_date, ms.delivery_planned) IS NOT NULL
                    AS delivery_due,
                dl.delivered_datetime IS NOT NULL
                    AND dl.delivered_datetime
                        <= COALESCE(so.commitment_date, ms.delivery_planned)
                    AS delivered_on_time,
                COALESCE(
                    rt.rating * 20.0,
                    CASE WHEN so.customer_feedback_score > 0
                              OR ms.feedback IS NOT NULL
                         THEN so.customer_feedback_score END
                ) AS satisfaction,
                ms.due AS milestone_due_count,
                ms.on_time AS milestone_on_time_count,
                ex.exceptions AS exception_count,
                ex.due AS exception_due_count,
                ex.solved AS exception_solved_count,
                ms.typed AS milestone_typed_count,
                ms.backdated AS milestone_backdated_count,
                COALESCE(ms.delivered_typed, FALSE) AS delivery_typed,
                COALESCE(ms.delivered_backdated, FALSE) AS delivery_backdated,
                COALESCE(rt.typed, TRUE) AS satisfaction_typed""",
                entry_hours=self._working_hours(
                    "so.received_datetime", "so.entered_datetime"
                ),
                review_hours=self._working_hours(
                    "so.submitted_datetime", "so.approved_datetime"
                ),
                cycle_hours=self._working_hours(
                    "so.received_datetime", "so.released_datetime"
                ),
                delivery_hours=self._working_hours(
                    "so.released_datetime", "dl.delivered_datetime"
                ),
            )
        ]
        columns.extend(
            SQL("%s AS %s", expression, SQL.identifier(name))
            for name, expression in self._select_additional_fields().items()
        )
        return SQL(",").join(columns)

    def _select_additional_fields(self):
        """Extra columns of the view, ``{field name: SQL}``: override to add one."""
        return {}

    def _from_order_kpi_fact(self):
        """The order and its sources, one lateral join each: override to add one."""
        return SQL("\n").join(
            [
                SQL("sale_order so"),
                self._join_calendar(),
                self._join_reviews(),
                self._join_changes(),
                self._join_milestones(),
                self._join_pickings(),
                self._join_delivered(),
                self._join_invoices(),
                self._join_exceptions(),
                self._join_rating(),
            ]
        )

    def _where_order_kpi_fact(self):
        """The orders that get a row: all but the cancelled ones."""
        return SQL("so.state != 'cancel'")

    # === PARTS OF THE VIEW === #

    def _working_hours(self, start, end):
        """SQL: the company's working hours between two columns of the view."""
        return self.env["order.kpi.work.interval"]._working_hours_sql(
            "wk", SQL(start), SQL(end)
        )

    def _join_calendar(self):
        """``wk``: the company's working intervals, as arrays (working hours)."""
        return self.env["order.kpi.work.interval"]._calendar_join_sql(
            "wk", SQL("so.company_id")
        )

    def _join_reviews(self):
        """``rv``: the order's review steps (reviewer, dates, on time)."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT
                    bool_and(r.on_time) FILTER (
                        WHERE r.step_type = 'review' AND r.decided_on IS NOT NULL
                    ) AS reviewed_on_time,
                    bool_and(r.on_time) FILTER (
                        WHERE r.step_type = 'approval' AND r.decided_on IS NOT NULL
                    ) AS approved_on_time,
                    max(r.decided_on) FILTER (
                        WHERE r.step_type = 'review' AND r.decision = 'passed'
                    ) AS reviewed_datetime,
                    (array_agg(r.decided_by_id ORDER BY r.decided_on DESC) FILTER (
                        WHERE r.step_type = 'review' AND r.decision = 'passed'
                    ))[1] AS reviewer_id,
                    max(r.decided_on) FILTER (
                        WHERE r.decision = 'rejected'
                    ) AS rejected_datetime
                FROM order_review r
                WHERE r.order_id = so.id AND r.res_model = 'sale.order'
            ) rv ON TRUE"""
        )

    def _join_changes(self):
        """``cr``: the order's counted change requests, and those from entry errors."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT
                    count(*) FILTER (
                        WHERE c.cause = 'entry_error' AND c.state IN %(counted)s
                    ) AS entry_errors,
                    count(*) FILTER (WHERE c.state IN %(counted)s) AS changes
                FROM order_change_request c
                WHERE c.order_id = so.id
            ) cr ON TRUE""",
            counted=COUNTED_CHANGE_STATES,
        )

    def _join_milestones(self):
        """``ms``: the order's milestones (due, on time, dates of the known codes)."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT
                    count(*) FILTER (
                        WHERE m.date_planned IS NOT NULL
                          AND (m.date_actual IS NOT NULL
                               OR m.date_planned < (now() AT TIME ZONE 'UTC'))
                    ) AS due,
                    count(*) FILTER (
                        WHERE m.date_planned IS NOT NULL
                          AND m.date_actual <= m.date_planned
                    ) AS on_time,
                    max(m.date_actual) FILTER (WHERE m.code = 'delivered') AS delivered,
                    max(m.date_planned) FILTER (
                        WHERE m.code = 'delivered'
                    ) AS delivery_planned,
                    max(m.date_actual) FILTER (WHERE m.code = 'invoiced') AS invoiced,
                    max(m.date_actual) FILTER (WHERE m.code = 'paid') AS paid,
                    max(m.date_actual) FILTER (WHERE m.code = 'feedback') AS feedback,
                    count(*) FILTER (
                        WHERE m.date_planned IS NOT NULL
                          AND m.date_actual IS NOT NULL
                          AND m.actual_source = 'typed'
                    ) AS typed,
                    count(*) FILTER (
                        WHERE m.date_planned IS NOT NULL
                          AND m.date_actual IS NOT NULL
                          AND m.backdate_reason IS NOT NULL
                    ) AS backdated,
                    bool_or(m.actual_source = 'typed') FILTER (
                        WHERE m.code = 'delivered' AND m.date_actual IS NOT NULL
                    ) AS delivered_typed,
                    bool_or(m.backdate_reason IS NOT NULL) FILTER (
                        WHERE m.code = 'delivered' AND m.date_actual IS NOT NULL
                    ) AS delivered_backdated
                FROM order_milestone m
                WHERE m.order_id = so.id
            ) ms ON TRUE"""
        )

    def _join_pickings(self):
        """``pk``: the order's deliveries (last done, how many still open)."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT
                    max(p.date_done) FILTER (WHERE p.state = 'done') AS done,
                    count(*) FILTER (
                        WHERE p.state NOT IN ('done', 'cancel')
                    ) AS open_count
                FROM stock_picking p
                JOIN stock_picking_type t ON t.id = p.picking_type_id
                WHERE p.sale_id = so.id AND t.code = 'outgoing'
            ) pk ON TRUE"""
        )

    def _join_delivered(self):
        """``dl``: delivered by the milestone, else when the last delivery was done."""
        return SQL(
            """CROSS JOIN LATERAL (
                SELECT COALESCE(
                    ms.delivered,
                    CASE WHEN pk.open_count = 0 THEN pk.done END
                ) AS delivered_datetime
            ) dl"""
        )

    def _join_invoices(self):
        """``inv``: the date of the order's first posted customer invoice."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT min(am.invoice_date)::timestamp AS invoiced
                FROM sale_order_line sol
                JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                JOIN account_move am ON am.id = aml.move_id
                WHERE sol.order_id = so.id
                  AND am.state = 'posted'
                  AND am.move_type = 'out_invoice'
            ) inv ON TRUE"""
        )

    def _join_exceptions(self):
        """``ex``: how many of the order's exceptions are not cancelled, due
        (resolved, or open past their deadline) and solved (resolved by their
        deadline, with a response)."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT count(*) AS exceptions,
                    count(*) FILTER (
                        WHERE e.state = 'resolved'
                           OR e.date_deadline < (now() AT TIME ZONE 'UTC')
                    ) AS due,
                    count(*) FILTER (
                        WHERE e.state = 'resolved'
                          AND COALESCE(btrim(e.response), '') != ''
                          AND (e.date_deadline IS NULL
                               OR e.date_resolved <= e.date_deadline)
                    ) AS solved
                FROM order_exception e
                WHERE e.order_id = so.id AND e.state != 'cancelled'
            ) ex ON TRUE"""
        )

    def _join_rating(self):
        """``rt``: the customer's own rating of the order (1 to 5 stars), given
        on the portal page or recorded by staff from a phone call."""
        return SQL(
            """LEFT JOIN LATERAL (
                SELECT r.score AS rating, r.source = 'staff' AS typed
                FROM order_customer_rating r
                WHERE r.order_id = so.id
            ) rt ON TRUE"""
        )
