# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.4.0: sale orders keep a line signature for the duplicate check.
The column is created and filled here by one SQL statement, so that the
upgrade does not recompute it order by order through the ORM."""

from odoo.tools import SQL

from odoo.addons.order_entry_control.models.sale_order_signature import (
    fill_line_signatures,
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL("ALTER TABLE sale_order ADD COLUMN IF NOT EXISTS line_signature varchar")
    )
    fill_line_signatures(cr)
