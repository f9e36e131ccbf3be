# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Template (inactive): rename a stored field before the new code loads.

Copy to ``migrations/<new version>/pre-migrate.py`` and set the names.
"""

from odoo.tools import SQL

TABLE, OLD, NEW = "sale_order", "old_field_name", "new_field_name"
MODEL = "sale.order"


def migrate(cr, version):
    if not version:
        return  # fresh install: nothing to keep
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            TABLE,
            OLD,
        )
    )
    if not cr.fetchone():
        return  # already migrated
    cr.execute(
        SQL(
            "ALTER TABLE %s RENAME COLUMN %s TO %s",
            SQL.identifier(TABLE),
            SQL.identifier(OLD),
            SQL.identifier(NEW),
        )
    )
    # keep the field's metadata (and its tracking values) attached
    cr.execute(
        SQL(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            NEW,
            MODEL,
            OLD,
        )
    )
