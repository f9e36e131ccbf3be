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

The databases are built by ``scale_build.py``, measured by
``scale_measure.py``, the slow queries logged by ``scale_querylog.py``.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from octool import oc  # noqa: E402
from scale_build import (  # noqa: E402
    build,
    install_template,
    release_db,
    setup_template,
    update_copy,
)
from scale_measure import FAMILIES, measure_db  # noqa: E402
from scale_querylog import SLOW, SLOW_MS, explain, install_query_log  # noqa: E402


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
