# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The controls at a million orders: the same actions on 1,000 and N orders.

    python3 benchmarks/scale.py [--orders 1000000] [--small 1000] [--repeat 3]
                                [--reuse] [--db order_control_scale]
                                [--build-only] [--only flow,lists,...]

Installs sale_management, sale_stock and the three addons once into
``<db>_template`` and sets it up through the ORM (the flow's users, customer
and products of ``workload.py``; 200 users in the reviewer group; a department
head; 5,000 customers by SQL). Copies the template into ``<db>_small_base``
and ``<db>_big_base`` and inserts their orders by SQL (generate_series, as
``kpi_bench.py`` does): orders over the last two years, one line each, the
flow's customer with 2 % of them (20,000 at a million), every released order
with its two decided review steps, its delivery milestone and every 50th with
an applied change request; the newest tenth of a percent (10,000 at a
million) waiting for review with a pending step (1,000 of them late and not
flagged yet) and five reviewers' activities each; the newest tenth of the
released orders (100,000) with an open milestone, one in a hundred of them
past its planned date. ``--reuse`` keeps the template and the two bases when
they exist (a base is renamed into place only once it is complete);
``--build-only`` stops there.

Measuring changes a database (the crons flag late steps, the flow creates
orders), so every run measures fresh copies: each base is copied into
``<db>_small`` / ``<db>_big`` (CREATE DATABASE ... TEMPLATE) and the copy is
updated with ``-u`` of the three addons, so that the code of the working tree,
its new indexes and migrations, is what is measured. ``--only`` measures some
families of actions: flow, duplicate, steps, lists, kpi, sla, milestones.

Then, in each copy, it measures each user action of the controlled flow
(create, checks, submit, review, approve, confirm, change apply, closure
approve; ``workload.py``'s flow, each action its own committed transaction by
its own user), the duplicate check of the big customer, a step started for 2
and for 200 eligible reviewers, the SLA cron, the milestone cron, the KPI
month and the two lists as the web client opens them. It prints queries and
wall milliseconds (medians of ``--repeat`` runs) side by side, and the EXPLAIN
of every query that took over 20 ms.
"""

import argparse
import contextlib
import importlib.machinery
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
oc = importlib.machinery.SourceFileLoader("oc", os.path.join(ROOT, "oc")).load_module()
sys.path.insert(0, HERE)

MODULES = ("sale_management", "sale_stock", *oc.ADDONS)
N_CUSTOMERS = 5_000
N_REVIEWERS = 200
FLOW_LINES = 10
SLOW_MS = 20.0

# === QUERY LOG: every query over SLOW_MS, with its parameters === #

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


# === DATABASES === #


def run_odoo(config, name, *args):
    """``odoo -d name ARGS --stop-after-init`` in a process of its own."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            config,
            "-d",
            name,
            *args,
            "--stop-after-init",
            "--log-level",
            "warn",
            "--http-port",
            str(oc.free_port()),
        ],
        cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit(f"odoo {' '.join(args)} on {name} failed")


def install_template(config, name, reuse):
    if reuse and oc.db_exists(name):
        return False
    oc.drop_db(name)
    oc.say(f"creating {name}: {', '.join(MODULES)}")
    run_odoo(config, name, "-i", ",".join(MODULES), "--without-demo=all")
    return True


def update_copy(config, base, name):
    """A fresh copy of ``base``, updated to the working tree's code."""
    start = time.perf_counter()
    copy_db(base, name)
    copied = time.perf_counter() - start
    run_odoo(config, name, "-u", ",".join(oc.ADDONS))
    oc.say(
        f"{name}: copied from {base} in {copied:.0f} s, updated in "
        f"{time.perf_counter() - start - copied:.0f} s"
    )


def release_db(name):
    """Close this process's connections to ``name`` (for TEMPLATE, RENAME)."""
    from odoo.modules.registry import Registry
    from odoo.sql_db import close_db

    Registry.delete(name)
    close_db(name)


def rename_db(old, new):
    from psycopg2 import sql

    oc.drop_db(new)
    with contextlib.closing(oc._pg_connect()) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(old), sql.Identifier(new)
                )
            )
    store = os.path.join(oc.STATE, "data", "filestore")
    if os.path.isdir(os.path.join(store, old)):
        shutil.rmtree(os.path.join(store, new), ignore_errors=True)
        os.rename(os.path.join(store, old), os.path.join(store, new))


