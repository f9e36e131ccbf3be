# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load with several workers: racing JSON-RPC clients, then invariants by SQL.

    python3 benchmarks/load.py [--seconds 60] [--clients 20] [--workers 2]
                               [--plain-seconds 30] [--faults] [--port 8079]
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
the ratio. Then ``--clients`` threads race on the controlled
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
entries in ``ROLES`` (a loop per role) and in ``INVARIANTS`` (a check over
SQL); nothing else needs to change.
"""

import argparse
import contextlib
import http.client
import importlib.machinery
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
oc = importlib.machinery.SourceFileLoader("oc", os.path.join(ROOT, "oc")).load_module()
sys.path.insert(0, HERE)
from load_checks import (  # noqa: E402
    inv_half_submitted,
    inv_mail_once,
    inv_reservations,
    inv_revisions,
)
from load_faults import FAULT_SIGNS, Faults, PrivateCluster  # noqa: E402

MAX_SECONDS = 120
# Refusals the controls are expected to give under load (JSON-RPC error names).
EXPECTED = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}
CONCURRENCY = (
    "SerializationFailure",
    "LockNotAvailable",
    "could not serialize",
    "deadlock detected",
)
LABELS = {
    "draft": "Draft",
    "to_review": "To Review",
    "to_approve": "To Approve",
    "approved": "Approved",
    "rejected": "Rejected",
}


RETRIES = 8
# A JSON-RPC error that a fault gives, not the code: the worker lost its
# database connection (the server restarted) or could not open one.
DB_FAULTS = (
    "OperationalError",
    "InterfaceError",
    "connection already closed",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "could not connect",
)


def _fault_of(error):
    """'database' when a JSON-RPC error comes from a lost database
    connection, else None (a refusal or a bug, which the caller judges)."""
    if not error:
        return None
    data = error.get("data") or {}
    text = f"{data.get('name', '')} {data.get('message', '')} {error.get('message')}"
    if any(sign in text for sign in DB_FAULTS) and not any(
        c in text for c in CONCURRENCY
    ):
        return "database"
    return None


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name


class Rpc:
    """One JSON-RPC client on a keep-alive connection; records latencies."""

    ids = itertools.count(1)

    def __init__(self, port, db, login, password, stats):
        self.port, self.db, self.password, self.stats = port, db, password, stats
        self.login = login
        self.conn = None
        self.uid = self._call("common", "login", [db, login, password])

    def _call(self, service, method, args):
        """POST one call; on a fault (a cut connection, a 5xx from a killed
        worker, a lost database connection) wait a moment and post it again,
        as a user clicks again, at most RETRIES times."""
        payload = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self.ids),
                "params": {"service": service, "method": method, "args": args},
            }
        )
        self.retried = 0
        for attempt in range(1, RETRIES + 2):
            kind, reply = None, None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(
                        "127.0.0.1", self.port, timeout=300
                    )
                self.conn.request(
                    "POST", "/jsonrpc", payload, {"Content-Type": "application/json"}
                )
                response = self.conn.getresponse()
                body = response.read()
                if response.status >= 500:
                    kind = f"http {response.status}"
                else:
                    reply = json.loads(body)
                    kind = _fault_of(reply.get("error"))
            except (OSError, http.client.HTTPException, ValueError):
                kind = "connection"
            if kind is None:
                break
            self.conn = None
            if attempt > RETRIES:
                raise RpcError("RetriesExhausted", f"{kind} {RETRIES + 1} times")
            self.retried += 1
            self.stats.retry(kind)
            time.sleep(min(0.5 * attempt, 2.0))
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            raise RpcError(data.get("name", "?"), data.get("message", reply["error"]))
        return reply.get("result")

    def __call__(self, model, method, *args, **kwargs):
        started = time.perf_counter()
        outcome = "ok"
        try:
            return self._call(
                "object",
                "execute_kw",
                [self.db, self.uid, self.password, model, method, list(args), kwargs],
            )
        except RpcError as error:
            outcome = error.name
            with self.stats.lock:
                self.stats.reasons[(method, str(error)[:110])] += 1
                if self.retried:
                    # the first attempt may have committed: the repeat must be
                    # refused cleanly (or be harmless)
                    self.stats.after_retry[(method, error.name)] += 1
            raise
        finally:
            self.stats.record(method, time.perf_counter() - started, outcome)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.outcomes = Counter()
        self.unexpected = []
        self.reasons = Counter()
        self.retries = Counter()
        self.after_retry = Counter()

    def retry(self, kind):
        with self.lock:
            self.retries[kind] += 1

    def record(self, method, seconds, outcome):
        with self.lock:
            self.latency[method].append(seconds)
            self.outcomes[(method, outcome)] += 1

    def bad(self, text):
        with self.lock:
            self.unexpected.append(text)


# === SERVER === #


def install(db, db_args=()):
    oc.drop_db(db)
    oc.say(f"installing {', '.join(oc.ADDONS)} in a fresh database '{db}'")
    rc, _lines = oc.odoo(
        [
            "-d",
            db,
            "-i",
            ",".join(oc.ADDONS),
            "--without-demo=all",
            "--stop-after-init",
            "--log-level",
            "warn",
            "--http-port",
            str(oc.free_port()),
            *db_args,
        ],
        log_path=os.path.join(oc.STATE, "load-install.log"),
        echo=False,
    )
    if rc:
        raise oc.OcError("installing the addons failed (.oc/load-install.log).")


def start_server(db, port, workers, log_path, db_args=()):
    """Odoo in prefork mode on 127.0.0.1, as ``oc run`` starts it."""
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop_server
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            oc.write_config(),
            "-d",
            db,
            "--db-filter",
            f"^{db}$",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--workers",
            str(workers),
            "--max-cron-threads",
            "0",
            "--log-level",
            "warn",
            *db_args,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/web/health")
            if conn.getresponse().status == 200:
                return proc, log
        except OSError:
            time.sleep(0.5)
    stop_server(proc, log)
    raise oc.OcError(f"Odoo did not answer on port {port} (log: {log_path}).")


def stop_server(proc, log):
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


# === SETUP OVER JSON-RPC (as admin) === #

GROUPS = {
    "clerk": "order_entry_control.group_order_entry_clerk",
    "reviewer": "order_entry_control.group_order_reviewer",
    "approver": "order_entry_control.group_order_approver",
    # sees every released order, as a sales administrator does
    "changer": "sales_team.group_sale_salesman_all_leads",
    "head": "order_tracking.group_order_department_head",
}


def setup(admin, clients):
    ref = admin("ir.model.data", "check_object_reference", *"base main_company".split())
    company_id = ref[1]
    admin(
        "res.company",
        "write",
        [company_id],
        {"order_control_enabled": True, "order_reservation_mode": "submission"},
    )
    base_user = admin("ir.model.data", "check_object_reference", "base", "group_user")
    counts = {"reviewer": max(2, clients // 5), "approver": max(2, clients // 5)}
    counts["changer"] = max(1, clients // 10)
    counts["head"] = max(2, clients // 10)
    counts["clerk"] = max(1, clients - sum(counts.values()))
    users = []
    for role, count in counts.items():
        module, name = GROUPS[role].split(".")
        group = admin("ir.model.data", "check_object_reference", module, name)[1]
        for n in range(count):
            login = f"load_{role}_{n}"
            admin(
                "res.users",
                "create",
                {
                    "name": f"Load {role} {n}",
                    "login": login,
                    "password": login,
                    # without one, posting the rejection reason is refused
                    "email": f"{login}@load.example.com",
                    "groups_id": [(6, 0, [base_user[1], group])],
                    "company_id": company_id,
                    "company_ids": [(6, 0, [company_id])],
                },
            )
            users.append((role, login))
    partner = admin(
        "res.partner",
        "create",
        {
            "name": "Load Test Trading Co., Ltd.",
            "is_company": True,
            "street": "1 Load Road",
            "city": "Shanghai",
            "zip": "200000",
            "child_ids": [(0, 0, {"name": "Buyer", "phone": "+86 21 5555 0000"})],
        },
    )
    stock = admin("ir.model.data", "check_object_reference", "stock", "warehouse0")
    location = admin("stock.warehouse", "read", [stock[1]], ["lot_stock_id"])[0]
    products = []
    for n in range(3):
        product = admin(
            "product.product",
            "create",
            {
                "name": f"Load bracket {n}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0 + n,
                "taxes_id": [(6, 0, [])],
            },
        )
        quant = admin(
            "stock.quant",
            "create",
            {
                "product_id": product,
                "location_id": location["lot_stock_id"][0],
                "inventory_quantity": 60.0,
            },
            context={"inventory_mode": True},
        )
        admin("stock.quant", "action_apply_inventory", [quant])
        products.append(product)
    service = admin(
        "product.product",
        "create",
        {"name": "Load assembly", "type": "service", "list_price": 25.0},
    )
    return users, partner, products + [service]


def setup_plain(admin, clients, partner, products):
    """A second company with every control off (Odoo's default), its own
    stock of the same products, and ``clients`` salespeople in it: the
    orders of plain Odoo's create + confirm, in the same database."""
    company = admin("res.company", "create", {"name": "Load Plain Co."})
    admin_id = admin("res.users", "search", [("login", "=", "admin")])[0]
    admin("res.users", "write", [admin_id], {"company_ids": [(4, company)]})
    context = {"allowed_company_ids": [company], "inventory_mode": True}
    # outside tests, Odoo creates no warehouse for a new company
    warehouse_id = admin(
        "stock.warehouse",
        "create",
        {"name": "Load Plain", "code": "LPW", "company_id": company},
        context=context,
    )
    warehouse = admin(
        "stock.warehouse", "read", [warehouse_id], ["lot_stock_id"], context=context
    )[0]
    for product in products[:-1]:
        quant = admin(
            "stock.quant",
            "create",
            {
                "product_id": product,
                "location_id": warehouse["lot_stock_id"][0],
                "inventory_quantity": 60.0,
            },
            context=context,
        )
        admin("stock.quant", "action_apply_inventory", [quant], context=context)
    base_user = admin("ir.model.data", "check_object_reference", "base", "group_user")
    salesman = admin(
        "ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman"
    )
    users = []
    for n in range(clients):
        login = f"load_plain_{n}"
        admin(
            "res.users",
            "create",
            {
                "name": f"Load plain {n}",
                "login": login,
                "password": login,
                "email": f"{login}@load.example.com",
                "groups_id": [(6, 0, [base_user[1], salesman[1]])],
                "company_id": company,
                "company_ids": [(6, 0, [company])],
            },
        )
        users.append(("plain", login))
    return users


# === ROLES (one loop per client) === #


def _expect_refusal(stats, what, call):
    """Run ``call``; an expected refusal is fine, anything else is recorded."""
    try:
        call()
        return True
    except RpcError as error:
        if error.name not in EXPECTED and not any(c in str(error) for c in CONCURRENCY):
            stats.bad(f"{what}: {error}")
        return False


def enter_quotation(rpc, ctx, lines, ref):
    """A clerk enters an e-mailed order (its receipt time is entered: the
    controls require it at submission) and the total the customer stated;
    return its id."""
    order = rpc(
        "sale.order",
        "create",
        {
            "partner_id": ctx["partner"],
            "client_order_ref": ref,
            "entry_channel": "email",
            "received_datetime": time.strftime(
                "%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 900)
            ),
            "commitment_date": ctx["commitment"],
            "order_line": lines,
        },
    )
    total = rpc("sale.order", "read", [order], ["amount_total"])[0]
    rpc(
        "sale.order", "write", [order], {"customer_stated_total": total["amount_total"]}
    )
    return order


def clerk_loop(rpc, stats, stop, ctx):
    rng = random.Random(rpc.uid)
    mine = []
    while not stop.is_set():
        lines = [
            (0, 0, {"product_id": rng.choice(ctx["products"]), "product_uom_qty": q})
            for q in rng.sample(range(1, 5), rng.randint(1, 2))
        ]

        def create(lines=lines):
            order = enter_quotation(rpc, ctx, lines, f"L-{rpc.uid}-{rng.random():.9f}")
            rpc("sale.order", "action_run_checks", [order])
            rpc("sale.order", "action_submit_review", [order])
            mine.append(order)

        _expect_refusal(stats, "create/submit", create)
        if mine and rng.random() < 0.2:
            # hostile: confirm before approval; must be refused unless approved
            _expect_refusal(
                stats,
                "early confirm",
                lambda: rpc("sale.order", "action_confirm", mine[-1:]),
            )
        if len(mine) >= 3:
            rows = rpc("sale.order", "read", mine, ["review_state", "state"])
            for row in rows:
                if row["state"] != "draft":
                    mine.remove(row["id"])
                elif row["review_state"] == "approved":
                    _expect_refusal(
                        stats,
                        "confirm",
                        lambda i=row["id"]: rpc("sale.order", "action_confirm", [i]),
                    )
                elif row["review_state"] == "rejected":
                    _expect_refusal(
                        stats,
                        "resubmit",
                        lambda i=row["id"]: rpc(
                            "sale.order", "action_submit_review", [i]
                        ),
                    )


def _decider_loop(rpc, stats, stop, state, method, reject_share):
    rng = random.Random(rpc.uid)
    while not stop.is_set():
        # everyone looks at the same oldest orders: they race on them
        ids = rpc(
            "sale.order",
            "search",
            [("review_state", "=", state), ("state", "=", "draft")],
            limit=3,
            order="id",
        )
        if not ids:
            time.sleep(0.2)
            continue
        target = [rng.choice(ids)]
        if rng.random() < reject_share:
            _expect_refusal(
                stats,
                "reject",
                lambda t=target: rpc("sale.order", "action_reject", t, reason="Load"),
            )
        else:
            _expect_refusal(
                stats, method, lambda t=target: rpc("sale.order", method, t)
            )


def reviewer_loop(rpc, stats, stop, ctx):
    _decider_loop(rpc, stats, stop, "to_review", "action_review_pass", 0.1)


def approver_loop(rpc, stats, stop, ctx):
    _decider_loop(rpc, stats, stop, "to_approve", "action_approve", 0.05)


def changer_loop(rpc, stats, stop, ctx):
    """Request changes (one more unit) and closures (by agreement) of
    released orders."""
    rng = random.Random(rpc.uid)
    while not stop.is_set():
        ids = rpc(
            "sale.order",
            "search",
            [("state", "=", "sale"), ("order_closed", "=", False)],
            limit=5,
            order="id desc",
        )
        if not ids:
            time.sleep(0.3)
            continue
        order = rng.choice(ids)
        if rng.random() < 0.75:

            def change(order=order):
                line = rpc("sale.order.line", "search", [("order_id", "=", order)])[0]
                qty = rpc("sale.order.line", "read", [line], ["product_uom_qty"])[0]
                request = rpc(
                    "order.change.request",
                    "create",
                    {
                        "order_id": order,
                        "reason": "Load: one more",
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "sale_line_id": line,
                                    "new_qty": qty["product_uom_qty"] + 1,
                                },
                            )
                        ],
                    },
                )
                rpc("order.change.request", "action_submit", [request])

            _expect_refusal(stats, "change request", change)
        else:

            def close(order=order):
                request = rpc(
                    "order.closure.request",
                    "create",
                    {"order_id": order, "reason": "cancelled"},
                )
                rpc("order.closure.request", "action_submit", [request])

            _expect_refusal(stats, "closure request", close)


