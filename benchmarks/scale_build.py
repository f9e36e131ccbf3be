# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The databases of ``scale.py``: the template with the modules and the
flow's users, customers and products (through the ORM), the bases with N
orders inserted by SQL, and the fresh copies that are measured."""

import contextlib
import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta

from octool import ROOT, oc

MODULES = ("sale_management", "sale_stock", *oc.ADDONS)
N_CUSTOMERS = 5_000
N_REVIEWERS = 200


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
