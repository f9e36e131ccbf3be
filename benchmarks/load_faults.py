# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The faults of ``load.py --faults``: a private PostgreSQL cluster that the
run may restart, and a thread that kills Odoo's HTTP workers.

The shared cluster (``pg_ctlcluster 15 main``) is never touched: the run
initialises its own cluster in a temporary directory, points libpq at it
(``PGHOST``/``PGPORT``, which ``oc``'s connections and Odoo's both read, plus
``--db_host``/``--db_port`` for Odoo), restarts it once in the middle of the
run and removes it at the end.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

PG_BIN = "/usr/lib/postgresql/15/bin"
# What a dead worker or a restarted server looks like in Odoo's log.
FAULT_SIGNS = (
    "OperationalError",
    "InterfaceError",
    "terminating connection",
    "server closed the connection",
    "connection already closed",
    "could not connect to server",
    "connection to server",
    "the database system is",
    "Connection refused",
)


class PrivateCluster:
    """A throw-away PostgreSQL 15 cluster on a unix socket of its own."""

    def __init__(self, port, say):
        self.port, self.say = port, say
        self.root = tempfile.mkdtemp(prefix="oc-load-pg-")
        self.data = os.path.join(self.root, "data")
        self.log = os.path.join(self.root, "postgres.log")
        self.saved_env = {}
        # initdb and postgres refuse to run as root: run them as 'postgres'
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)
        # the superuser is named after us, so that we connect without a role
        # of our own to create (Odoo refuses to connect as 'postgres')
        self.user = os.environ.get("PGUSER") or _login()

    def _run(self, *cmd):
        done = subprocess.run(
            [*self.as_user, *cmd], capture_output=True, text=True, cwd=self.root
        )
        if done.returncode:
            raise RuntimeError(
                f"{os.path.basename(cmd[0])} failed: "
                f"{(done.stderr or done.stdout).strip()[-400:]}"
            )
        return done.stdout

    def _options(self):
        return f"-k {self.root} -p {self.port} -c listen_addresses=''"

    def start(self):
        self.say(f"faults: private PostgreSQL 15 cluster in {self.root}")
        self._run(
            os.path.join(PG_BIN, "initdb"),
            "-D",
            self.data,
            "-U",
            self.user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--lc-collate=C",
        )
        self._run(
            os.path.join(PG_BIN, "pg_ctl"),
            "start",
            "-w",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            self._options(),
        )
        for name, value in (("PGHOST", self.root), ("PGPORT", str(self.port))):
            self.saved_env[name] = os.environ.get(name)
            os.environ[name] = value
        self.say(f"faults: PostgreSQL answers on {self.root}, port {self.port}")

    def odoo_args(self):
        """Odoo's options that point it at this cluster."""
        return ["--db_host", self.root, "--db_port", str(self.port)]

    def restart(self):
        """``pg_ctl restart -m fast``: every connection is cut."""
        self._run(
            os.path.join(PG_BIN, "pg_ctl"),
            "restart",
            "-m",
            "fast",
            "-w",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            self._options(),
        )

    def stop(self):
        try:
            self._run(
                os.path.join(PG_BIN, "pg_ctl"), "stop", "-m", "fast", "-D", self.data
            )
        except RuntimeError as exc:
            self.say(f"faults: {exc}")
        for name, value in self.saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(self.root, ignore_errors=True)


def _login():
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def http_workers(master_pid):
    """Pids of the HTTP workers of Odoo's prefork master: its children, but
    not the gevent (websocket) process it spawns."""
    workers = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                stat = handle.read()
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # the command may hold spaces and parentheses: the ppid follows the
        # last ')' and the state
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master_pid and "gevent" not in cmdline:
            workers.append(int(name))
    return sorted(workers)


class Faults(threading.Thread):
    """Every ``every`` seconds SIGKILL one HTTP worker (never the master);
    once, at ``restart_at`` seconds, restart the private cluster."""

    def __init__(self, master_pid, cluster, stop, say, every=15.0, restart_at=None):
        super().__init__(daemon=True)
        self.master_pid, self.cluster, self.stop_event = master_pid, cluster, stop
        self.say, self.every, self.restart_at = say, every, restart_at
        self.events = []
        self.kills = 0
        self.restarts = 0
        self.started = None

    def _log(self, text):
        line = f"t={time.time() - self.started:5.1f}s {text}"
        self.events.append(line)
        self.say(f"faults: {line}")

    def run(self):
        self.started = time.time()
        next_kill = self.started + self.every
        restart = (
            self.started + self.restart_at if self.restart_at is not None else None
        )
        while not self.stop_event.wait(0.2):
            now = time.time()
            if now >= next_kill:
                next_kill += self.every
                self.kill_one()
            if restart is not None and now >= restart:
                restart = None
                self._log("restarting PostgreSQL (pg_ctl restart -m fast)")
                began = time.time()
                try:
                    self.cluster.restart()
                    self.restarts += 1
                    self._log(f"PostgreSQL back after {time.time() - began:.1f}s")
                except RuntimeError as exc:
                    self._log(f"PostgreSQL restart FAILED: {exc}")

    def kill_one(self):
        workers = [p for p in http_workers(self.master_pid) if p != self.master_pid]
        if not workers:
            self._log("no HTTP worker to kill")
            return
        # the oldest worker: the one most likely to be serving a request
        pid = workers[0]
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            self._log(f"worker {pid} was already gone")
            return
        self.kills += 1
        self._log(f"SIGKILL HTTP worker {pid} (workers were {workers})")