def head_loop(rpc, stats, stop, ctx):
    """Department heads race on the same requests: approve (naming
    themselves to carry the change out), apply, approve closures."""
    rng = random.Random(rpc.uid)
    while not stop.is_set():
        model = rng.choice(["order.change.request", "order.closure.request"])
        ids = rpc(model, "search", [("state", "=", "submitted")], limit=3, order="id")
        if model == "order.change.request":
            mine = rpc(
                model,
                "search",
                [("state", "=", "approved"), ("owner_id", "=", rpc.uid)],
                limit=2,
            )
            for request in mine:
                _expect_refusal(
                    stats,
                    "apply",
                    lambda r=request, m=model: rpc(m, "action_apply", [r]),
                )
        if not ids:
            time.sleep(0.2)
            continue
        target = rng.choice(ids)

        def approve(target=target, model=model):
            if model == "order.change.request":
                rpc(
                    model,
                    "write",
                    [target],
                    {"owner_id": rpc.uid, "date_deadline": ctx["commitment"]},
                )
            rpc(model, "action_approve", [target])

        _expect_refusal(stats, f"{model} approve", approve)


def plain_loop(rpc, stats, stop, ctx):
    """Plain Odoo: create a quotation and confirm it (controls off)."""
    rng = random.Random(rpc.uid)
    while not stop.is_set():
        lines = [
            (0, 0, {"product_id": rng.choice(ctx["products"]), "product_uom_qty": q})
            for q in rng.sample(range(1, 5), rng.randint(1, 2))
        ]

        def create_confirm(lines=lines):
            order = rpc(
                "sale.order",
                "create",
                {
                    "partner_id": ctx["partner"],
                    "client_order_ref": f"P-{rpc.uid}-{rng.random():.9f}",
                    "commitment_date": ctx["commitment"],
                    "order_line": lines,
                },
            )
            rpc("sale.order", "action_confirm", [order])

        _expect_refusal(stats, "plain create/confirm", create_confirm)


