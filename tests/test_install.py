# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Installs as a new user would, into a fresh virtual environment: Odoo with
./oc setup-odoo, then the wheels of ./oc wheels, then order_kpi from the Apps
list of a new database.

These tests need an Odoo 18.0 source tree (OC_ODOO_TREE) and several minutes
of pip and Odoo: "./oc install-test --odoo-tree PATH" runs them, "./oc test"
leaves them out (marker "install")."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import venv

import pytest

pytestmark = pytest.mark.install

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OC = os.path.join(ROOT, "oc")
ADDONS = ("order_entry_control", "order_tracking", "order_kpi")
TREE = os.environ.get("OC_ODOO_TREE")
DB = os.environ.get("OC_INSTALL_TEST_DB", "order_control_install")

INSTALL_FROM_APPS = """
modules = env["ir.module.module"]
modules.update_list()
kpi = modules.search([("name", "=", "order_kpi")])
assert kpi.state == "uninstalled", kpi.state
kpi.button_immediate_install()
env.cr.commit()
import odoo.addons.order_kpi, odoo.modules.module as mm
for name in %r:
    module = modules.search([("name", "=", name)])
    print("module", name, module.state, module.latest_version, mm.get_module_path(name))
print("imported", odoo.addons.order_kpi.__file__)
"""


def say(text):
    print(f"install-test: {text}", flush=True)


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    """A fresh virtual environment (no system site packages) with Odoo
    installed by ./oc setup-odoo."""
    if not TREE:
        pytest.skip("no Odoo tree: run ./oc install-test --odoo-tree PATH")
    target = tmp_path_factory.mktemp("venv")
    venv.create(target, with_pip=True)
    python = str(target / "bin" / "python")
    started = time.time()
    done = subprocess.run(
        [python, OC, "setup-odoo", TREE],
        capture_output=True,
        text=True,
        timeout=3600,
        cwd=ROOT,
    )
    say(f"./oc setup-odoo {TREE}: {time.time() - started:.0f}s, rc {done.returncode}")
    sys.stdout.write(done.stdout + done.stderr)
    return python, done


def run(python, code):
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, cwd="/", timeout=120
    )


def test_setup_odoo_in_a_fresh_venv(fresh_venv):
    python, done = fresh_venv
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    probe = run(
        python,
        "import sys, odoo, odoo.release as r; "
        "print(r.version, odoo.__path__[0], sys.version.split()[0])",
    )
    assert probe.returncode == 0, probe.stderr
    version, location, python_version = probe.stdout.split()
    assert version == "18.0"
    assert location == os.path.join(os.path.realpath(TREE), "odoo")
    say(f"Odoo {version} from {location}, Python {python_version}")
    # python-ldap was not asked for
    assert run(python, "import ldap").returncode != 0
    # every package Odoo imports at start is there
    probe = run(python, "import odoo.cli, odoo.service.server, psycopg2, lxml.html")
    assert probe.returncode == 0, probe.stderr
    check = subprocess.run(
        [python, "-m", "pip", "check"], capture_output=True, text=True
    )
    say(f"pip check: {check.stdout.strip()}")
    packages = subprocess.run(
        [python, "-m", "pip", "list", "--format", "freeze"],
        capture_output=True,
        text=True,
    ).stdout.split()
    say(f"{len(packages)} packages: {' '.join(packages)}")


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def drop_db(name):
    import psycopg2
    from psycopg2 import sql

    with contextlib.closing(psycopg2.connect(dbname="postgres")) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
            )


def test_wheels_install_and_odoo_installs_order_kpi(fresh_venv, tmp_path):
    """The wheels install into the venv that has Odoo, from dist/ alone (no
    index: nothing else is needed), and a new database installs order_kpi
    from the Apps list, which brings the other two."""
    python, done = fresh_venv
    assert done.returncode == 0, "./oc setup-odoo failed"
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, OC, "wheels", "--dist", str(dist)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    sys.stdout.write(built.stdout)
    started = time.time()
    pip = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--no-index",
            "--find-links",
            str(dist),
            "odoo-addons-order-control",
        ],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    installed = [
        line for line in pip.stdout.splitlines() if line.startswith("Successfully")
    ]
    say(f"pip install, {time.time() - started:.0f}s: {' '.join(installed)}")
    # the addons are found in the venv, not in this repository
    probe = run(
        python,
        "import odoo.addons.order_kpi as m, odoo.addons.base as b; "
        "print(m.__file__); print(b.__file__)",
    )
    assert probe.returncode == 0, probe.stderr
    kpi_file, base_file = probe.stdout.split()
    assert kpi_file.startswith(os.path.dirname(os.path.dirname(python)))
    assert base_file.startswith(os.path.realpath(TREE))

    drop_db(DB)
    data_dir = str(tmp_path / "data")
    common = [
        "-d",
        DB,
        "--data-dir",
        data_dir,
        "--http-port",
        str(free_port()),
        "--log-level",
        "warn",
        "--stop-after-init",
    ]
    started = time.time()
    create = subprocess.run(
        [python, "-m", "odoo", *common, "-i", "base", "--without-demo=all"],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=1200,
    )
    assert create.returncode == 0, create.stdout[-3000:] + create.stderr[-3000:]
    say(f"database {DB} created: {time.time() - started:.0f}s")
    started = time.time()
    shell = subprocess.run(
        [python, "-m", "odoo", "shell", *common[:-1], "--no-http"],
        input=INSTALL_FROM_APPS % (ADDONS,),
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=1800,
    )
    output = shell.stdout + shell.stderr
    assert shell.returncode == 0 and "Traceback" not in output, output[-5000:]
    say(f"order_kpi installed from the Apps list: {time.time() - started:.0f}s")
    states = {}
    for line in shell.stdout.splitlines():
        if line.startswith("module "):
            _word, name, state, version, path = line.split()
            states[name] = state
            say(f"{name}: {state}, {version}, {path}")
            assert path.startswith(os.path.dirname(os.path.dirname(python))), path
    assert states == dict.fromkeys(ADDONS, "installed")
    drop_db(DB)
