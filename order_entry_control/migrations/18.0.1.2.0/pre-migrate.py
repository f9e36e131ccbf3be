# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: one approval engine. ``order.review`` steps point at their
document by model and id (quotations, change and closure requests), and each
configured step says which documents it is for.

Before the ORM adds the new required columns, the existing steps of
quotations get them: their document is their order, asked for by the order's
submitter; the configured steps are all for quotations. The unique index of
one pending step per order becomes one per document (``init``)."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            ALTER TABLE order_review
                ADD COLUMN IF NOT EXISTS res_model varchar,
                ADD COLUMN IF NOT EXISTS res_id int4,
                ADD COLUMN IF NOT EXISTS requested_by_id int4
            """
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE order_review r
               SET res_model = 'sale.order',
                   res_id = r.order_id,
                   requested_by_id = so.submitted_by_id
              FROM sale_order so
             WHERE so.id = r.order_id
               AND r.res_model IS NULL
            """
        )
    )
    cr.execute(SQL("DROP INDEX IF EXISTS order_review_one_pending_per_order"))
    cr.execute(
        SQL("ALTER TABLE order_review_step ADD COLUMN IF NOT EXISTS model_id int4")
    )
    cr.execute(
        SQL(
            """
            UPDATE order_review_step
               SET model_id = (SELECT id FROM ir_model WHERE model = 'sale.order')
             WHERE model_id IS NULL
            """
        )
    )