def flow_loop(rpc, stats, stop, ctx):
    """The controlled flow order by order, as ``plain_loop`` does plain
    Odoo's: a clerk creates, checks and submits a quotation, a reviewer
    passes it, an approver approves it and the clerk confirms it; no race,
    no polling (the throughput to compare with plain Odoo's)."""
    rng = random.Random(rpc.uid)
    reviewer_login, approver_login = ctx["flow_deciders"][rpc.login]
    reviewer = Rpc(rpc.port, rpc.db, reviewer_login, reviewer_login, stats)
    approver = Rpc(rpc.port, rpc.db, approver_login, approver_login, stats)
    while not stop.is_set():
        lines = [
            (0, 0, {"product_id": rng.choice(ctx["products"]), "product_uom_qty": q})
            for q in rng.sample(range(1, 5), rng.randint(1, 2))
        ]

        def flow(lines=lines):
            order = enter_quotation(rpc, ctx, lines, f"F-{rpc.uid}-{rng.random():.9f}")
            rpc("sale.order", "action_run_checks", [order])
            rpc("sale.order", "action_submit_review", [order])
            reviewer("sale.order", "action_review_pass", [order])
            approver("sale.order", "action_approve", [order])
            rpc("sale.order", "action_confirm", [order])

        _expect_refusal(stats, "controlled flow", flow)


