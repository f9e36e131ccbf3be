# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The JSON-RPC clients of ``load.py``: one client per user on a keep-alive
connection that repeats a call a fault broke (at most ``RETRIES`` times), the
refusals the controls are expected to give, and the statistics the clients
record (latencies, outcomes, retries)."""

import http.client
import itertools
import json
import threading
import time
from collections import Counter, defaultdict

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
        # calls ending before this moment are the warm-up's: not counted
        self.since = 0.0
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
            if time.time() < self.since:
                return
            self.latency[method].append(seconds)
            self.outcomes[(method, outcome)] += 1

    def bad(self, text):
        with self.lock:
            self.unexpected.append(text)
