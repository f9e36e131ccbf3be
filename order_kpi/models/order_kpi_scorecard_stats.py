# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The statistics the scorecards are computed from: the month's facts and
review decisions aggregated per person, team and company, in two queries."""

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from .order_kpi_fact import COUNTED_CHANGE_STATES

# The statistics of the facts, as SQL aggregates (name, expression).
FACT_AGGREGATES = (
    ("orders", "count(*)"),
    ("reviewed", "count(*) FILTER (WHERE f.is_reviewed)"),
    ("accurate", "count(*) FILTER (WHERE f.accurately_entered)"),
    ("entry_due", "count(*) FILTER (WHERE f.entry_due)"),
    ("entered_on_time", "count(*) FILTER (WHERE f.entered_on_time)"),
    ("released", "count(f.cycle_hours)"),
    ("cycle_hours", "COALESCE(sum(f.cycle_hours), 0)"),
    ("delivery_due", "count(*) FILTER (WHERE f.delivery_due)"),
    ("delivered_on_time", "count(*) FILTER (WHERE f.delivered_on_time)"),
    ("rated", "count(f.satisfaction)"),
    ("satisfaction", "COALESCE(sum(f.satisfaction), 0)"),
    ("milestones_due", "COALESCE(sum(f.milestone_due_count), 0)"),
    ("milestones_on_time", "COALESCE(sum(f.milestone_on_time_count), 0)"),
    ("exceptions_due", "COALESCE(sum(f.exception_due_count), 0)"),
    ("exceptions_solved", "COALESCE(sum(f.exception_solved_count), 0)"),
    ("milestones_typed", "COALESCE(sum(f.milestone_typed_count), 0)"),
    ("milestones_backdated", "COALESCE(sum(f.milestone_backdated_count), 0)"),
    ("delivery_typed", "count(*) FILTER (WHERE f.delivery_due AND f.delivery_typed)"),
    (
        "delivery_backdated",
        "count(*) FILTER (WHERE f.delivery_due AND f.delivery_backdated)",
    ),
    ("rated_typed", "count(f.satisfaction) FILTER (WHERE f.satisfaction_typed)"),
)
REVIEW_AGGREGATES = (
    ("decisions", "count(*)"),
    ("decisions_on_time", "count(*) FILTER (WHERE r.on_time)"),
    ("passes", "count(*) FILTER (WHERE r.decision IN ('passed', 'approved'))"),
    (
        "review_errors",
        "count(*) FILTER (WHERE r.decision IN ('passed', 'approved') "
        "AND (err.entry_error OR err.later_rejection))",
    ),
)
# GROUPING() bit masks of the grouping sets below.
FACT_SETS = {3: "clerk", 5: "tracker", 6: "team", 7: "company"}
# The sets that get the statistics of _order_kpi_fact_event_aggregates.
FACT_EVENT_SETS = ("clerk", "team", "company")
REVIEW_SETS = {1: "reviewer", 2: "team", 3: "company"}


class OrderKpiScorecard(models.Model):
    _inherit = "order.kpi.scorecard"

    # === BUSINESS METHODS === #

    @api.model
    def _order_kpi_stats(self, company, month):
        """Aggregated KPI statistics of a company's month, in two queries.

        The facts are read once: those of the month's business dates, and
        those that ``_order_kpi_fact_event_aggregates`` counts by another
        date of the month.

        Returns ``{(kind, id): {statistic: value}}`` where kind is ``clerk``,
        ``tracker`` or ``reviewer`` (a person's id), ``team`` (a team's id)
        or ``company`` (id False).
        """
        date_from = month.replace(day=1)
        date_to = date_from + relativedelta(months=1)
        cr = self.env.cr
        self.env.flush_all()
        # The view's per-order subqueries make the planner's estimate large
        # enough for JIT inlining and optimisation, which cost more (over a
        # second) than the query itself on 100,000 orders.
        cr.execute(SQL("SET LOCAL jit = off"))
        # Facts counted by another date than the business date (the orders
        # confirmed in the month): read in the same pass over the facts.
        condition, extra = self._order_kpi_fact_event_aggregates(company, month)
        aggregates = [SQL(expr) for _n, expr in FACT_AGGREGATES] + list(extra.values())
        cr.execute(
            SQL(
                """
                SELECT GROUPING(f.entry_user_id, f.tracker_id, f.team_id),
                       m.in_month, f.entry_user_id, f.tracker_id, f.team_id,
                       %(aggregates)s
                  FROM order_kpi_fact f
                 CROSS JOIN LATERAL (
                       SELECT f.business_date >= %(date_from)s
                              AND f.business_date < %(date_to)s AS in_month
                       ) m
                 WHERE f.company_id = %(company)s
                   AND ((f.business_date >= %(date_from)s
                         AND f.business_date < %(date_to)s) OR %(condition)s)
              GROUP BY GROUPING SETS (
                       (m.in_month, f.entry_user_id), (m.in_month, f.tracker_id),
                       (m.in_month, f.team_id), (m.in_month))
                """,
                aggregates=SQL(", ").join(aggregates),
                condition=condition,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        stats = {}
        names = [name for name, _expr in FACT_AGGREGATES]
        for grouping, in_month, clerk, tracker, team, *values in cr.fetchall():
            kind = FACT_SETS[grouping]
            key_id = {"clerk": clerk, "tracker": tracker, "team": team}.get(kind)
            key = (kind, key_id or False)
            if in_month:
                stats.setdefault(key, {}).update(
                    zip(names, values[: len(names)], strict=True)
                )
            if kind in FACT_EVENT_SETS:
                row = stats.setdefault(key, {})
                for name, value in zip(extra, values[len(names) :], strict=True):
                    row[name] = row.get(name, 0) + value
        cr.execute(
            SQL(
                """
                SELECT GROUPING(r.decided_by_id, so.team_id),
                       r.decided_by_id, so.team_id, %(aggregates)s
                  FROM order_review r
                  JOIN sale_order so
                    ON so.id = r.order_id AND r.res_model = 'sale.order'
                 CROSS JOIN LATERAL (
                       SELECT EXISTS (
                                  SELECT 1 FROM order_change_request c
                                   WHERE c.order_id = r.order_id
                                     AND c.cause = 'entry_error'
                                     AND c.state IN %(counted)s
                              ) AS entry_error,
                              EXISTS (
                                  SELECT 1 FROM order_review later
                                   WHERE later.res_model = 'sale.order'
                                     AND later.res_id = r.res_id
                                     AND later.round = r.round
                                     AND later.sequence > r.sequence
                                     AND later.decision = 'rejected'
                              ) AS later_rejection
                       ) err
                 WHERE so.company_id = %(company)s
                   AND so.state != 'cancel'
                   AND so.business_date >= %(date_from)s
                   AND so.business_date < %(date_to)s
                   AND r.decided_on IS NOT NULL
                   AND r.decided_by_id IS NOT NULL
              GROUP BY GROUPING SETS ((r.decided_by_id), (so.team_id), ())
                """,
                aggregates=SQL(", ".join(expr for _n, expr in REVIEW_AGGREGATES)),
                counted=COUNTED_CHANGE_STATES,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        names = [name for name, _expr in REVIEW_AGGREGATES]
        for grouping, reviewer, team, *values in cr.fetchall():
            kind = REVIEW_SETS[grouping]
            key_id = {"reviewer": reviewer, "team": team}.get(kind)
            row = dict(zip(names, values, strict=True))
            row["passes_ok"] = row["passes"] - row["review_errors"]
            stats.setdefault((kind, key_id or False), {}).update(row)
        return stats

    @api.model
    def _order_kpi_fact_event_aggregates(self, company, month):
        """Statistics of the facts counted by another date of the month than
        the business date: ``(SQL condition on f, {name: SQL aggregate})``,
        each aggregate filtered on its own condition. Override to add one;
        its values go to the clerks, teams and company (``FACT_EVENT_SETS``).
        """
        return SQL("FALSE"), {}
