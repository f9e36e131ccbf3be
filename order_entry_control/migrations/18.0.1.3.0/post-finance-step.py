# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the shipped credit approval step becomes the finance step,
whose reach Settings > Finance Review chooses. Its data is ``noupdate``: an
existing database gets the new condition here, unless an administrator already
changed the step's condition. The setting's default (only with credit
findings) keeps the step's behaviour as it was."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE order_review_step s
               SET condition = 'finance'
              FROM ir_model_data d
             WHERE d.module = 'order_entry_control'
               AND d.name = 'step_credit_approval'
               AND d.model = 'order.review.step'
               AND d.res_id = s.id
               AND s.condition = 'findings'
            """
        )
    )
