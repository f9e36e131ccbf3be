# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The cost of the controls against plain Odoo and the OCA stack.

    python3 benchmarks/bench.py [--orders 5] [--repeat 4] [--lines 1,10,50]

Creates three databases (plain Odoo; with Order Control; with OCA's
sale_tier_validation and sale_exception), runs the same workload four ways
(A plain, B0 ours without reservation, B ours with reservation, C OCA) and
prints queries and wall milliseconds per order (medians over the
orders x rounds, each order one sample; the four flows take turns, round
after round), with the overheads B0-A, B-B0 and C-A, then the same per user
action.
"""

import argparse
import glob
import importlib.machinery
import json
import os
import platform
import statistics
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
oc = importlib.machinery.SourceFileLoader("oc", os.path.join(ROOT, "oc")).load_module()

BASE = ("sale_management", "sale_stock")
DATABASES = {
    "plain": BASE,
    "ours": BASE + oc.ADDONS,
    "oca": (*BASE, "sale_tier_validation", "sale_exception"),
}
FLOW_DB = {"A": "plain", "B0": "ours", "B": "ours", "C": "oca", "C'": "oca"}


def oca_addons():
    """Download the pinned OCA wheels (no deps) and unpack their addons."""
    target = os.path.join(oc.STATE, "oca")
    addons = os.path.join(target, "odoo", "addons")
    wanted = [
        line.split("==")[0].strip()
        for line in open(os.path.join(HERE, "requirements-oca.txt"))
        if line.strip() and not line.startswith("#")
    ]
    have = {os.path.basename(p) for p in glob.glob(os.path.join(addons, "*"))}
    if {"sale_tier_validation", "sale_exception"} <= have:
        return addons
    os.makedirs(target, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "-d",
            target,
            "-r",
            os.path.join(HERE, "requirements-oca.txt"),
        ],
        check=True,
    )
    for wheel in glob.glob(os.path.join(target, "*.whl")):
        if any(name.replace("-", "_") in os.path.basename(wheel) for name in wanted):
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(target)
    return addons


def write_bench_config(extra_addons):
    base = oc.write_config()
    path = os.path.join(oc.STATE, "bench.conf")
    with open(base) as source, open(path, "w") as target:
        for line in source:
            if line.startswith("addons_path"):
                line = line.rstrip("\n") + f",{extra_addons}\n"
            target.write(line)
    return path


def run_workload(config, label, flow, lines, orders, notify=False):
    """Run ``orders`` orders of one flow in its own process; per-order samples."""
    done = subprocess.run(
        [
            sys.executable,
            os.path.join(HERE, "workload.py"),
            "--config",
            config,
            "--db",
            f"order_control_bench_{label}",
            "--flow",
            flow,
            "--lines",
            str(lines),
            "--orders",
            str(orders),
            "--repeat",
            "1",
            *(["--notify"] if notify else []),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"workload {flow} at {lines} lines failed")
    return json.loads(done.stdout.strip().splitlines()[-1])["samples"]


def medians(orders):
    """Median queries and ms per order, in total and per user action."""
    return {
        "queries": statistics.median(
            sum(q for q, _ms in steps.values()) for steps in orders
        ),
        "ms": statistics.median(
            sum(ms for _q, ms in steps.values()) for steps in orders
        ),
        "steps": {
            name: [
                statistics.median(steps[name][0] for steps in orders),
                statistics.median(steps[name][1] for steps in orders),
            ]
            for name in orders[0]
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument(
        "--repeat", type=int, default=4, help="rounds: each flow runs --orders each"
    )
    parser.add_argument("--lines", default="1,10,50")
    parser.add_argument("--reuse", action="store_true", help="keep existing databases")
    parser.add_argument(
        "--notify",
        action="store_true",
        help="B0 and B tell their reviewers (the Tell Reviewers setting)",
    )
    args = parser.parse_args()
    oc.preflight()
    config = write_bench_config(oca_addons())
    for label, modules in DATABASES.items():
        dbname = f"order_control_bench_{label}"
        if args.reuse and oc.db_exists(dbname):
            continue
        oc.drop_db(dbname)
        oc.say(f"creating {dbname}: {', '.join(modules)}")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "-c",
                config,
                "-d",
                dbname,
                "-i",
                ",".join(modules),
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
            raise SystemExit(f"installing {dbname} failed")
    # The flows take turns, round after round, so that a slower minute of the
    # machine falls on all of them rather than on one.
    samples = {}  # (flow, lines) -> [{user action: [queries, ms]} per order]
    for lines in [int(n) for n in args.lines.split(",")]:
        for _round in range(args.repeat):
            for flow, label in FLOW_DB.items():
                samples.setdefault((flow, lines), []).extend(
                    run_workload(config, label, flow, lines, args.orders, args.notify)
                )
        for flow in FLOW_DB:
            figures = medians(samples[flow, lines])
            oc.say(
                f"{flow} L={lines}: {figures['queries']:.0f} queries, "
                f"{figures['ms']:.0f} ms per order"
            )
    results = {key: medians(orders) for key, orders in samples.items()}
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {args.orders} orders x "
        f"{args.repeat} rounds, medians per order\n"
    )
    print(
        "| L | A q | B0 q | B q | C q | C' q | B0-A q | B-B0 q | C-A q | C'-A q | "
        "A ms | B0 ms | B ms | C ms | C' ms | B0-A ms | B-B0 ms | C-A ms | C'-A ms |"
    )
    print("|---" * 19 + "|")
    for lines in [int(n) for n in args.lines.split(",")]:
        q = {f: results[f, lines]["queries"] for f in FLOW_DB}
        ms = {f: results[f, lines]["ms"] for f in FLOW_DB}
        cells = []
        for v in (q, ms):
            cells += [v[f] for f in ("A", "B0", "B", "C", "C'")]
            cells += [
                v["B0"] - v["A"],
                v["B"] - v["B0"],
                v["C"] - v["A"],
                v["C'"] - v["A"],
            ]
        print(f"| {lines} | " + " | ".join(f"{c:.0f}" for c in cells) + " |")
    steps = ("create", "checks", "submit", "review", "approve", "confirm")
    for lines in [int(n) for n in args.lines.split(",")]:
        print(
            f"\nqueries / wall ms per user action at L = {lines} (medians per order)\n"
        )
        print("| flow | " + " | ".join(steps) + " |")
        print("|---" * (len(steps) + 1) + "|")
        for flow in FLOW_DB:
            per_step = results[flow, lines]["steps"]
            cells = [
                "{:.0f} / {:.0f}".format(*per_step[name]) if name in per_step else "-"
                for name in steps
            ]
            print(f"| {flow} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
