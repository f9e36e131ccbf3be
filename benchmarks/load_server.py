# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Odoo server of ``load.py``: the fresh database with the three addons,
Odoo in prefork mode on 127.0.0.1, and the errors of its log."""

import http.client
import importlib.util
import os
import shutil
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


def odoo_command():
    """How to start Odoo in prefork mode: by its own script (``odoo-bin``
    beside the ``odoo`` package, or the ``odoo`` script pip installs), not
    ``python3 -m odoo``. The prefork master starts its gevent process as
    ``sys.executable sys.argv[0] gevent``, and ``odoo/__main__.py`` cannot
    run as a script: the master would start it again at every turn of its
    loop, a failing Python start each time (about a thousand a run), taking
    CPU from the workers being measured."""
    spec = importlib.util.find_spec("odoo")
    package = next(iter(spec.submodule_search_locations or []), "") if spec else ""
    script = os.path.join(os.path.dirname(package), "odoo-bin")
    if package and os.path.isfile(script):
        return [sys.executable, script]
    found = shutil.which("odoo")
    if found:
        return [found]
    raise oc.OcError("Neither odoo-bin nor an odoo script found to start Odoo.")


def start_server(db, port, workers, log_path, db_args=()):
    """Odoo in prefork mode on 127.0.0.1, as ``oc run`` starts it."""
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop_server
    proc = subprocess.Popen(
        [
            *odoo_command(),
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