def copy_db(template, name):
    """CREATE DATABASE … TEMPLATE, with the filestore."""
    from psycopg2 import sql

    oc.drop_db(name)
    with contextlib.closing(oc._pg_connect()) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
    store = os.path.join(oc.STATE, "data", "filestore")
    if os.path.isdir(os.path.join(store, template)):
        shutil.copytree(os.path.join(store, template), os.path.join(store, name))


def setup_template(registry):
    """Users, customers and products, identical in both databases."""
    import workload

    from odoo import SUPERUSER_ID, Command, api
    from odoo.tools import SQL

    workload.setup(registry, "B0", 50)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        # the duplicate check looks back a month (workload's B0 switches it off)
        company.write({"order_duplicate_window_days": 30})
        reviewer_group = env.ref("order_entry_control.group_order_reviewer")
        base = [
            env.ref("base.group_user").id,
            env.ref("sales_team.group_sale_salesman_all_leads").id,
        ]
        existing = env["res.users"].search_count([("login", "=like", "bench_rev_%")])
        env["res.users"].create(
            [
                {
                    "name": f"Bench Reviewer {n:03d}",
                    "login": f"bench_rev_{n:03d}",
                    "groups_id": [Command.set([*base, reviewer_group.id])],
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                }
                for n in range(existing, N_REVIEWERS - 1)
            ]
        )
        if not env["res.users"].search([("login", "=", "bench_head")]):
            head = env.ref("order_tracking.group_order_department_head")
            env["res.users"].create(
                {
                    "name": "Bench Head",
                    "login": "bench_head",
                    "email": "head@bench.example.com",
                    "groups_id": [Command.set([*base, head.id])],
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                }
            )
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (name, complete_name,
                       is_company, active, type, lang, street, city, zip,
                       company_id, autopost_bills, create_date, write_date)
                SELECT 'Bench Customer ' || n, 'Bench Customer ' || n,
                       true, true, 'contact', 'en_US',
                       n || ' Bench Road', 'Shanghai', '200000', NULL,
                       'ask', now(), now()
                  FROM generate_series(1, %s) n
                 WHERE NOT EXISTS (SELECT 1 FROM res_partner
                                    WHERE name = 'Bench Customer 1')
                """,
                N_CUSTOMERS - 1,
            )
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE commercial_partner_id IS NULL"
        )


def bulk_insert(env, n_orders):
    """N orders over two years, their lines, steps, milestones and changes."""
    from odoo.tools import SQL

    cr = env.cr
    execute = cr.execute

    def timed_execute(query, *args, **kwargs):
        start = time.perf_counter()
        res = execute(query, *args, **kwargs)
        code = query.code if hasattr(query, "code") else query
        oc.say(f"  {' '.join(code.split())[:60]}: {time.perf_counter() - start:.1f} s")
        return res

    cr.execute = timed_execute
    company = env.ref("base.main_company")
    users = env["res.users"].search(
        [("login", "=like", "bench_rev_%")], order="login"
    ) | env["res.users"].search([("login", "=", "bench_reviewer")])
    big = env["res.partner"].search([("name", "=", "Bench Trading Co., Ltd.")])
    customers = env["res.partner"].search(
        [("name", "=like", "Bench Customer %")], order="id"
    )
    products = env["product.product"].search(
        [("default_code", "=like", "BENCH-%")], order="default_code"
    )
    open_steps = min(10_000, n_orders // 100) or 1
    open_milestones = min(100_000, n_orders // 10) or 1
    now = env.cr.now()
    params = {
        "n": n_orders,
        "start": now - timedelta(days=730),
        "span": 730 * 24 * 3600.0,
        "now": now,
        "company": company.id,
        "currency": company.currency_id.id,
        "big": big.id,
        "customers": customers.ids,
        "n_customers": len(customers),
        "users": users.ids,
        "n_users": len(users),
        "products": products.ids,
        "prices": [p.lst_price for p in products],
        "n_products": len(products),
        "uom": products[0].uom_id.id,
        "pricelist": env["product.pricelist"].search([], limit=1).id or None,
        "warehouse": env["stock.warehouse"].search([], limit=1).id,
        "approver": env.ref("base.user_admin").id,
        "open_steps": open_steps,
        "open_ms": open_milestones,
        "review": env.ref("order_entry_control.step_first_review").id,
        "approval": env.ref("order_entry_control.step_approval").id,
        "mtype": env["order.milestone.type"].search([("code", "=", "delivered")]).id,
        "activity_type": env.ref(
            "order_entry_control.mail_activity_type_order_review"
        ).id,
        "model": env["ir.model"]._get_id("sale.order"),
    }
    # order n: received at an even pace over two years; the newest open_steps
    # wait for review; every 50th belongs to the big customer (2 %)
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_src AS
            SELECT n,
                   %(start)s::timestamp
                     + make_interval(secs => %(span)s * n / (%(n)s + 1)) AS received,
                   CASE WHEN mod(n, 50) = 0 THEN %(big)s
                        ELSE (%(customers)s::int[])[1 + mod(n, %(n_customers)s)]
                   END AS partner,
                   (%(users)s::int[])[1 + mod(n, %(n_users)s)] AS uid,
                   1 + mod(n * 7, %(n_products)s) AS p,
                   1 + mod(n, 7) AS qty,
                   n > %(n)s - %(open_steps)s AS waiting
              FROM generate_series(1, %(n)s) n
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order (
                name, company_id, partner_id, partner_invoice_id,
                partner_shipping_id, date_order, picking_policy, state,
                review_state, create_uid, write_uid, create_date, write_date,
                user_id, tracker_id, order_taker_id, entry_channel,
                received_datetime, business_date, entered_datetime,
                entry_deadline, entered_on_time, submitted_datetime,
                submitted_by_id, approved_datetime, approved_by_id,
                released_datetime, released_by_id, review_rejection_count,
                review_round, commitment_date, currency_id, pricelist_id,
                warehouse_id, amount_untaxed, amount_tax, amount_total,
                customer_stated_total, client_order_ref, line_signature,
                invoice_status, order_closed, currency_rate, active)
            SELECT 'BENCH/' || n, %(company)s, partner, partner, partner,
                   received, 'direct',
                   CASE WHEN waiting THEN 'draft' ELSE 'sale' END,
                   CASE WHEN waiting THEN 'to_review' ELSE 'approved' END,
                   uid, uid, received, received, uid, uid, uid,
                   (ARRAY['phone', 'email', 'fax', 'portal'])[1 + mod(n, 4)],
                   received, received::date,
                   received + make_interval(mins => 10 + mod(n, 80)),
                   received + interval '1 hour', (10 + mod(n, 80)) <= 60,
                   received + interval '2 hours', uid,
                   CASE WHEN waiting THEN NULL
                        ELSE received + interval '5 hours' END,
                   CASE WHEN waiting THEN NULL ELSE %(approver)s END,
                   CASE WHEN waiting THEN NULL
                        ELSE received + interval '6 hours' END,
                   CASE WHEN waiting THEN NULL ELSE %(approver)s END,
                   0, 1, received + interval '5 days', %(currency)s,
                   %(pricelist)s, %(warehouse)s,
                   qty * (%(prices)s::float[])[p], 0, qty * (%(prices)s::float[])[p],
                   qty * (%(prices)s::float[])[p], 'PO-' || n,
                   md5((%(products)s::int[])[p]::text || ':'
                       || round(qty::numeric, 4)::text),
                   CASE WHEN waiting THEN 'no' ELSE 'to invoice' END,
                   false, 1.0, true
              FROM bench_src
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order_line (order_id, sequence, company_id,
                   currency_id, order_partner_id, salesman_id, product_id,
                   product_uom, name, product_uom_qty, price_unit, discount,
                   price_subtotal, price_total, price_tax,
                   price_reduce_taxexcl, price_reduce_taxinc, technical_price_unit,
                   customer_lead, qty_delivered, qty_invoiced, qty_to_invoice,
                   untaxed_amount_invoiced, untaxed_amount_to_invoice,
                   qty_delivered_method, invoice_status, state, is_downpayment,
                   is_expense, create_uid, write_uid, create_date, write_date)
            SELECT so.id, 10, so.company_id, so.currency_id, so.partner_id,
                   so.user_id, (%(products)s::int[])[s.p], %(uom)s,
                   'Bench part', s.qty, (%(prices)s::float[])[s.p], 0,
                   so.amount_untaxed, so.amount_untaxed, 0,
                   (%(prices)s::float[])[s.p], (%(prices)s::float[])[s.p],
                   (%(prices)s::float[])[s.p], 0, 0, 0, 0, 0, 0,
                   'stock_move', so.invoice_status, so.state, false, false,
                   so.user_id, so.user_id, so.create_date, so.create_date
              FROM bench_src s
              JOIN sale_order so ON so.name = 'BENCH/' || s.n
            """,
            **params,
        )
    )
    # two decided steps per released order; a pending first review per waiting
    # one, the oldest tenth of them late and not flagged yet
    cr.execute(
        SQL(
            """
            INSERT INTO order_review (res_model, res_id, order_id, step_id,
                   step_type, sequence, round, state, decision, started_on,
                   deadline, decided_on, decided_by_id, on_time, company_id,
                   sla_breached, requested_by_id)
            SELECT 'sale.order', so.id, so.id, s.step_id, s.step_type, s.seq, 1,
                   'done', s.decision, so.submitted_datetime,
                   so.submitted_datetime + s.allowed,
                   so.submitted_datetime + s.taken, %(approver)s,
                   s.taken <= s.allowed, so.company_id, false, so.user_id
              FROM sale_order so
             CROSS JOIN (VALUES
                   (%(review)s, 'review', 10, 'passed',
                    interval '2 hours', interval '1 hour'),
                   (%(approval)s, 'approval', 20, 'approved',
                    interval '8 hours', interval '3 hours')
             ) AS s(step_id, step_type, seq, decision, allowed, taken)
             WHERE left(so.name, 6) = 'BENCH/' AND so.state = 'sale'
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO order_review (res_model, res_id, order_id, step_id,
                   step_type, sequence, round, state, started_on, deadline,
                   company_id, sla_breached, requested_by_id)
            SELECT 'sale.order', so.id, so.id, %(review)s, 'review', 10, 1,
                   'pending', %(now)s::timestamp - interval '3 hours',
                   CASE WHEN row_number() OVER (ORDER BY so.id)
                             <= %(open_steps)s / 10
                        THEN %(now)s::timestamp - interval '1 minute'
                        ELSE %(now)s::timestamp + interval '2 days' END,
                   so.company_id, false, so.user_id
              FROM sale_order so
             WHERE left(so.name, 6) = 'BENCH/' AND so.state = 'draft'
            """,
            **params,
        )
    )
    # five eligible reviewers per pending step, each with an activity
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_pending AS
            SELECT r.id AS review_id, r.res_id,
                   (%(users)s::int[])[1 + mod(r.id * 5 + k, %(n_users)s)] AS uid
              FROM order_review r, generate_series(0, 4) k
             WHERE r.state = 'pending';
            INSERT INTO order_review_res_users_rel (order_review_id, res_users_id)
            SELECT review_id, uid FROM bench_pending ON CONFLICT DO NOTHING;
            INSERT INTO mail_activity (res_model_id, res_model, res_id,
                   activity_type_id, user_id, date_deadline, summary,
                   automated, create_uid, write_uid, create_date, write_date)
            SELECT %(model)s, 'sale.order', res_id, %(activity_type)s, uid,
                   (%(now)s::timestamp + interval '2 days')::date,
                   'First review', true, 1, 1, %(now)s, %(now)s
              FROM bench_pending
            """,
            **params,
        )
    )
    # a delivery milestone per released order: done, except the newest
    # open_ms, of which one in a hundred is past its planned date
    cr.execute(
        SQL(
            """
            INSERT INTO order_milestone (order_id, company_id, type_id, code,
                   sequence, date_planned, date_actual, is_late, state,
                   order_closed, tracker_id, user_id)
            SELECT so.id, so.company_id, %(mtype)s, 'delivered', 10,
                   CASE WHEN s.open AND mod(s.rank, 100) = 0
                        THEN %(now)s::timestamp - interval '1 hour'
                        WHEN s.open THEN %(now)s::timestamp + interval '10 days'
                        ELSE so.commitment_date END,
                   CASE WHEN s.open THEN NULL ELSE so.commitment_date END,
                   false, CASE WHEN s.open THEN 'open' ELSE 'done' END,
                   false, so.tracker_id, so.user_id
              FROM (SELECT id, row_number() OVER (ORDER BY id DESC) AS rank,
                           row_number() OVER (ORDER BY id DESC) <= %(open_ms)s
                             AS open
                      FROM sale_order
                     WHERE left(name, 6) = 'BENCH/' AND state = 'sale') s
              JOIN sale_order so ON so.id = s.id
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO order_change_request (name, order_id, company_id,
                   requested_by_id, state, cause, reason)
            SELECT 'BENCH-CR/' || so.id, so.id, so.company_id, so.user_id,
                   'applied', 'entry_error', 'Wrong quantity entered'
              FROM sale_order so
             WHERE left(so.name, 6) = 'BENCH/' AND mod(so.id, 50) = 0
               AND so.state = 'sale'
            """
        )
    )
    cr.execute("DROP TABLE bench_src, bench_pending")
    cr.execute = execute
    env.invalidate_all()
    return open_steps, open_milestones


def build(template, name, n_orders):
    """``name``: the template with ``n_orders`` orders, renamed into place
    only when complete (so that ``--reuse`` never keeps half a build)."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    building = f"{name}_building"
    copy_db(template, building)
    registry = Registry(building)
    oc.say(f"{name}: inserting {n_orders} orders by SQL")
    start = time.perf_counter()
    with registry.cursor() as cr:
        bulk_insert(api.Environment(cr, SUPERUSER_ID, {}), n_orders)
    oc.say(f"{name}: inserted in {time.perf_counter() - start:.0f} s; VACUUM ANALYZE")
    release_db(building)
    with contextlib.closing(oc._pg_connect(building)) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
    rename_db(building, name)
    oc.say(f"{name}: built in {time.perf_counter() - start:.0f} s")


