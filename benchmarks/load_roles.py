# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The clients of ``load.py``: one loop per role (``ROLES``), each a user
clicking through the controlled flow (or plain Odoo's) over JSON-RPC until
the phase stops; a refusal the controls are expected to give is fine,
anything else is recorded."""

import random
import time

from load_rpc import CONCURRENCY, EXPECTED, Rpc, RpcError


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
