# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.picking: the customer's special requests of the order, for the driver
(shown on the transfer and printed on the delivery slip)."""

from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    special_requests = fields.Text(
        related="sale_id.special_requests",
        string="Customer's Special Requests",
    )