ROLES = {
    "clerk": clerk_loop,
    "reviewer": reviewer_loop,
    "approver": approver_loop,
    "changer": changer_loop,
    "head": head_loop,
    "plain": plain_loop,
    "flow": flow_loop,
}


# === INVARIANTS (SQL) === #


def inv_confirmed_without_approval(cr):
    cr.execute(
        """
        SELECT o.name FROM sale_order o JOIN res_company c ON c.id = o.company_id
         WHERE c.order_control_enabled AND o.state = 'sale'
           AND o.review_state != 'approved'
        """
    )
    return [f"{name} confirmed without approval" for (name,) in cr.fetchall()]


def inv_step_decided_twice(cr):
    cr.execute(
        """
        SELECT res_id, round, step_id, count(*) FROM order_review
         WHERE decided_on IS NOT NULL AND res_model = 'sale.order'
         GROUP BY res_id, round, step_id HAVING count(*) > 1
        """
    )
    found = [
        f"order {o} round {r} step {s} decided {n} times"
        for o, r, s, n in cr.fetchall()
    ]
    cr.execute(
        """
        SELECT id FROM order_review
         WHERE (state IN ('done', 'rejected')) != (decided_on IS NOT NULL)
            OR (state IN ('done', 'rejected')) != (decided_by_id IS NOT NULL)
        """
    )
    found += [f"review {i} half-written" for (i,) in cr.fetchall()]
    cr.execute(
        "SELECT res_id FROM order_review WHERE state = 'pending' "
        "AND res_model = 'sale.order' GROUP BY res_id HAVING count(*) > 1"
    )
    found += [f"order {o} has two pending steps" for (o,) in cr.fetchall()]
    return found


