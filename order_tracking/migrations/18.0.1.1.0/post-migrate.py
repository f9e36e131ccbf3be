# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: change and closure requests are approved by the approval engine
of order_entry_control. Their ``order.request.approval`` steps become
``order.review`` steps of the request, with every decision (who, when, the
comment), deadline and approver kept; a step that repeated one of the order's
review steps keeps it, the department head's step becomes the new configured
step of its request kind. The requests' open activities stay as they are.
The old table goes at the end of the upgrade, with its model."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(SQL("SELECT to_regclass('order_request_approval') IS NOT NULL"))
    if not cr.fetchone()[0]:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    change_step = env.ref("order_tracking.step_change_department_head")
    closure_step = env.ref("order_tracking.step_closure_department_head")
    cr.execute(SQL("ALTER TABLE order_review ADD COLUMN old_request_approval_id int4"))
    cr.execute(
        SQL(
            """
            INSERT INTO order_review (
                   old_request_approval_id, res_model, res_id, order_id,
                   requested_by_id, step_id, sequence, step_type, round, state,
                   decision, started_on, deadline, decided_by_id, decided_on,
                   comment, sla_breached, on_time, company_id,
                   create_uid, create_date, write_uid, write_date)
            SELECT a.id,
                   CASE WHEN a.change_request_id IS NOT NULL
                        THEN 'order.change.request' ELSE 'order.closure.request'
                   END,
                   coalesce(a.change_request_id, a.closure_request_id),
                   coalesce(c.order_id, k.order_id),
                   coalesce(c.requested_by_id, k.requested_by_id),
                   s.id, a.sequence, s.step_type, 1, a.state,
                   CASE a.state WHEN 'done' THEN 'approved'
                                WHEN 'rejected' THEN 'rejected' END,
                   a.started_on, a.deadline, a.decided_by_id, a.decided_on,
                   a.comment, false,
                   coalesce(a.decided_on <= a.deadline, false),
                   coalesce(a.company_id, c.company_id, k.company_id),
                   a.create_uid, a.create_date, a.write_uid, a.write_date
              FROM order_request_approval a
              LEFT JOIN order_change_request c ON c.id = a.change_request_id
              LEFT JOIN order_closure_request k ON k.id = a.closure_request_id
              JOIN order_review_step s ON s.id = coalesce(
                       a.review_step_id,
                       CASE WHEN a.change_request_id IS NOT NULL
                            THEN %(change_step)s ELSE %(closure_step)s END)
             WHERE a.change_request_id IS NOT NULL
                OR a.closure_request_id IS NOT NULL
             ORDER BY a.id
            """,
            change_step=change_step.id,
            closure_step=closure_step.id,
        )
    )
    moved = cr.rowcount
    cr.execute(
        SQL(
            """
            INSERT INTO order_review_res_users_rel (order_review_id, res_users_id)
            SELECT r.id, rel.res_users_id
              FROM order_request_approval_res_users_rel rel
              JOIN order_review r
                ON r.old_request_approval_id = rel.order_request_approval_id
            ON CONFLICT DO NOTHING
            """
        )
    )
    cr.execute(SQL("ALTER TABLE order_review DROP COLUMN old_request_approval_id"))
    for table, model in (
        ("order_change_request", "order.change.request"),
        ("order_closure_request", "order.closure.request"),
    ):
        cr.execute(
            SQL(
                """
                UPDATE %(table)s request
                   SET review_round = 1
                 WHERE EXISTS (SELECT 1 FROM order_review r
                                WHERE r.res_model = %(model)s
                                  AND r.res_id = request.id)
                """,
                table=SQL.identifier(table),
                model=model,
            )
        )
    _logger.info("%s request approval steps moved to the approval engine.", moved)
