# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The default tracker of the orders shipped from a warehouse (the tracker rule)."""

from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    order_tracker_id = fields.Many2one(
        comodel_name="res.users",
        string="Default Tracker",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("order_tracking.group_order_tracker").id),
        ],
        help="Keeps the tracking table of the released orders shipped from this "
        "warehouse when neither the order nor its sales team names a tracker.",
    )
