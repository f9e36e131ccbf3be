# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install and uninstall hooks of Order Entry Control."""

import logging

_logger = logging.getLogger(__name__)


def uninstall_hook(env):
    """End every active stock reservation before the addon goes: their moves are
    unreserved and cancelled, so that no quant stays reserved for a quotation
    once the reservations are gone (DESIGN, principle 6). Each order keeps a
    note (a core subtype, which outlives the addon) saying so."""
    reservations = (
        env["order.stock.reservation"].sudo().search([("state", "=", "active")])
    )
    if not reservations:
        return
    orders = reservations.order_id
    reason = env._("Order Entry Control was uninstalled")
    reservations._end("released", reason)
    body = env._("Stock reservation released: %(reason)s", reason=reason)
    for order in orders:
        order.message_post(body=body, subtype_xmlid="mail.mt_note")
    _logger.info(
        "Order Entry Control uninstalled: %s active stock reservations of %s "
        "orders released.",
        len(reservations),
        len(orders),
    )
