# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

# How far back and ahead of today the working calendar is materialised.
DAYS_BACK = 400
DAYS_AHEAD = 62


class OrderKpiWorkInterval(models.Model):
    """The company's working time, materialised for SQL.

    One row per working interval of the order calendar (holidays removed),
    in naive UTC, with the working hours of all earlier rows of the company
    (``hours_before``). A query reads a company's rows once, as sorted
    arrays (``_calendar_join_sql``); the working hours between two moments
    are then a difference of two binary searches in them, so that the KPI
    facts view computes exact working-hour durations for any number of
    orders in one query.
    """

    _name = "order.kpi.work.interval"
    _inherit = ["order.field.policy"]
    _description = "Order KPI Working Interval"
    _order = "company_id, date_start"
    _log_access = False

    # Field policy (order.field.policy): rebuilt from the calendars by
    # _refresh (in SQL) and by nothing else; users only read it.
    _order_owned_fields = frozenset(
        {"company_id", "date_start", "date_stop", "hours_before"}
    )
    _order_user_fields = frozenset()

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, ondelete="cascade", readonly=True
    )
    date_start = fields.Datetime(required=True, readonly=True)
    date_stop = fields.Datetime(required=True, readonly=True)
    hours_before = fields.Float(
        readonly=True, help="Working hours of the company's earlier intervals."
    )

    @api.depends("date_start", "date_stop")
    def _compute_display_name(self):
        for interval in self:
            start = format_datetime(self.env, interval.date_start)
            stop = format_datetime(self.env, interval.date_stop)
            interval.display_name = f"{start} – {stop}"

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS order_kpi_work_interval_lookup "
                "ON order_kpi_work_interval (company_id, date_start)"
            )
        )

    @api.model
    def _calendar_join_sql(self, alias, company_sql):
        """SQL: LEFT JOIN of the company's working intervals as sorted arrays.

        One row per company, named ``alias``: ``starts`` (the intervals'
        starts, ascending), ``befores`` (working hours before each interval)
        and ``afters`` (working hours at its end). A query reads them once
        and ``_working_hours_sql`` locates each moment in them by a binary
        search (``width_bucket``) instead of an index probe per moment.
        """
        return SQL(
            """LEFT JOIN (
                SELECT w.company_id,
                       array_agg(w.date_start ORDER BY w.date_start) AS starts,
                       array_agg(w.hours_before ORDER BY w.date_start) AS befores,
                       array_agg(w.hours_before + date_part(
                           'epoch', w.date_stop - w.date_start) / 3600.0
                           ORDER BY w.date_start) AS afters
                  FROM order_kpi_work_interval w
              GROUP BY w.company_id
            ) %(alias)s ON %(alias)s.company_id = %(company)s""",
            alias=SQL.identifier(alias),
            company=company_sql,
        )

    @api.model
    def _working_hours_sql(self, calendar, start_sql, end_sql):
        """SQL: working hours between two timestamp expressions (NULL if unknown).

        ``calendar`` is the alias of ``_calendar_join_sql`` in the query.
        """
        return SQL(
            "CASE WHEN %(start)s IS NULL OR %(end)s IS NULL THEN NULL "
            "ELSE ROUND((%(cum_end)s - %(cum_start)s)::numeric, 2) END",
            start=start_sql,
            end=end_sql,
            cum_start=self._cumulative_hours_sql(calendar, start_sql),
            cum_end=self._cumulative_hours_sql(calendar, end_sql),
        )

    @api.model
    def _cumulative_hours_sql(self, calendar, moment_sql):
        """SQL: the company's working hours from its first interval to a moment.

        The moment falls in the last interval that starts at or before it
        (``width_bucket``: 0, so NULL, before the first interval): the hours
        before that interval plus the part of it already elapsed, at most
        the whole interval (a moment in a gap or after the last interval).
        In ``float8`` (``date_part``): numeric arithmetic (``EXTRACT``) costs
        twice as much per moment.
        """
        index = SQL(
            "width_bucket(%s, %s)", moment_sql, SQL.identifier(calendar, "starts")
        )
        return SQL(
            """LEAST(%(afters)s[%(index)s], %(befores)s[%(index)s]
                + date_part('epoch', %(moment)s - %(starts)s[%(index)s]) / 3600.0)""",
            afters=SQL.identifier(calendar, "afters"),
            befores=SQL.identifier(calendar, "befores"),
            starts=SQL.identifier(calendar, "starts"),
            index=index,
            moment=moment_sql,
        )

    @api.model
    def _refresh(self, companies, date_from=None):
        """Rebuild the working intervals of ``companies``.

        Covers from ``date_from`` (default: 400 days ago) to 62 days ahead,
        read from each company's order calendar with its holidays. Costs one
        delete and one insert per company, whatever the number of orders.
        """
        today = fields.Date.context_today(self)
        start_day = min(date_from or today, today - timedelta(days=DAYS_BACK))
        start = datetime.combine(start_day - timedelta(days=1), time.min)
        stop = datetime.combine(today + timedelta(days=DAYS_AHEAD), time.min)
        for company in companies:
            intervals = company._order_work_intervals(start, stop)
            starts, stops, befores = [], [], []
            hours = 0.0
            for begin, end in intervals:
                starts.append(begin)
                stops.append(end)
                befores.append(hours)
                hours += (end - begin).total_seconds() / 3600.0
            self.env.cr.execute(
                SQL(
                    "DELETE FROM order_kpi_work_interval WHERE company_id = %s",
                    company.id,
                )
            )
            self.env.cr.execute(
                SQL(
                    """INSERT INTO order_kpi_work_interval
                           (company_id, date_start, date_stop, hours_before)
                       SELECT %s, s, e, b
                         FROM unnest(%s::timestamp[], %s::timestamp[],
                                     %s::float8[]) AS t(s, e, b)""",
                    company.id,
                    starts,
                    stops,
                    befores,
                )
            )
        self.invalidate_model()
