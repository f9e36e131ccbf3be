# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install and uninstall hooks of Order Tracking."""

from odoo.tools import SQL

REQUEST_MODELS = ("order.change.request", "order.closure.request")


def uninstall_hook(env):
    """Remove the approval steps of change and closure requests: the requests
    go with the addon, and so do the step definitions made for them (the
    steps of quotations stay)."""
    env.cr.execute(
        SQL("DELETE FROM order_review WHERE res_model IN %s", REQUEST_MODELS)
    )
