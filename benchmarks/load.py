# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load with several workers: racing JSON-RPC clients, then invariants by SQL.

    python3 benchmarks/load.py [--seconds 60] [--clients 20] [--workers 2]
                               [--plain-seconds 30] [--warmup 15] [--faults]
                               [--port 8079]
                               [--db order_control_load] [--keep]

Installs the three addons in a fresh database, starts Odoo in prefork mode
(``--workers 2``) on 127.0.0.1, switches the controls on and creates users
per role over JSON-RPC as admin. First, for ``--plain-seconds``,
``--clients`` salespeople of a second company (controls off, Odoo's
default) create and confirm quotations: plain Odoo's create + confirm, the
reference of the ratio the issue sets (controlled / plain confirmed orders
per minute, target at least 0.6). Then, for as long, as many clients take
their orders through the controlled flow one by one, as the plain ones do
(a clerk creates, checks and submits, a reviewer passes, an approver
approves, the clerk confirms; no race, no polling): the controlled side of
the ratio. Each of these two phases is measured after ``--warmup`` seconds
of the same work that are not counted: a user's login and first call in
each worker check the password (PBKDF2, 600,000 rounds: 0.6-1 s each) and
fill the worker's caches for that user, a day's first minute rather than
its throughput. Then ``--clients`` threads race on the controlled
flow for a bounded time (at most 120 s): clerks create, check,
submit, resubmit and confirm; reviewers and approvers race on the same
oldest orders. Afterwards it checks the invariants in the database, prints
throughput and p50/p95 latency, and exits 1 on any violation.

``--faults`` runs everything on a private PostgreSQL 15 cluster (initdb in
a temporary directory, removed at the end, so ``--keep`` keeps nothing),
kills one Odoo HTTP worker with SIGKILL every 15 s of the controlled phase
and restarts the cluster (``pg_ctl restart -m fast``) once in its middle.
Clients repeat a call that a fault broke, as a user clicks again (at most
``RETRIES`` times): a repeat whose first attempt had committed must be
refused cleanly, and the run counts those.