def inv_quants(cr):
    cr.execute(
        """
        SELECT q.id, q.quantity, q.reserved_quantity FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
         WHERE l.usage = 'internal' AND q.reserved_quantity > q.quantity + 1e-6
        """
    )
    return [f"quant {i}: {r} reserved of {q}" for i, q, r in cr.fetchall()]


def inv_tracking(cr):
    """Each order's review_state tracking values chain from Draft to its
    current state, one per transition the review steps account for."""
    cr.execute(
        """
        SELECT m.res_id, v.old_value_char, v.new_value_char
          FROM mail_tracking_value v
          JOIN mail_message m ON m.id = v.mail_message_id
          JOIN ir_model_fields f ON f.id = v.field_id
         WHERE m.model = 'sale.order' AND f.model = 'sale.order'
           AND f.name = 'review_state'
         ORDER BY m.res_id, v.id
        """
    )
    chains = defaultdict(list)
    for res_id, old, new in cr.fetchall():
        chains[res_id].append((old, new))
    cr.execute(
        "SELECT id, review_state, review_round, state = 'cancel' FROM sale_order "
        "WHERE review_round > 0 OR review_state != 'draft'"
    )
    orders = {}
    cancelled = set()
    for order_id, state, rounds, is_cancelled in cr.fetchall():
        orders[order_id] = (state, rounds)
        if is_cancelled:
            cancelled.add(order_id)
    cr.execute(
        """
        SELECT order_id, round, step_type, state FROM order_review
         WHERE state IN ('done', 'rejected', 'pending', 'waiting', 'cancelled')
           AND res_model = 'sale.order'
         ORDER BY order_id, round, sequence, id
        """
    )
    steps = defaultdict(list)
    for order_id, rnd, step_type, state in cr.fetchall():
        steps[(order_id, rnd)].append((step_type, state))
    found = []
    for order_id, (state, rounds) in orders.items():
        chain = chains.get(order_id, [])
        current = LABELS["draft"]
        for old, new in chain:
            if old != current or old == new:
                found.append(f"order {order_id}: tracking {old}->{new} after {current}")
            current = new
        if current != LABELS[state]:
            found.append(f"order {order_id}: tracked {current}, is {state}")
        expected = 0
        for rnd in range(1, rounds + 1):
            expected += 1  # the submission
            kind = {"review": "to_review", "approval": "to_approve"}
            round_steps = steps.get((order_id, rnd), [])
            for index, (step_type, step_state) in enumerate(round_steps):
                if step_state == "rejected":
                    expected += 1
                elif step_state == "done":
                    after = next(
                        (
                            kind[t]
                            for t, s in round_steps[index + 1 :]
                            if s != "cancelled"
                        ),
                        "approved",
                    )
                    expected += after != kind[step_type]
        if order_id in cancelled and chain and chain[-1][1] == LABELS["draft"]:
            expected += 1  # cancelling (e.g. a closure by agreement) resets it
        if expected != len(chain):
            found.append(
                f"order {order_id}: {len(chain)} tracked transitions, {expected} made"
            )
    return found


