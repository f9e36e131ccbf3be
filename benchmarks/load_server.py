# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Odoo server of ``load.py``: the fresh database with the three addons,
Odoo in prefork mode on 127.0.0.1, and the errors of its log."""

import http.client
import os
import subprocess
import sys
import time

from load_faults import FAULT_SIGNS
from load_rpc import CONCURRENCY
from octool import ROOT, oc


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
