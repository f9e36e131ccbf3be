# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One benchmark workload in one database; prints a JSON line of figures.

Run by ``benchmarks/bench.py``; each user action is its own committed
transaction, as in the web client, done by its own user.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import config

# C: OCA's tier validation as shipped (nobody is told of a review);
# C': the same with both tier definitions notifying their reviewer when the
# review is requested (notify_on_create), like for like with B0's activities
FLOWS = ("A", "B0", "B", "C", "C'")


def setup(registry, flow, max_lines, notify=False):
    """Create (once per database) users, a customer, products with stock."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        users = {}
        for login, groups in (
            ("bench_clerk", "sales_team.group_sale_salesman_all_leads"),
            ("bench_reviewer", "sales_team.group_sale_salesman_all_leads"),
            ("bench_approver", "sales_team.group_sale_salesman_all_leads"),
        ):
            user = env["res.users"].search([("login", "=", login)])
            if not user:
                group_ids = [env.ref("base.group_user").id, env.ref(groups).id]
                for xmlid in {
                    "bench_clerk": ["order_entry_control.group_order_entry_clerk"],
                    "bench_reviewer": ["order_entry_control.group_order_reviewer"],
                    "bench_approver": ["order_entry_control.group_order_approver"],
                }[login]:
                    group = env.ref(xmlid, raise_if_not_found=False)
                    if group:
                        group_ids.append(group.id)
                user = env["res.users"].create(
                    {
                        "name": login,
                        "login": login,
                        "groups_id": [Command.set(group_ids)],
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                    }
                )
            users[login] = user.id
        partner = env["res.partner"].search([("name", "=", "Bench Trading Co., Ltd.")])
        if not partner:
            partner = env["res.partner"].create(
                {
                    "name": "Bench Trading Co., Ltd.",
                    "is_company": True,
                    "street": "1 Bench Road",
                    "city": "Shanghai",
                    "zip": "200000",
                    "email": "buyer@bench.example.com",
                    "phone": "+86 21 0000 0000",
                    "child_ids": [
                        Command.create(
                            {"name": "Wang Fang", "email": "wang@bench.example.com"}
                        )
                    ],
                }
            )
        products = env["product.product"].search(
            [("default_code", "=like", "BENCH-%")], order="default_code"
        )
        if len(products) < max_lines:
            stock = (
                env["stock.warehouse"]
                .search([("company_id", "=", company.id)], limit=1)
                .lot_stock_id
            )
            for n in range(len(products), max_lines):
                product = env["product.product"].create(
                    {
                        "name": f"Bench part {n:03d}",
                        "default_code": f"BENCH-{n:03d}",
                        "type": "consu",
                        "is_storable": True,
                        "list_price": 10.0 + n,
                        "taxes_id": False,
                    }
                )
                env["stock.quant"]._update_available_quantity(product, stock, 1e9)
            products = env["product.product"].search(
                [("default_code", "=like", "BENCH-%")], order="default_code"
            )
        if flow in ("B0", "B"):
            company.write(
                {
                    "order_control_enabled": True,
                    "order_reservation_mode": "never" if flow == "B0" else "submission",
                    "order_duplicate_window_days": 0,
                    # reviewers told by e-mail/in Odoo: measured on request
                    "order_notify_reviewers": notify,
                }
            )
        if flow in ("C", "C'"):
            model = env["ir.model"]._get("sale.order")
            if not env["tier.definition"].search([("model_id", "=", model.id)]):
                for sequence, login in ((10, "bench_reviewer"), (20, "bench_approver")):
                    env["tier.definition"].create(
                        {
                            "model_id": model.id,
                            "review_type": "individual",
                            "reviewer_id": users[login],
                            "definition_domain": "[]",
                            "sequence": sequence,
                        }
                    )
            env["tier.definition"].search([("model_id", "=", model.id)]).write(
                {"notify_on_create": flow == "C'"}
            )
            env["exception.rule"].with_context(active_test=False).search(
                [("model", "=", "sale.order")]
            ).write({"active": True})
        return users, partner.id, products.ids


def measure(registry, uid, func):
    """Run ``func(env)`` in its own committed transaction; (queries, seconds)."""
    before = odoo.sql_db.sql_counter
    start = time.perf_counter()
    with registry.cursor() as cr:
        result = func(api.Environment(cr, uid, {}))
    return odoo.sql_db.sql_counter - before, time.perf_counter() - start, result


def one_order(registry, flow, users, partner_id, product_ids):
    clerk, reviewer, approver = (
        users["bench_clerk"],
        users["bench_reviewer"],
        users["bench_approver"],
    )
    steps = {}  # user action -> queries

    def step(name, uid, func):
        q, s, result = measure(registry, uid, func)
        steps[name] = (q, s)
        return result

    def create(env):
        vals = {
            "partner_id": partner_id,
            "commitment_date": odoo.fields.Datetime.now() + timedelta(days=30),
            "order_line": [
                Command.create({"product_id": pid, "product_uom_qty": 1})
                for pid in product_ids
            ],
        }
        if flow in ("B0", "B"):
            # an e-mailed order: a person enters when it was received (the
            # controls require it at submission)
            vals["entry_channel"] = "email"
            vals["received_datetime"] = odoo.fields.Datetime.now() - timedelta(
                minutes=5
            )
        order = env["sale.order"].create(vals)
        if flow in ("B0", "B"):
            order.customer_stated_total = order.amount_total
        return order.id

    order_id = step("create", clerk, create)

    def on_order(method, *args):
        return lambda env: getattr(env["sale.order"].browse(order_id), method)(*args)

    if flow in ("B0", "B"):
        step("checks", clerk, on_order("action_run_checks"))
        step("submit", clerk, on_order("action_submit_review"))
        step("review", reviewer, on_order("action_review_pass"))
        step("approve", approver, on_order("action_approve"))
    elif flow in ("C", "C'"):
        step("submit", clerk, on_order("request_validation"))
        step("review", reviewer, on_order("validate_tier"))
        step("approve", approver, on_order("validate_tier"))
    step("confirm", clerk, on_order("action_confirm"))

    with registry.cursor() as cr:
        state = (
            api.Environment(cr, SUPERUSER_ID, {})["sale.order"].browse(order_id).state
        )
    if state != "sale":
        raise SystemExit(f"{flow}: the order was not confirmed")
    return steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--flow", choices=FLOWS, required=True)
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--notify", action="store_true")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level", "warn"])
    registry = Registry(args.db)
    users, partner_id, product_ids = setup(registry, args.flow, 50, args.notify)
    lines = product_ids[: args.lines]
    with registry.cursor() as cr:
        cr.execute("ANALYZE")  # fresh statistics: no autovacuum during the run
    one_order(registry, args.flow, users, partner_id, lines)  # warm the caches
    # every order is one sample; the medians resist a garbage collection or a
    # checkpoint landing on one order
    samples = [
        one_order(registry, args.flow, users, partner_id, lines)
        for _n in range(args.orders * args.repeat)
    ]
    json.dump(
        {
            "flow": args.flow,
            "lines": args.lines,
            # per order: {user action: [queries, ms]}
            "samples": [
                {name: [q, 1000 * s] for name, (q, s) in steps.items()}
                for steps in samples
            ],
            "queries": statistics.median(
                sum(q for q, _s in steps.values()) for steps in samples
            ),
            "ms": statistics.median(
                1000 * sum(s for _q, s in steps.values()) for steps in samples
            ),
            "steps": {
                name: [
                    statistics.median(steps[name][0] for steps in samples),
                    statistics.median(1000 * steps[name][1] for steps in samples),
                ]
                for name in samples[0]
            },
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
