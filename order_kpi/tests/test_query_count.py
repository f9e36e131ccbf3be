# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import KpiFixtures, sh

_logger = logging.getLogger(__name__)

# Queries to compute every scorecard of a month, whatever the number of
# people and orders. Measured on Odoo 18.0 with a small margin: 37 to compute,
# 75 to recompute (the assessment areas added about 16 to a recompute: the
# areas read, the old area rows deleted and the new ones created in one batch,
# the KPI names copied in every language in one UPDATE).
BUDGET = 80


@tagged("post_install", "-at_install")
class TestQueryCount(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()

    def _month(self, month, n_users, orders_per_user):
        """Orders of ``n_users`` new clerks in ``month``, reviewed and tracked."""
        for n in range(n_users):
            clerk = new_test_user(
                self.env,
                login=f"qc_{month:%m}_{n}",
                groups="base.group_user,order_entry_control.group_order_entry_clerk",
                company_id=self.company.id,
                company_ids=[Command.set(self.company.ids)],
            )
            for day in range(orders_per_user):
                received = sh(month.year, month.month, 2 + day % 20, 9, 0)
                order = self._kpi_order(
                    clerk,
                    received,
                    sh(month.year, month.month, 2 + day % 20, 9, 30),
                    submitted_datetime=sh(month.year, month.month, 2 + day % 20, 9, 40),
                    approved_datetime=sh(month.year, month.month, 2 + day % 20, 11),
                    released_datetime=sh(month.year, month.month, 2 + day % 20, 11),
                    tracker_id=self.tracker.id,
                )
                self._review(
                    order,
                    "review",
                    self.reviewer,
                    received,
                    received,
                    received,
                    "passed",
                )

    def _compute_queries(self, month):
        Scorecard = self.Scorecard.with_user(self.auditor)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        Scorecard._order_kpi_compute_month(self.company, month)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_compute_month_in_constant_queries(self):
        warm, small, large = date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)
        self._month(warm, 2, 2)
        self._month(small, 2, 2)
        self._month(large, 25, 4)
        self._compute_queries(warm)  # warm the caches once
        few = self._compute_queries(small)
        many = self._compute_queries(large)
        again = self._compute_queries(large)  # recompute: scorecards exist
        _logger.info(
            "scorecards of a month: %s queries for 2 people / 4 orders, %s for "
            "25 people / 100 orders, %s to recompute",
            few,
            many,
            again,
        )
        self.assertEqual(
            self.Scorecard.search_count(
                [("month", "=", large), ("scope", "=", "user")]
            ),
            25 + 2,  # the clerks, the reviewer and the tracker
        )
        # The ORM inserts at most 100 rows per query: the KPI lines (one per
        # person and KPI of their roles) cost one INSERT per 100, nothing per
        # person. Their related columns (company, month, person, team) are
        # precomputed into that INSERT: no UPDATE per 100 lines.
        lines = {
            month: self.env["order.kpi.scorecard.line"].search_count(
                [("month", "=", month)]
            )
            for month in (small, large)
        }
        batches = math.ceil(lines[large] / 100) - math.ceil(lines[small] / 100)
        self.assertEqual(many, few + batches, "the query count grows with the people")
        self.assertLessEqual(many, BUDGET)
        self.assertLessEqual(again, BUDGET)

    def test_month_reads_are_indexed(self):
        """The month's three reads are bounded by an index on the column they
        filter, so that their cost follows the month, not the database:
        the facts by business date, the orders released and the deliveries
        validated in the month (benchmarks/scale.py: the released orders
        scanned every order, a second at a million)."""
        for table, column in (
            ("sale_order", "business_date"),
            ("sale_order", "released_datetime"),
            ("stock_picking", "date_done"),
        ):
            self.env.cr.execute(
                """
                SELECT count(*)
                  FROM pg_index i
                  JOIN pg_attribute a
                    ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = %s::regclass AND a.attname = %s
                """,
                [table, column],
            )
            self.assertTrue(self.env.cr.fetchone()[0], f"{table}.{column}")
