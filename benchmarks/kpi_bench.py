# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Monthly scorecards over 100,000 orders: queries, wall time and the plan.

    python3 benchmarks/kpi_bench.py [--orders 100000] [--users 50] [--reuse]

Creates the database ``order_control_bench_kpi`` (sale_management, sale_stock
and the three Order Control addons; ``--reuse`` keeps an existing one and its
orders), bulk-inserts the orders of the last twelve months by SQL (with their
review steps, milestones and a few entry-error change requests), then runs the
real code: the Compute Scorecards wizard for one month (creates every
scorecard), ``action_compute()`` again on the month (recomputes them), and a
one-month read of the KPI facts. Prints query counts, wall times and the
EXPLAIN of a one-month filter on the facts, which must use an index.
"""

import argparse
import importlib.machinery
import os
import subprocess
import sys
import time
from datetime import date

from dateutil.relativedelta import relativedelta

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
oc = importlib.machinery.SourceFileLoader("oc", os.path.join(ROOT, "oc")).load_module()

DBNAME = "order_control_bench_kpi"
MODULES = ("sale_management", "sale_stock", *oc.ADDONS)
N_TEAMS = 5


def create_db(config, reuse):
    if reuse and oc.db_exists(DBNAME):
        return False
    oc.drop_db(DBNAME)
    oc.say(f"creating {DBNAME}: {', '.join(MODULES)}")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            config,
            "-d",
            DBNAME,
            "-i",
            ",".join(MODULES),
            "--without-demo=all",
            "--stop-after-init",
            "--log-level",
            "warn",
            "--http-port",
            str(oc.free_port()),
        ],
        cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit(f"installing {DBNAME} failed")
    return True


def setup(env, n_users):
    """Calendar, users, teams, a customer and the milestone type (ORM)."""
    from odoo import Command

    company = env.ref("base.main_company")
    calendar = env["resource.calendar"].search([("name", "=", "Bench Shanghai")])
    if not calendar:
        calendar = env["resource.calendar"].create(
            {
                "name": "Bench Shanghai",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (9, 12, "morning"),
                        (13, 18, "afternoon"),
                    )
                ],
            }
        )
    company.write({"order_control_enabled": True, "order_calendar_id": calendar.id})
    clerk_group = env.ref("order_entry_control.group_order_entry_clerk")
    users = env["res.users"].search([("login", "=like", "bench_kpi_%")], order="id")
    if len(users) < n_users:
        users |= env["res.users"].create(
            [
                {
                    "name": f"Bench KPI {n:02d}",
                    "login": f"bench_kpi_{n:02d}",
                    "groups_id": [
                        Command.set([env.ref("base.group_user").id, clerk_group.id])
                    ],
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                }
                for n in range(len(users), n_users)
            ]
        )
    users = users[:n_users]
    teams = env["crm.team"].search([("name", "=like", "Bench Team %")], order="id")
    if len(teams) < N_TEAMS:
        teams |= env["crm.team"].create(
            [{"name": f"Bench Team {n}"} for n in range(len(teams), N_TEAMS)]
        )
    for n, team in enumerate(teams):
        team.member_ids = [Command.set(users[n::N_TEAMS].ids)]
    partner = env["res.partner"].search([("name", "=", "Bench Buyer")], limit=1)
    partner = partner or env["res.partner"].create({"name": "Bench Buyer"})
    mtype = env["order.milestone.type"].search([("code", "=", "delivered")])
    mtype = mtype or env["order.milestone.type"].create(
        {"name": "Delivered", "code": "delivered"}
    )
    steps = (
        env.ref("order_entry_control.step_first_review"),
        env.ref("order_entry_control.step_approval"),
    )
    return company, users, teams, partner, mtype, steps


def bulk_insert(env, n_orders, company, users, teams, partner, mtype, steps):
    """Orders of the last twelve months with reviews, milestones and changes."""
    from odoo.tools import SQL

    cr = env.cr
    today = date.today()
    first = today.replace(day=1) - relativedelta(months=12)
    user_ids = users.ids
    team_of = {user: team.id for team in teams for user in team.member_ids.ids}
    cr.execute(
        SQL(
            """
            WITH src AS (
                SELECT n,
                       (%(user_ids)s::int[])[1 + mod(n, %(n_users)s)] AS uid,
                       (%(team_ids)s::int[])[1 + mod(n, %(n_users)s)] AS team,
                       (%(user_ids)s::int[])[1 + mod(n * 7, %(n_users)s)] AS tracker,
                       %(first)s::timestamp
                         + make_interval(days => mod(n, 365))
                         + make_interval(mins => 60 + mod(n * 37, 480)) AS received
                  FROM generate_series(1, %(n_orders)s) n
            )
            INSERT INTO sale_order (
                name, company_id, partner_id, partner_invoice_id,
                partner_shipping_id, date_order, picking_policy, state,
                review_state, create_uid, write_uid, create_date, write_date,
                user_id, team_id, tracker_id, order_taker_id, entry_channel,
                received_datetime, business_date, entered_datetime,
                entry_deadline, entered_on_time, submitted_datetime,
                submitted_by_id, approved_datetime, approved_by_id,
                released_datetime, released_by_id, review_rejection_count,
                review_round, commitment_date, customer_feedback_score)
            SELECT 'BENCH/' || n, %(company)s, %(partner)s, %(partner)s,
                   %(partner)s, received, 'direct', 'sale', 'approved',
                   uid, uid, received, received, uid, team, tracker, uid,
                   (ARRAY['phone', 'email', 'fax', 'portal'])[1 + mod(n, 4)],
                   received, received::date,
                   received + make_interval(mins => 10 + mod(n, 80)),
                   received + interval '1 hour',
                   (10 + mod(n, 80)) <= 60,
                   received + interval '2 hours',
                   uid,
                   received + interval '5 hours',
                   %(approver)s,
                   received + interval '6 hours',
                   %(approver)s,
                   CASE WHEN mod(n, 13) = 0 THEN 1 ELSE 0 END,
                   CASE WHEN mod(n, 13) = 0 THEN 2 ELSE 1 END,
                   received + interval '5 days',
                   CASE WHEN mod(n, 3) = 0 THEN 60 + mod(n, 41) ELSE 0 END
              FROM src
            """,
            user_ids=user_ids,
            team_ids=[team_of.get(uid) for uid in user_ids],
            n_users=len(user_ids),
            first=first,
            n_orders=n_orders,
            company=company.id,
            partner=partner.id,
            approver=env.ref("base.user_admin").id,
        )
    )
    reviewer = env.ref("base.user_admin").id
    cr.execute(
        SQL(
            """
            INSERT INTO order_review (res_model, res_id, order_id, step_id,
                   step_type, sequence,
                   round, state, decision, started_on, deadline, decided_on,
                   decided_by_id, on_time, company_id)
            SELECT 'sale.order', so.id, so.id, s.step_id, s.step_type, s.seq, 1,
                   'done', s.decision,
                   so.submitted_datetime,
                   so.submitted_datetime + s.allowed,
                   so.submitted_datetime + s.taken,
                   %(reviewer)s, s.taken <= s.allowed, so.company_id
              FROM sale_order so
             CROSS JOIN (VALUES
                   (%(review)s, 'review', 10, 'passed',
                    interval '2 hours', interval '1 hour'),
                   (%(approval)s, 'approval', 20, 'approved',
                    interval '8 hours', interval '3 hours')
             ) AS s(step_id, step_type, seq, decision, allowed, taken)
             WHERE left(so.name, 6) = 'BENCH/'
            """,
            reviewer=reviewer,
            review=steps[0].id,
            approval=steps[1].id,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO order_milestone (order_id, company_id, type_id, code,
                   sequence, date_planned, date_actual, is_late)
            SELECT so.id, so.company_id, %(mtype)s, 'delivered', 10,
                   so.commitment_date,
                   so.commitment_date + make_interval(hours => mod(so.id, 48) - 36),
                   mod(so.id, 48) > 36
              FROM sale_order so
             WHERE left(so.name, 6) = 'BENCH/'
            """,
            mtype=mtype.id,
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
            """
        )
    )
    cr.execute(
        "ANALYZE sale_order, order_review, order_milestone, order_change_request"
    )
    env.invalidate_all()
    return first


def measure(env, func):
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, env.cr.sql_log_count - before, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the database")
    args = parser.parse_args()
    oc.preflight()
    config = oc.write_config()
    create_db(config, args.reuse)

    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import SQL
    from odoo.tools import config as odoo_config

    odoo_config.parse_config(["-c", config, "-d", DBNAME, "--log-level", "warn"])
    registry = Registry(DBNAME)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company, users, teams, partner, mtype, steps = setup(env, args.users)
        cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'BENCH/%'")
        existing = cr.fetchone()[0]
        if existing < args.orders:
            cr.execute("DELETE FROM sale_order WHERE name LIKE 'BENCH/%'")
            oc.say(f"inserting {args.orders} orders by SQL")
            start = time.perf_counter()
            bulk_insert(env, args.orders, company, users, teams, partner, mtype, steps)
            oc.say(f"inserted in {time.perf_counter() - start:.1f} s")
        cr.commit()

    month = date.today().replace(day=1) - relativedelta(months=2)
    with registry.cursor() as cr:
        admin = api.Environment(cr, SUPERUSER_ID, {}).ref("base.user_admin")
        env = api.Environment(cr, admin.id, {"tz": "Asia/Shanghai"})
        env.ref("order_kpi.order_kpi_scorecard_rule_all")  # registry warm
        cr.execute(
            SQL(
                "SELECT count(*) FROM sale_order WHERE business_date >= %s "
                "AND business_date < %s",
                month,
                month + relativedelta(months=1),
            )
        )
        month_orders = cr.fetchone()[0]
        Scorecard = env["order.kpi.scorecard"]
        old = Scorecard.search([("month", "=", month), ("state", "!=", "locked")])
        old.unlink()
        wizard = env["order.kpi.compute.wizard"].create(
            {"company_id": env.company.id, "month": month}
        )
        _action, create_queries, create_wall = measure(env, wizard.action_compute)
        cards = Scorecard.search([("month", "=", month)])
        _res, recompute_queries, recompute_wall = measure(env, cards.action_compute)
        _res, refresh_queries, refresh_wall = measure(
            env, lambda: env["order.kpi.work.interval"]._refresh(env.company, month)
        )
        facts, read_queries, read_wall = measure(
            env,
            lambda: env["order.kpi.fact"]._read_group(
                [
                    ("business_date", ">=", month),
                    ("business_date", "<", month + relativedelta(months=1)),
                ],
                ["entry_user_id"],
                ["__count", "cycle_hours:avg", "satisfaction:avg"],
            ),
        )
        cr.execute(
            SQL(
                """EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                   SELECT entry_user_id, count(*), avg(cycle_hours)
                     FROM order_kpi_fact
                    WHERE company_id = %s
                      AND business_date >= %s AND business_date < %s
                 GROUP BY entry_user_id""",
                env.company.id,
                month,
                month + relativedelta(months=1),
            )
        )
        plan = "\n".join(row[0] for row in cr.fetchall())
        people = len(cards.filtered(lambda c: c.scope == "user"))
        team_cards = len(cards) - people
        cr.rollback()

    print(f"database: {DBNAME}; month {month:%Y-%m}: {month_orders} orders")
    print(f"scorecards: {people} people, {team_cards} teams")
    print(f"compute (create) : {create_queries} queries, {create_wall * 1000:.0f} ms")
    print(
        f"recompute        : {recompute_queries} queries, "
        f"{recompute_wall * 1000:.0f} ms"
    )
    print(
        f"  of which working-time refresh: {refresh_queries} queries, "
        f"{refresh_wall * 1000:.0f} ms"
    )
    print(
        f"facts one month by person ({len(facts)} groups): {read_queries} "
        f"queries, {read_wall * 1000:.0f} ms"
    )
    print("EXPLAIN of a one-month filter on order_kpi_fact:")
    print(plan)
    uses_index = "business_date_index" in plan
    print(f"one-month filter uses the business_date index: {uses_index}")
    return 0 if uses_index else 1


if __name__ == "__main__":
    sys.exit(main())
