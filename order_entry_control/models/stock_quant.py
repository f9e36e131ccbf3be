# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quant reservations collected by an order reservation batch.

The batch is an instance of ``QuantReservationBatch`` put in the context by
``order.stock.reservation._apply_quant_batch``. A client sends JSON, and no
JSON value is an instance of that class: a list sent under the same context
key changes nothing.
"""

from odoo import models


class QuantReservationBatch(list):
    """Changes of quant reservations held back by an order reservation batch:
    tuples ``(product id, location id, lot id, package id, owner id, qty)``.
    Only server code creates one (``order.stock.reservation``)."""

    __slots__ = ()


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _update_reserved_quantity(
        self,
        product_id,
        location_id,
        quantity,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        """Collect the change instead of applying it, inside an order reservation
        batch (context key ``order_reservation_batch``, a ``QuantReservationBatch``):
        the batch holds the quants' locks already and applies every change in
        one write."""
        batch = self.env.context.get("order_reservation_batch")
        if not isinstance(batch, QuantReservationBatch) or not strict:
            return super()._update_reserved_quantity(
                product_id,
                location_id,
                quantity,
                lot_id=lot_id,
                package_id=package_id,
                owner_id=owner_id,
                strict=strict,
            )
        batch.append(
            (
                product_id.id,
                location_id.id,
                lot_id.id if lot_id else False,
                package_id.id if package_id else False,
                owner_id.id if owner_id else False,
                quantity,
            )
        )
        return quantity