def inv_changes(cr):
    """Every applied change made exactly one revision, revisions count up
    without gaps, and every closed order has one approved closure."""
    found = []
    cr.execute(
        """
        SELECT r.name, count(v.id) FROM order_change_request r
          LEFT JOIN order_revision v ON v.change_request_id = r.id
         WHERE r.state = 'applied' GROUP BY r.id, r.name HAVING count(v.id) != 1
        """
    )
    found += [f"{name}: {n} revisions" for name, n in cr.fetchall()]
    cr.execute(
        """
        SELECT o.name, o.order_revision, count(v.id), max(v.revision)
          FROM sale_order o JOIN order_revision v ON v.order_id = o.id
         GROUP BY o.id, o.name, o.order_revision
        HAVING count(v.id) != o.order_revision OR max(v.revision) != o.order_revision
        """
    )
    found += [
        f"{name}: revision {rev}, {n} revisions up to {top}"
        for name, rev, n, top in cr.fetchall()
    ]
    cr.execute(
        """
        SELECT o.name FROM sale_order o
         WHERE o.order_closed AND (o.active OR NOT o.locked OR 1 != (
               SELECT count(*) FROM order_closure_request c
                WHERE c.order_id = o.id AND c.state = 'approved'))
        """
    )
    found += [
        f"{name}: closed without one approval, or not archived"
        for (name,) in cr.fetchall()
    ]
    return found


def inv_followups(cr):
    """The submitter's follow-up: one open per approved quotation waiting for
    its confirmation (outside release windows), none on a confirmed,
    cancelled or reviewed order."""
    cr.execute(
        """
        SELECT o.name, o.state, o.review_state, count(a.id)
          FROM sale_order o
          JOIN res_company c ON c.id = o.company_id
          LEFT JOIN mail_activity a
            ON a.res_model = 'sale.order' AND a.res_id = o.id AND a.active
           AND a.activity_type_id = (
               SELECT res_id FROM ir_model_data
                WHERE module = 'order_entry_control'
                  AND name = 'mail_activity_type_order_followup')
         WHERE c.order_control_enabled AND NOT c.order_release_windows_enabled
         GROUP BY o.id, o.name, o.state, o.review_state
        """
    )
    found = []
    for name, state, review_state, n in cr.fetchall():
        waiting = state in ("draft", "sent") and review_state == "approved"
        if waiting and n != 1:
            found.append(f"{name}: approved, {n} open follow-ups")
        elif n and (state in ("sale", "cancel") or review_state in UNDER_DECISION):
            found.append(f"{name} ({state}, {review_state}): {n} open follow-ups")
    return found


