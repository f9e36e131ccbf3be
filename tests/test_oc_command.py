# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The project's commands refuse bad input with one line and a non-zero exit."""

import contextlib
import os
import socket
import subprocess
import sys
import venv

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OC = os.path.join(ROOT, "oc")


def run_oc(*args, python=sys.executable):
    return subprocess.run(
        [python, OC, *args], capture_output=True, text=True, timeout=300, cwd=ROOT
    )


def assert_one_line_refusal(done, text):
    assert done.returncode == 2, done.stdout + done.stderr
    refusal = done.stderr.strip().splitlines()
    assert len(refusal) == 1, done.stderr
    assert text in refusal[0]
    assert "Traceback" not in done.stdout + done.stderr


def test_wrong_database_name():
    done = run_oc("run", "--db", "my demo;drop")
    assert_one_line_refusal(done, "is not a valid database name")


def test_busy_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("0.0.0.0", 0))
        sock.listen()
        port = sock.getsockname()[1]
        done = run_oc("run", "--port", str(port))
    assert_one_line_refusal(done, f"port {port} is busy")


@pytest.fixture(scope="module")
def python_without_odoo(tmp_path_factory):
    target = tmp_path_factory.mktemp("no-odoo")
    venv.create(target, with_pip=False)
    return str(target / "bin" / "python")


def test_odoo_missing(python_without_odoo):
    done = run_oc("test", python=python_without_odoo)
    assert_one_line_refusal(done, "Odoo is not importable")


def test_upgrade_check_wrong_database_name():
    done = run_oc("upgrade-check", "--db", "my demo;drop")
    assert_one_line_refusal(done, "is not a valid database name")


def test_upgrade_check_reports_lost_and_changed_rows():
    import importlib.machinery

    oc = importlib.machinery.SourceFileLoader("oc_module", OC).load_module()
    before = {"order_review": (3, "a"), "order_allocation": (2, "b"), "x": (1, "c")}
    after = {"order_review": (3, "z"), "x": (1, "c")}
    problems = oc.compare(before, after, before, "-u")
    assert problems == [
        "-u: order_allocation is gone (2 rows before)",
        "-u: order_review changed: 3 rows -> 3 rows, same count but other values",
    ]


def test_a_tour_that_cannot_start_chrome_is_not_a_pass():
    """HttpCase.start_tour raises SkipTest without Chrome (or websocket-client);
    Odoo logs it as a skip, which "./oc test" counts and fails on."""
    import importlib.machinery

    oc = importlib.machinery.SourceFileLoader("oc_module", OC).load_module()
    head = "2026-11-23 10:00:00,123 4242 INFO oc_test odoo.addons.order_kpi.tests"
    lines = [
        f"{head}.test_tours: Starting TestOrderKpiTours.test_kpi_dashboard_loads ...",
        f"{head}.test_tours: skipped TestOrderKpiTours.test_kpi_dashboard_loads : "
        "Chrome executable not found",
        "2026-11-23 10:00:01,000 4242 INFO oc_test odoo.tests.result: 0 failed, "
        "0 error(s) of 1 tests when loading database 'oc_test'",
    ]
    assert oc.parse_odoo_log(lines) == (1, 0, 1)


def test_upgrade_check_passes():
    """The whole upgrade and uninstall check, on its own database, so that it
    cannot break silently: -u keeps every row; removing order_kpi, then
    order_tracking, then order_entry_control keeps the rest and leaves no
    reservation holding stock."""
    done = subprocess.run(
        [sys.executable, OC, "upgrade-check", "--db", "order_control_upgrade_ci"],
        capture_output=True,
        text=True,
        timeout=1500,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert "identical after -u" in summary, summary
    assert "the closed order archived" in summary, summary
    assert "reserved move lines released" in summary, summary
