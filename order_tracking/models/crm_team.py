# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The default tracker of a sales team's orders (the tracker rule)."""

from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    order_tracker_id = fields.Many2one(
        comodel_name="res.users",
        string="Default Tracker",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("order_tracking.group_order_tracker").id),
        ],
        help="Keeps the tracking table of this team's released orders when the "
        "order names no tracker (Settings > Order Control: tracker rule).",
    )
