# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scorecards' figures counted by when something happened in the month,
rather than by the orders' business date: processing timeliness (the orders
confirmed in the month, regulation 23) and the warehouse's shipping accuracy
(the deliveries validated in the month), with the warehouse's own section."""

from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The statistics of the month's events, as SQL aggregates (name, expression).
EVENT_AGGREGATES = (
    ("deliveries", "count(*)"),
    ("deliveries_accurate", "COALESCE(sum(e.deliveries_accurate), 0)"),
)
# GROUPING(e.role, e.person_id, e.team_id) bit masks of the grouping sets.
EVENT_SETS = {1: "person", 6: "team", 7: "company"}
# An order exception of this kind counts against the order's deliveries.
WRONG_GOODS = "wrong_goods"


class OrderKpiScorecard(models.Model):
    _inherit = "order.kpi.scorecard"

    warehouse_score = fields.Float(
        string="Warehouse Score",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Weighted score of the warehouse KPIs (deliveries the person validated).",
    )

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        # a figure of the computation (_order_kpi_compute_month), like the others
        return super()._order_owned_field_names(vals) | {"warehouse_score"}

    # === BUSINESS METHODS === #

    @api.model
    def _order_kpi_stats(self, company, month):
        """Add the statistics of the deliveries of the month (one more query)."""
        stats = super()._order_kpi_stats(company, month)
        for key, values in self._order_kpi_event_stats(company, month).items():
            stats.setdefault(key, {}).update(values)
        return stats

    @api.model
    def _order_kpi_month_bounds(self, company, month):
        """The month as naive UTC datetimes, from midnight to midnight in the
        company's time zone."""
        tz = company._order_control_tz()
        start = month.replace(day=1)
        return tuple(
            tz.localize(datetime.combine(day, time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
            for day in (start, start + relativedelta(months=1))
        )

    @api.model
    def _order_kpi_fact_event_aggregates(self, company, month):
        """Processing timeliness: the orders confirmed (released) in the
        month, counted in the pass over the facts whatever their business
        date, and those confirmed within the company's limit of working hours
        from receipt (their processing cycle)."""
        condition, aggregates = super()._order_kpi_fact_event_aggregates(company, month)
        date_from, date_to = self._order_kpi_month_bounds(company, month)
        released = SQL(
            "(f.released_datetime >= %s AND f.released_datetime < %s)",
            date_from,
            date_to,
        )
        processed = SQL("%s AND f.received_datetime IS NOT NULL", released)
        return SQL("(%s OR %s)", condition, released), {
            **aggregates,
            "processed": SQL("count(*) FILTER (WHERE %s)", processed),
            "processed_on_time": SQL(
                "count(*) FILTER (WHERE %s AND f.cycle_hours <= %s)",
                processed,
                company.order_kpi_processing_hours,
            ),
        }

    @api.model
    def _order_kpi_event_stats(self, company, month):
        """Statistics of the deliveries validated in a company's month, in
        one query.

        Returns ``{(role, id): {statistic: value}}`` like ``_order_kpi_stats``:
        ``warehouse`` (who validated the delivery), ``team`` (the order's
        team) and ``company``, for shipping accuracy.
        """
        date_from, date_to = self._order_kpi_month_bounds(company, month)
        self.env.cr.execute(
            SQL(
                """
                SELECT GROUPING(e.role, e.person_id, e.team_id),
                       e.role, e.person_id, e.team_id, %(aggregates)s
                  FROM (
                        SELECT 'warehouse' AS role, p.validated_by_id AS person_id,
                               so.team_id,
                               CASE WHEN EXISTS (
                                        SELECT 1 FROM stock_picking r
                                         WHERE r.return_id = p.id
                                           AND r.state != 'cancel'
                                    ) OR EXISTS (
                                        SELECT 1 FROM order_exception x
                                         WHERE x.order_id = so.id
                                           AND x.kind = %(wrong_goods)s
                                           AND x.state != 'cancelled'
                                           AND x.create_date >= p.date_done
                                    ) THEN 0 ELSE 1 END AS deliveries_accurate
                          FROM stock_picking p
                          JOIN stock_picking_type t ON t.id = p.picking_type_id
                          JOIN sale_order so ON so.id = p.sale_id
                         WHERE so.company_id = %(company)s
                           AND t.code = 'outgoing'
                           AND p.return_id IS NULL
                           AND p.state = 'done'
                           AND p.date_done >= %(date_from)s
                           AND p.date_done < %(date_to)s
                       ) e
              GROUP BY GROUPING SETS ((e.role, e.person_id), (e.team_id), ())
                """,
                aggregates=SQL(", ".join(expr for _n, expr in EVENT_AGGREGATES)),
                wrong_goods=WRONG_GOODS,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        stats = {}
        names = [name for name, _expr in EVENT_AGGREGATES]
        for grouping, role, person, team, *values in self.env.cr.fetchall():
            kind = EVENT_SETS[grouping]
            if kind == "person":
                key = (role, person or False)
            else:
                key = (kind, (team or False) if kind == "team" else False)
            stats[key] = dict(zip(names, values, strict=True))
        return stats
