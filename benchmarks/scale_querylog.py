# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The query log of ``scale.py``: every query slower than ``SLOW_MS`` while
an action is recorded, with its parameters, and the plan of such a query."""

import contextlib
import time

SLOW_MS = 20.0

SLOW = []  # (ms, what, sql, params) while recording
RECORDING = {"what": None}


def install_query_log():
    """Wrap Odoo's cursor so that each query slower than SLOW_MS is kept."""
    from odoo import sql_db
    from odoo.tools import SQL

    execute = sql_db.Cursor.execute

    def timed_execute(self, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return execute(self, query, params, log_exceptions)
        finally:
            ms = 1000 * (time.perf_counter() - start)
            if RECORDING["what"] and ms > SLOW_MS:
                if isinstance(query, SQL):
                    query, params = query.code, query.params
                SLOW.append((ms, RECORDING["what"], query, params))

    sql_db.Cursor.execute = timed_execute


@contextlib.contextmanager
def recording(what):
    RECORDING["what"] = what
    try:
        yield
    finally:
        RECORDING["what"] = None


def explain(registry, query, params):
    """The plan of a slow query (executed, and rolled back, for a SELECT)."""
    head = query.lstrip().split(None, 1)[0].upper()
    options = "ANALYZE, BUFFERS, " if head in ("SELECT", "WITH") else ""
    with registry.cursor() as cr:
        try:
            cr.execute(f"EXPLAIN ({options}COSTS OFF) {query}", params)
            return "\n".join(row[0] for row in cr.fetchall())
        except Exception as error:  # noqa: BLE001 - a plan is only informative
            return f"(no plan: {error})"
        finally:
            cr.rollback()