# === MEASUREMENTS === #


def timed(registry, uid, func, what, context=None):
    """Run ``func(env)`` in its own committed transaction: (queries, ms)."""
    import odoo
    from odoo import api

    before = odoo.sql_db.sql_counter
    start = time.perf_counter()
    context = {
        "default_entry_channel": "email",
        "default_received_datetime": odoo.fields.Datetime.now() - timedelta(minutes=5),
        **(context or {}),
    }
    with recording(what), registry.cursor() as cr:
        env = api.Environment(cr, uid, context)
        func(env)
        env.flush_all()
    return odoo.sql_db.sql_counter - before, 1000 * (time.perf_counter() - start)


def user_ids(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        logins = ("bench_clerk", "bench_reviewer", "bench_approver", "bench_head")
        found = env["res.users"].search([("login", "in", logins)])
        ids = {u.login: u.id for u in found}
        ids["admin"] = env.ref("base.user_admin").id
        return ids


def flow(registry, users, partner_id, product_ids):
    """One order through every user action: {action: (queries, ms)}."""
    import workload

    from odoo import Command, fields

    steps = {}
    workload.measure = lambda registry, uid, func: _measure_flow(registry, uid, func)
    for action, (q, seconds) in workload.one_order(
        registry, "B0", users, partner_id, product_ids
    ).items():
        steps[action] = (q, 1000 * seconds)
    with registry.cursor() as cr:
        cr.execute("SELECT max(id) FROM sale_order WHERE left(name, 6) != 'BENCH/'")
        order_id = cr.fetchone()[0]
    result = {}

    def change(env):
        order = env["sale.order"].browse(order_id)
        line = order.order_line[:1]
        request = env["order.change.request"].create(
            {
                "order_id": order.id,
                "reason": "Scale: one more",
                "line_ids": [
                    Command.create(
                        {"sale_line_id": line.id, "new_qty": line.product_uom_qty + 1}
                    )
                ],
            }
        )
        request.action_submit()
        result["change"] = request.id

    timed(registry, users["bench_clerk"], change, None)

    def approve_change(env):
        request = env["order.change.request"].browse(result["change"])
        request.write(
            {
                "owner_id": env.uid,
                "date_deadline": fields.Datetime.now() + timedelta(days=20),
            }
        )
        request.action_approve()

    timed(registry, users["bench_head"], approve_change, None)
    steps["change apply"] = timed(
        registry,
        users["bench_head"],
        lambda env: env["order.change.request"].browse(result["change"]).action_apply(),
        "change apply",
    )

    def closure(env):
        request = env["order.closure.request"].create(
            {"order_id": order_id, "reason": "cancelled"}
        )
        request.action_submit()
        result["closure"] = request.id

    timed(registry, users["bench_clerk"], closure, None)
    steps["closure approve"] = timed(
        registry,
        users["bench_head"],
        lambda env: (
            env["order.closure.request"].browse(result["closure"]).action_approve()
        ),
        "closure approve",
    )
    return steps


def _measure_flow(registry, uid, func):
    """workload.measure with the slow queries recorded under the action."""
    import odoo
    from odoo import api

    before = odoo.sql_db.sql_counter
    start = time.perf_counter()
    # the intake a clerk types in the form
    context = {
        "default_entry_channel": "email",
        "default_received_datetime": odoo.fields.Datetime.now() - timedelta(minutes=5),
    }
    with recording("flow"), registry.cursor() as cr:
        result = func(api.Environment(cr, uid, context))
    return odoo.sql_db.sql_counter - before, time.perf_counter() - start, result


def duplicate_check(registry, users, partner_id, product_ids):
    """The duplicate check of a new order of the big customer."""
    from odoo import Command

    holder = {}

    def create(env):
        holder["id"] = (
            env["sale.order"]
            .create(
                {
                    "partner_id": partner_id,
                    "client_order_ref": "PO-NEW",
                    "order_line": [
                        Command.create(
                            {"product_id": product_ids[0], "product_uom_qty": 3}
                        )
                    ],
                }
            )
            .id
        )

    timed(registry, users["bench_clerk"], create, None)
    return timed(
        registry,
        users["bench_clerk"],
        lambda env: list(
            env["order.control.rule"]._order_check_duplicate(
                env["sale.order"].browse(holder["id"])
            )
        ),
        "duplicate check",
    )


def set_reviewers(registry, users, reviewers):
    """Keep ``reviewers`` users in the reviewer group; the number eligible."""
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        group = env.ref("order_entry_control.group_order_reviewer")
        extra = env["res.users"].search([("login", "=like", "bench_rev_%")])
        extra = extra.filtered(lambda u: u.login != "bench_reviewer")
        keep = extra[: max(reviewers - 2, 0)]
        group.users = (
            [Command.unlink(u.id) for u in extra - keep]
            + [Command.link(u.id) for u in keep]
            + [Command.link(users["bench_reviewer"])]
        )
        eligible = len(group.users.filtered(lambda u: u.id != users["bench_clerk"]))
    return eligible


def step_start(registry, users, partner_id, product_ids, reviewers):
    """Submit an order whose first step has ``reviewers`` eligible users."""
    from odoo import Command, fields

    eligible = set_reviewers(registry, users, reviewers)
    holder = {}

    def create(env):
        order = env["sale.order"].create(
            {
                "partner_id": partner_id,
                "commitment_date": fields.Datetime.now() + timedelta(days=30),
                "order_line": [
                    Command.create({"product_id": pid, "product_uom_qty": 1})
                    for pid in product_ids
                ],
            }
        )
        order.customer_stated_total = order.amount_total
        order.action_run_checks()
        holder["id"] = order.id

    timed(registry, users["bench_clerk"], create, None)
    figures = timed(
        registry,
        users["bench_clerk"],
        lambda env: env["sale.order"].browse(holder["id"]).action_submit_review(),
        f"step start, {reviewers} reviewers",
    )
    return eligible, figures


def sla_cron(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        late = env["order.review"].search_count(
            [
                ("state", "=", "pending"),
                ("sla_breached", "=", False),
                ("deadline", "<", env.cr.now()),
            ]
        )
        pending = env["order.review"].search_count([("state", "=", "pending")])
    figures = timed(
        registry,
        SUPERUSER_ID,
        lambda env: env["order.review"]._cron_check_sla(limit=max(late, 1)),
        "SLA cron",
    )
    return pending, late, figures


def milestone_cron(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        opened = env["order.milestone"].search_count([("state", "=", "open")])
    return opened, timed(
        registry,
        SUPERUSER_ID,
        lambda env: env["order.milestone"]._cron_check_lateness(),
        "milestone cron",
    )


def kpi_month(registry, users):
    month = date.today().replace(day=1) - relativedelta(months=2)

    def compute(env):
        env["order.kpi.scorecard"].search([("month", "=", month)]).unlink()
        env["order.kpi.compute.wizard"].create(
            {"company_id": env.company.id, "month": month}
        ).action_compute()

    return timed(
        registry, users["admin"], compute, "KPI month", {"tz": "Asia/Shanghai"}
    )


def open_list(registry, uid, xmlid, what):
    """Open an action's default list as Odoo 18's web client does: the
    action's domain and default filters evaluated as the client evaluates
    them, many2one columns read with their display name, and for a grouped
    list ``web_read_group`` of the first 10 groups when it expands them (80
    otherwise), then one ``web_search_read`` of up to 80 rows per opened group
    (at most 10, the client's MAX_NUMBER_OPENED_GROUPS)."""
    from lxml import etree

    from odoo import SUPERUSER_ID, api
    from odoo.tools.safe_eval import datetime as safe_datetime
    from odoo.tools.safe_eval import safe_eval

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        action = env.ref(xmlid)
        model = action.res_model
        view_id, search_view_id = action.view_id.id, action.search_view_id.id
        action_context, action_domain = action.context, action.domain
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        env = env(context=env.user.context_get())
        user_context = dict(env.context)
        evaluation = {
            "uid": uid,
            "context_today": date.today,
            "relativedelta": relativedelta,
            "datetime": safe_datetime,
        }
        context = safe_eval(action_context or "{}", evaluation)
        domain = safe_eval(action_domain or "[]", evaluation)
        arch = env[model].get_views([(view_id, "list"), (search_view_id, "search")])
        search = etree.fromstring(arch["views"]["search"]["arch"])
        for key, value in context.items():
            if key.startswith("search_default_") and value:
                name = key[len("search_default_") :]
                node = search.find(f".//filter[@name='{name}']")
                if node is not None and node.get("domain"):
                    domain += safe_eval(node.get("domain"), evaluation)
        list_arch = etree.fromstring(arch["views"]["list"]["arch"])
        spec = {}
        for node in list_arch.iter("field"):
            field = env[model]._fields.get(node.get("name"))
            if field:
                spec[field.name] = (
                    {"fields": {"display_name": {}}} if field.type == "many2one" else {}
                )
        group_by = list_arch.get("default_group_by")
        order = list_arch.get("default_order") or ""
        expand = list_arch.get("expand") in ("1", "True", "true")

    def call(env):
        records = env[model].with_context(bin_size=True, **user_context)
        if group_by:
            groups = records.web_read_group(
                domain, [], [group_by], limit=10 if expand else 80, lazy=True
            )
            for group in groups["groups"][: 10 if expand else 0]:
                records.web_search_read(
                    group["__domain"], spec, limit=80, order=order, count_limit=10001
                )
        else:
            records.web_search_read(
                domain, spec, limit=80, order=order, count_limit=10001
            )

    return timed(registry, uid, call, what)


FAMILIES = ("flow", "duplicate", "steps", "lists", "kpi", "sla", "milestones")


def flow_inputs(registry):
    """The flow's customer and products; its number of orders; all orders."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        partner_id = (
            env["res.partner"].search([("name", "=", "Bench Trading Co., Ltd.")]).id
        )
        product_ids = (
            env["product.product"]
            .search([("default_code", "=like", "BENCH-%")], order="default_code")
            .ids[:FLOW_LINES]
        )
        customer_orders = env["sale.order"].search_count(
            [("partner_id", "=", partner_id)]
        )
        total = env["sale.order"].search_count([])
    return partner_id, product_ids, customer_orders, total


class Measure:
    """The families of measurements in one database, each sample in ``rows``."""

    def __init__(self, registry, repeat):
        self.registry, self.repeat = registry, repeat
        self.users = user_ids(registry)
        (
            self.partner_id,
            self.product_ids,
            self.customer_orders,
            self.total,
        ) = flow_inputs(registry)
        self.rows = {}
        set_reviewers(registry, self.users, N_REVIEWERS)

    def add(self, label, figures):
        self.rows.setdefault(label, []).append(figures)

    def medians(self):
        return {
            label: (
                statistics.median(q for q, _ms in samples),
                statistics.median(ms for _q, ms in samples),
            )
            for label, samples in self.rows.items()
        }

    def flow(self):
        args = (self.registry, self.users, self.partner_id, self.product_ids)
        flow(*args)  # warm the caches
        for _n in range(self.repeat):
            for action, figures in flow(*args).items():
                self.add(action, figures)

    def duplicate(self):
        label = f"duplicate check ({self.customer_orders} orders of the customer)"
        for _n in range(self.repeat):
            self.add(
                label,
                duplicate_check(
                    self.registry, self.users, self.partner_id, self.product_ids
                ),
            )

    def steps(self):
        for reviewers in (2, N_REVIEWERS):
            for _n in range(self.repeat):
                _eligible, figures = step_start(
                    self.registry,
                    self.users,
                    self.partner_id,
                    self.product_ids,
                    reviewers,
                )
                self.add(f"step start, {reviewers} reviewers", figures)
        set_reviewers(self.registry, self.users, N_REVIEWERS)

    def lists(self):
        for label, uid, xmlid, what in (
            (
                "Orders to Review list (a reviewer)",
                self.users["bench_reviewer"],
                "order_entry_control.sale_order_action_review",
                "Orders to Review",
            ),
            (
                "tracking table (admin)",
                self.users["admin"],
                "order_tracking.order_milestone_action",
                "tracking table",
            ),
        ):
            for _n in range(self.repeat):
                self.add(label, open_list(self.registry, uid, xmlid, what))

    def kpi(self):
        for _n in range(self.repeat):
            self.add("KPI month", kpi_month(self.registry, self.users))

    def sla(self):
        pending, late, figures = sla_cron(self.registry)
        self.add(f"SLA cron ({pending} open, {late} newly late)", figures)

    def milestones(self):
        opened, figures = milestone_cron(self.registry)
        self.add(f"milestone cron ({opened} open)", figures)


def measure_db(name, repeat, only):
    """Measure the families ``only`` in database ``name``."""
    from odoo.modules.registry import Registry

    registry = Registry(name)
    measure = Measure(registry, repeat)
    for family in FAMILIES:  # in this order: the crons change the data last
        if family in only:
            getattr(measure, family)()
    return measure.total, measure.medians(), registry


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default="order_control_scale")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the template and bases that exist"
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the bases, measure nothing"
    )
    parser.add_argument(
        "--only",
        default=",".join(FAMILIES),
        help=f"comma-separated families to measure, of: {', '.join(FAMILIES)}",
    )
    args = parser.parse_args()
    only = {family.strip() for family in args.only.split(",") if family.strip()}
    if only - set(FAMILIES):
        parser.error(
            f"--only: unknown {', '.join(sorted(only - set(FAMILIES)))}; "
            f"choose among {', '.join(FAMILIES)}"
        )
    oc.preflight()
    config = oc.write_config()
    template = f"{args.db}_template"
    small, big = f"{args.db}_small", f"{args.db}_big"
    bases = {small: (f"{small}_base", args.small), big: (f"{big}_base", args.orders)}
    fresh = install_template(config, template, args.reuse)

    from odoo.modules.registry import Registry
    from odoo.tools import config as odoo_config

    odoo_config.parse_config(["-c", config, "-d", template, "--log-level", "warn"])
    reuse = args.reuse and not fresh
    missing = [
        (base, n) for base, n in bases.values() if not (reuse and oc.db_exists(base))
    ]
    if missing:
        registry = Registry(template)
        setup_template(registry)  # idempotent
        # CREATE DATABASE ... TEMPLATE needs the template without connections
        release_db(template)
        for base, n_orders in missing:
            build(template, base, n_orders)
    Registry.delete_all()
    if args.build_only:
        return 0
    install_query_log()
    results = {}
    for name in (small, big):
        update_copy(config, bases[name][0], name)
        oc.say(f"{name}: measuring {', '.join(f for f in FAMILIES if f in only)}")
        SLOW.clear()
        total, medians, registry = measure_db(name, args.repeat, only)
        slow = list(SLOW)
        plans = [
            (ms, what, query, explain(registry, query, params))
            for ms, what, query, params in sorted(slow, key=lambda s: -s[0])
        ]
        results[name] = (total, medians, plans)
        release_db(name)
    (n_small, small_rows, _plans), (n_big, big_rows, _big_plans) = (
        results[small],
        results[big],
    )
    print(f"\nmedians of {args.repeat}; {n_small:,} vs {n_big:,} orders")
    print(
        f"| action | queries {n_small:,} | queries {n_big:,} | ms {n_small:,} | "
        f"ms {n_big:,} | ratio |"
    )
    print("|---|---|---|---|---|---|")
    for label in big_rows:
        small_label = next(
            (s for s in small_rows if s.split(" (")[0] == label.split(" (")[0]), None
        )
        q1, ms1 = small_rows.get(small_label, (None, None))
        q2, ms2 = big_rows[label]
        ratio = f"{ms2 / ms1:.2f}" if ms1 else "-"
        print(f"| {label} | {q1} | {q2} | {ms1:.0f} | {ms2:.0f} | {ratio} |")
    for name in (small, big):
        plans = results[name][2]
        print(f"\n{name}: {len(plans)} queries over {SLOW_MS:.0f} ms")
        for ms, what, query, plan in plans:
            print(f"--- {what}: {ms:.0f} ms\n{' '.join(query.split())[:600]}")
            print(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
