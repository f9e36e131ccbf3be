# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The invariants ``load.py`` checks by SQL after the load (``INVARIANTS``):
each takes a cursor and returns the violations it finds; those a fault could
break half-way are in ``load_checks.py``."""

from collections import defaultdict

from load_checks import (
    inv_half_submitted,
    inv_mail_once,
    inv_reservations,
    inv_revisions,
)

LABELS = {
    "draft": "Draft",
    "to_review": "To Review",
    "to_approve": "To Approve",
    "approved": "Approved",
    "rejected": "Rejected",
}


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