UNDER_DECISION = ("to_review", "to_approve")

REQUEST_TRACKING_SQL = {
    "order_change_request": """
        SELECT r.name, r.state, (
               SELECT count(*) FROM mail_tracking_value v
                 JOIN mail_message m ON m.id = v.mail_message_id
                 JOIN ir_model_fields f ON f.id = v.field_id
                WHERE m.model = %s AND m.res_id = r.id AND f.name = 'state')
          FROM order_change_request r WHERE r.state IN %s
    """,
    "order_closure_request": """
        SELECT r.name, r.state, (
               SELECT count(*) FROM mail_tracking_value v
                 JOIN mail_message m ON m.id = v.mail_message_id
                 JOIN ir_model_fields f ON f.id = v.field_id
                WHERE m.model = %s AND m.res_id = r.id AND f.name = 'state')
          FROM order_closure_request r WHERE r.state IN %s
    """,
}


def inv_request_tracking(cr):
    """Each change and closure request's state changes are tracked once each."""
    steps = {"submitted": 1, "approved": 2, "rejected": 2, "applied": 3}
    found = []
    for model in ("order.change.request", "order.closure.request"):
        cr.execute(REQUEST_TRACKING_SQL[model.replace(".", "_")], (model, tuple(steps)))
        found += [
            f"{name} ({state}): {n} state tracking values, {steps[state]} expected"
            for name, state, n in cr.fetchall()
            if n != steps[state]
        ]
    return found


INVARIANTS = {
    "no order confirmed without approval": inv_confirmed_without_approval,
    "no review step decided twice (nor half-written)": inv_step_decided_twice,
    "no quant reserved above its quantity": inv_quants,
    "every review_state transition tracked exactly once": inv_tracking,
    "every applied change one revision; closed orders approved and archived": (
        inv_changes
    ),
    "every change/closure transition tracked exactly once": inv_request_tracking,
    "one open follow-up per approved quotation, none once decided": inv_followups,
    "no document half-submitted (pending step, its activities)": inv_half_submitted,
    "no reservation without its moves, none left held": inv_reservations,
    "no revision without its applied change": inv_revisions,
    "the mail queue holds each notification once": inv_mail_once,
}


def server_errors(log_path, faults=False):
    """ERROR/CRITICAL lines of the server log, how many were concurrency
    failures that Odoo retried (logged as "bad query", the reason on the next
    line), and, with ``faults``, how many the faults caused (a lost database
    connection in the traceback that follows)."""
    bad, retried, faulted = [], 0, 0
    with open(log_path, errors="replace") as handle:
        lines = handle.readlines()
    for index, line in enumerate(lines):
        head = oc.LOG_LEVEL_RE.match(line)
        if not head or head["level"] not in ("ERROR", "CRITICAL"):
            continue
        following = "".join(lines[index + 1 : index + 3])
        trace = [line]
        for after in lines[index + 1 : index + 400]:
            if oc.LOG_LEVEL_RE.match(after):
                break
            trace.append(after)
        if "bad query" in line and any(c in following for c in CONCURRENCY):
            retried += 1
        elif faults and any(sign in "".join(trace) for sign in FAULT_SIGNS):
            faulted += 1
        elif not any(c in line for c in CONCURRENCY):
            bad.append(line.strip()[:300])
    return bad, retried, faulted


# === MAIN === #


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if values else 0.0


def run_phase(port, db, users, ctx, seconds, stats, faults=None):
    """Run one client thread per user for ``seconds``; return the elapsed
    time. ``faults(stop)`` starts the faults when the clients start."""
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
    started = time.time()
    for thread in threads:
        thread.start()
    injector = faults(stop) if faults else None
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(300)
    if injector:
        injector.join(120)
    return time.time() - started


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
            plain_elapsed = run_phase(port, db, plain_users, ctx, plain_seconds, plain)
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
            flow_elapsed = run_phase(port, db, flow_users, ctx, plain_seconds, flow)

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
