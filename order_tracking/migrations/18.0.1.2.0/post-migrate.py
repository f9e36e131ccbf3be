# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: milestones say where their actual date comes from.

Completed milestones of before the upgrade get the source their milestone
type implies: logged by hand for the manual ones, a document for the others.
When they were logged is not known and stays empty.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE order_milestone m
           SET actual_source = CASE WHEN t.event = 'manual'
                                    THEN 'typed' ELSE 'document' END
          FROM order_milestone_type t
         WHERE t.id = m.type_id
           AND m.date_actual IS NOT NULL
           AND m.actual_source IS NULL
        """
    )
