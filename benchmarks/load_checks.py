# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invariants of ``load.py`` that a fault could break half-way: a document
half-submitted, a reservation without its moves, a revision without its
applied change, a notification queued twice. Each takes a cursor and returns
the violations it finds, as those of ``load_invariants.py`` do."""

APPROVAL_ACTIVITY_TYPES = """
    SELECT res_id FROM ir_model_data
     WHERE model = 'mail.activity.type'
       AND (module, name) IN (
           ('order_entry_control', 'mail_activity_type_order_review'),
           ('order_tracking', 'mail_activity_type_order_request'))
"""
# The documents of the approval engine, and the states that mean "a step is
# pending" (a sales order also while it is a quotation).
UNDER_DECISION_SQL = {
    "sale.order": "SELECT id, name FROM sale_order WHERE state IN ('draft', 'sent') "
    "AND review_state IN ('to_review', 'to_approve')",
    "order.change.request": "SELECT id, name FROM order_change_request "
    "WHERE state = 'submitted'",
    "order.closure.request": "SELECT id, name FROM order_closure_request "
    "WHERE state = 'submitted'",
}


def inv_half_submitted(cr):
    """No document half-submitted: each pending step has an open activity
    for each of its reviewers, each document under decision has its pending
    step (of its current round), and no pending step outlives its decision."""
    cr.execute(
        f"""
        SELECT r.res_model, r.res_id, r.id, u.res_users_id
          FROM order_review r
          JOIN order_review_res_users_rel u ON u.order_review_id = r.id
         WHERE r.state = 'pending' AND NOT EXISTS (
               SELECT 1 FROM mail_activity a
                WHERE a.res_model = r.res_model AND a.res_id = r.res_id
                  AND a.user_id = u.res_users_id AND a.active
                  AND a.activity_type_id IN ({APPROVAL_ACTIVITY_TYPES}))
        """
    )
    found = [
        f"{model} {res_id}: pending step {review} without the activity of user {user}"
        for model, res_id, review, user in cr.fetchall()
    ]
    cr.execute(
        "SELECT r.res_model, r.res_id, r.id FROM order_review r "
        "WHERE r.state = 'pending' AND NOT EXISTS ("
        "SELECT 1 FROM order_review_res_users_rel u WHERE u.order_review_id = r.id)"
    )
    found += [
        f"{model} {res_id}: pending step {review} without reviewers"
        for model, res_id, review in cr.fetchall()
    ]
    cr.execute(
        "SELECT res_model, res_id, round FROM order_review WHERE state = 'pending'"
    )
    pending = {(model, res_id): rnd for model, res_id, rnd in cr.fetchall()}
    under = set()
    for model, statement in UNDER_DECISION_SQL.items():
        cr.execute(statement)
        for res_id, name in cr.fetchall():
            under.add((model, res_id))
            if (model, res_id) not in pending:
                found.append(f"{name} waits for a decision without a pending step")
    cr.execute(
        "SELECT o.name, r.round, o.review_round FROM order_review r "
        "JOIN sale_order o ON o.id = r.res_id AND r.res_model = 'sale.order' "
        "WHERE r.state = 'pending' AND r.round != o.review_round"
    )
    found += [
        f"{name}: pending step of round {rnd}, the order is in round {current}"
        for name, rnd, current in cr.fetchall()
    ]
    found += [
        f"{model} {res_id}: pending step, but no decision is awaited"
        for model, res_id in set(pending) - under
    ]
    return found


def inv_reservations(cr):
    """No reservation without its moves: an active reservation holds a live
    move whose move lines reserve what it says; every storable line of a
    submitted quotation is reserved (reservation at submission); nothing is
    held for an order that is no longer under review or approved."""
    cr.execute(
        """
        SELECT o.name, r.id, m.state, r.reserved_qty,
               (SELECT coalesce(sum(ml.quantity), 0) FROM stock_move_line ml
                 WHERE ml.move_id = m.id)
          FROM order_stock_reservation r
          JOIN sale_order o ON o.id = r.order_id
          LEFT JOIN stock_move m ON m.id = r.move_id
         WHERE r.state = 'active'
        """
    )
    found = []
    for name, reservation, move_state, reserved, held in cr.fetchall():
        if move_state is None or move_state in ("draft", "done", "cancel"):
            found.append(f"{name}: reservation {reservation}, move {move_state}")
        elif abs(reserved - held) > 1e-6:
            found.append(
                f"{name}: reservation {reservation} says {reserved:g}, "
                f"its move lines hold {held:g}"
            )
    cr.execute(
        """
        SELECT o.name, o.state, o.review_state FROM sale_order o
         WHERE EXISTS (SELECT 1 FROM order_stock_reservation r
                        WHERE r.order_id = o.id AND r.state = 'active')
           AND (o.state NOT IN ('draft', 'sent')
                OR o.review_state NOT IN ('to_review', 'to_approve', 'approved'))
        """
    )
    found += [
        f"{name} ({state}, {review_state}) still holds stock"
        for name, state, review_state in cr.fetchall()
    ]
    cr.execute(
        """
        SELECT o.name, l.id FROM sale_order o
          JOIN res_company c ON c.id = o.company_id
          JOIN sale_order_line l ON l.order_id = o.id AND l.product_uom_qty > 0
          JOIN product_product p ON p.id = l.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id AND t.is_storable
         WHERE c.order_control_enabled AND c.order_reservation_mode = 'submission'
           AND o.state IN ('draft', 'sent')
           AND o.review_state IN ('to_review', 'to_approve', 'approved')
           AND NOT EXISTS (SELECT 1 FROM order_stock_reservation r
                            WHERE r.sale_line_id = l.id AND r.state = 'active')
        """
    )
    found += [
        f"{name}: submitted, line {line} not reserved" for name, line in cr.fetchall()
    ]
    return found


def inv_revisions(cr):
    """No revision without its applied change (the other way round, an
    applied change without its one revision, is inv_changes')."""
    cr.execute(
        """
        SELECT o.name, v.revision, r.name, r.state FROM order_revision v
          JOIN sale_order o ON o.id = v.order_id
          LEFT JOIN order_change_request r ON r.id = v.change_request_id
         WHERE r.id IS NULL OR r.state != 'applied'
        """
    )
    return [
        f"{name} revision {rev}: change {request or 'none'} is {state or '-'}"
        for name, rev, request, state in cr.fetchall()
    ]


def inv_mail_once(cr):
    """The mail queue and the inboxes hold each notification once: no two
    mails, nor two notifications, of one message to one partner."""
    cr.execute(
        """
        SELECT m.mail_message_id, p.res_partner_id, count(*)
          FROM mail_mail m
          JOIN mail_mail_res_partner_rel p ON p.mail_mail_id = m.id
         GROUP BY m.mail_message_id, p.res_partner_id HAVING count(*) > 1
        """
    )
    found = [
        f"message {message}: {n} mails to partner {partner}"
        for message, partner, n in cr.fetchall()
    ]
    cr.execute(
        """
        SELECT mail_message_id, res_partner_id, count(*) FROM mail_notification
         WHERE res_partner_id IS NOT NULL
         GROUP BY mail_message_id, res_partner_id HAVING count(*) > 1
        """
    )
    found += [
        f"message {message}: {n} notifications of partner {partner}"
        for message, partner, n in cr.fetchall()
    ]
    return found
