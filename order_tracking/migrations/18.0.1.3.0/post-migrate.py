# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the tracker rotation counts its turns in a sequence per
company instead of a column of the company's row (every release locked and
wrote that row, and concurrent releases failed to serialize).

Each company's last pick of before the upgrade becomes its sequence's turn,
so the rotation goes on with the next person; then the column goes.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version or not column_exists(cr, "res_company", "order_tracker_last_id"):
        return
    cr.execute(
        "SELECT id, order_tracker_last_id FROM res_company "
        "WHERE order_tracker_last_id IS NOT NULL"
    )
    rows = cr.fetchall()
    env = api.Environment(cr, SUPERUSER_ID, {})
    for company_id, user_id in rows:
        env["res.company"].browse(company_id).order_tracker_last_id = user_id
    env.flush_all()
    cr.execute("ALTER TABLE res_company DROP COLUMN order_tracker_last_id")