Extension point: order_tracking's change and closure actions are new
entries in ``ROLES`` (a loop per role, ``load_roles.py``) and in
``INVARIANTS`` (a check over SQL, ``load_invariants.py``); nothing else needs
to change. The clients are in ``load_rpc.py``, the server in
``load_server.py``, the setup in ``load_setup.py``.
"""

import argparse
import contextlib
import os
import statistics
import sys
import threading
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from load_faults import Faults, PrivateCluster  # noqa: E402
from load_invariants import INVARIANTS  # noqa: E402
from load_roles import ROLES  # noqa: E402
from load_rpc import Rpc, Stats  # noqa: E402
from load_server import install, server_errors, start_server, stop_server  # noqa: E402
from load_setup import setup, setup_plain  # noqa: E402
from octool import oc  # noqa: E402

MAX_SECONDS = 120

# === MAIN === #


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if values else 0.0


def run_phase(port, db, users, ctx, seconds, stats, faults=None, warmup=0.0):
    """Run one client thread per user for ``warmup`` then ``seconds``; return
    the time measured (after the warm-up, whose calls ``stats`` does not
    count). ``faults(stop)`` starts the faults when the clients start."""
    stop = threading.Event()
    threads = []
    for role, login in users:
        rpc = Rpc(port, db, login, login, stats)
        threads.append(
            threading.Thread(target=ROLES[role], args=(rpc, stats, stop, ctx))
        )
    oc.say(
        f"{len(threads)} clients ({dict(Counter(r for r, _l in users))}) "
        f"for {seconds:.0f}s"
    )
    stats.since = time.time() + warmup
    for thread in threads:
        thread.start()
    injector = faults(stop) if faults else None
    time.sleep(warmup + seconds)
    stop.set()
    for thread in threads:
        thread.join(300)
    if injector:
        injector.join(120)
    return time.time() - stats.since


def calls_summary(stats, elapsed):
    calls = [s for values in stats.latency.values() for s in values]
    ok = sum(n for (_m, outcome), n in stats.outcomes.items() if outcome == "ok")
    return calls, ok, len(calls) - ok


def report_faults(stats, injector, faulted):
    print(
        f"faults: {injector.kills} HTTP workers killed, "
        f"{injector.restarts} PostgreSQL restart(s)"
    )
    for line in injector.events:
        print(f"faults:   {line}")
    print(
        "faults: retries by kind: "
        + (", ".join(f"{k} {n}" for k, n in sorted(stats.retries.items())) or "none")
        + f"; {sum(stats.retries.values())} in all"
    )
    print(
        "faults: refused after a retry (the first attempt had committed): "
        + (
            ", ".join(
                f"{m} {name.rsplit('.', 1)[-1]} {n}"
                for (m, name), n in sorted(stats.after_retry.items())
            )
            or "none"
        )
    )
    print(f"faults: {faulted} server log errors from the faults (lost connections)")


def main():  # noqa: C901 - one run: its phases and report, in order
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--plain-seconds",
        type=float,
        default=30,
        help="first, plain Odoo's create + confirm for this long (0: skip)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=15,
        help="before the plain and the order-by-order phases are measured, "
        "their clients run this long uncounted (each user's login and first "
        "calls in each worker)",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help="kill an HTTP worker every 15 s and restart PostgreSQL (a private "
        "cluster) once in the middle of the controlled phase",
    )
    parser.add_argument(
        "--port", type=int, default=8079, help="HTTP port (another if taken)"
    )
    parser.add_argument("--db", default="order_control_load")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)
    plain_seconds = min(args.plain_seconds, MAX_SECONDS)
    db = oc.check_db_name(args.db)
    cluster = None
    if args.faults:
        cluster = PrivateCluster(oc.free_port(), oc.say)
        cluster.start()
    try:
        return run(args, db, seconds, plain_seconds, cluster)
    finally:
        if cluster:
            cluster.stop()


def run(args, db, seconds, plain_seconds, cluster):  # noqa: C901
    oc.preflight()
    db_args = cluster.odoo_args() if cluster else ()
    install(db, db_args)
    port = oc.free_port(args.port)
    log_path = os.path.join(oc.STATE, "load-server.log")
    oc.say(f"starting Odoo with --workers {args.workers} on 127.0.0.1:{port}")
    proc, log = start_server(db, port, args.workers, log_path, db_args)
    stats, plain, flow = Stats(), Stats(), Stats()
    injector, plain_elapsed, flow_elapsed = None, 0.0, 0.0
    try:
        admin = Rpc(port, db, "admin", "admin", Stats())
        users, partner, products = setup(admin, args.clients)
        plain_users = (
            setup_plain(admin, args.clients, partner, products) if plain_seconds else []
        )
        ctx = {
            "partner": partner,
            "products": products,
            "commitment": time.strftime(
                "%Y-%m-%d 08:00:00", time.gmtime(time.time() + 30 * 86400)
            ),
        }
        if plain_users:
            oc.say("plain Odoo: create + confirm in a company with the controls off")
            plain_elapsed = run_phase(
                port, db, plain_users, ctx, plain_seconds, plain, warmup=args.warmup
            )
            # the same number of clients, each taking its orders through the
            # controlled flow one by one (a clerk, a reviewer, an approver)
            by_role = {}
            for role, login in users:
                by_role.setdefault(role, []).append(login)
            flow_users, ctx["flow_deciders"] = [], {}
            for n in range(args.clients):
                clerk = by_role["clerk"][n % len(by_role["clerk"])]
                ctx["flow_deciders"][clerk] = (
                    by_role["reviewer"][n % len(by_role["reviewer"])],
                    by_role["approver"][n % len(by_role["approver"])],
                )
                flow_users.append(("flow", clerk))
            oc.say("Order Control: the controlled flow order by order, no race")
            flow_elapsed = run_phase(
                port, db, flow_users, ctx, plain_seconds, flow, warmup=args.warmup
            )

        def faults(stop):
            nonlocal injector
            injector = Faults(
                proc.pid, cluster, stop, oc.say, restart_at=seconds / 2 + 7.5
            )
            injector.start()
            return injector

        oc.say("Order Control: the controlled flow" + (" with faults" * args.faults))
        elapsed = run_phase(
            port, db, users, ctx, seconds, stats, faults if args.faults else None
        )
    finally:
        stop_server(proc, log)
    with contextlib.closing(oc._pg_connect(db)) as conn, conn.cursor() as cr:
        violations = {name: check(cr) for name, check in INVARIANTS.items()}
        cr.execute(
            "SELECT o.review_state, o.state, count(*) FROM sale_order o "
            "JOIN res_company c ON c.id = o.company_id "
            "WHERE c.order_control_enabled "
            "GROUP BY o.review_state, o.state ORDER BY 1, 2"
        )
        orders = cr.fetchall()
    errors, retried, faulted = server_errors(log_path, faults=args.faults)
    violations["no server error but expected refusals"] = (
        stats.unexpected + plain.unexpected + flow.unexpected + errors
    )
    calls, ok, refused = calls_summary(stats, elapsed)
    print(
        f"load: {len(calls)} calls in {elapsed:.0f}s = "
        f"{len(calls) / elapsed:.1f} calls/s "
        f"({ok} ok, {refused} refused)"
    )
    done = {
        m: stats.outcomes[(m, "ok")]
        for m in (
            "create",
            "action_submit_review",
            "action_review_pass",
            "action_approve",
            "action_reject",
            "action_confirm",
            "action_submit",
            "action_apply",
        )
    }
    per_minute = 60 * done["action_confirm"] / elapsed
    print(
        "load: business actions done: "
        + ", ".join(f"{m} {n}" for m, n in done.items())
        + f"; confirmed orders/min {per_minute:.1f}"
    )
    print(
        f"load: latency all calls p50 {1000 * percentile(calls, 0.5):.0f} ms, "
        f"p95 {1000 * percentile(calls, 0.95):.0f} ms"
    )
    for method in sorted(stats.latency):
        values = stats.latency[method]
        print(
            f"load:   {method:24} n={len(values):5} "
            f"p50 {1000 * statistics.median(values):6.0f} ms"
            f"  p95 {1000 * percentile(values, 0.95):6.0f} ms  refused "
            f"{len(values) - stats.outcomes[(method, 'ok')]}"
        )
    print(
        "load: orders by review_state/state: "
        + ", ".join(f"{r}/{s} {n}" for r, s, n in orders)
    )
    print(f"load: {retried} serialization failures retried by the server")
    for (method, reason), count in stats.reasons.most_common(8):
        print(f"load:   refused {count:4} x {method}: {reason}")
    if plain_elapsed:
        plain_calls, plain_ok, plain_refused = calls_summary(plain, plain_elapsed)
        plain_minute = 60 * plain.outcomes[("action_confirm", "ok")] / plain_elapsed
        print(
            f"plain: {len(plain_calls)} calls in {plain_elapsed:.0f}s = "
            f"{len(plain_calls) / plain_elapsed:.1f} calls/s ({plain_ok} ok, "
            f"{plain_refused} refused); create + confirm, confirmed orders/min "
            f"{plain_minute:.1f}, p50 {1000 * percentile(plain_calls, 0.5):.0f} ms"
        )
        flow_minute = 60 * flow.outcomes[("action_confirm", "ok")] / flow_elapsed
        flow_calls, _flow_ok, flow_refused = calls_summary(flow, flow_elapsed)
        print(
            f"flow: {len(flow_calls)} calls in {flow_elapsed:.0f}s, {flow_refused} "
            f"refused; the controlled flow order by order (create, checks, "
            f"submit, review, approve, confirm), confirmed orders/min "
            f"{flow_minute:.1f}, p50 {1000 * percentile(flow_calls, 0.5):.0f} ms"
        )
        for label, phase in (("plain", plain), ("flow", flow)):
            for method in sorted(phase.latency):
                values = phase.latency[method]
                print(
                    f"{label}:   {method:24} n={len(values):5} "
                    f"p50 {1000 * statistics.median(values):6.0f} ms  "
                    f"mean {1000 * statistics.mean(values):6.0f} ms  "
                    f"p95 {1000 * percentile(values, 0.95):6.0f} ms"
                )
        print(
            f"ratio: controlled order by order {flow_minute:.1f} / plain "
            f"{plain_minute:.1f} confirmed orders per minute = "
            f"{flow_minute / plain_minute if plain_minute else 0:.2f} "
            f"(target >= 0.6); the racing load {per_minute:.1f} / plain = "
            f"{per_minute / plain_minute if plain_minute else 0:.2f}"
        )
    if not args.faults and stats.retries:
        print(f"load: retries without faults: {dict(stats.retries)}")
    if injector:
        report_faults(stats, injector, faulted)
    total = 0
    for name, found in violations.items():
        total += len(found)
        print(
            f"invariant: {name}: {'ok' if not found else f'{len(found)} VIOLATION(S)'}"
        )
        for line in found[:10]:
            print(f"    {line}")
    print(f"load: {total} invariant violation(s)")
    if not args.keep and not cluster:
        oc.drop_db(db)
    return 1 if total else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except oc.OcError as exc:
        print(f"load: {exc}", file=sys.stderr)
        sys.exit(2)
