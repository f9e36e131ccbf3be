# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: processing timeliness joins the shared order-entry KPIs with a
weight of 20 %. The KPI data is ``noupdate``: an existing database gets the new
KPI but keeps the old weights, so the other active shared order-entry KPIs are
scaled here to the remaining 80 % (40 / 30 / 30 become 32 / 24 / 24), keeping
the role's weights at 100 % as the definitions require. A company's own KPIs
are left alone (the new KPI is shared, it does not join them)."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            SELECT d.id, d.weight
              FROM order_kpi_definition d
              JOIN ir_model_data x
                ON x.model = 'order.kpi.definition' AND x.res_id = d.id
             WHERE x.module = 'order_kpi'
               AND x.name = 'order_kpi_definition_processing_timeliness'
               AND d.active
            """
        )
    )
    row = cr.fetchone()
    if not row:
        return
    new_id, new_weight = row
    cr.execute(
        SQL(
            """
            SELECT id, weight FROM order_kpi_definition
             WHERE role = 'clerk' AND company_id IS NULL AND active AND id != %s
             ORDER BY weight, id
            """,
            new_id,
        )
    )
    others = cr.fetchall()
    total = sum(weight for _id, weight in others)
    if not total or abs(total + new_weight - 100.0) < 0.005:
        return
    # scaled to two decimals; the rounding difference goes to the largest
    remaining = 100.0 - new_weight
    scaled = [(id_, round(weight * remaining / total, 2)) for id_, weight in others]
    last_id, last_weight = scaled[-1]
    scaled[-1] = (
        last_id,
        round(last_weight + remaining - sum(w for _i, w in scaled), 2),
    )
    for id_, weight in scaled:
        cr.execute(
            SQL(
                "UPDATE order_kpi_definition SET weight = %s WHERE id = %s", weight, id_
            )
        )
