# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderDeskCard(models.Model):
    """The Order Desk's tracking figures: late milestones, open exceptions."""

    _inherit = "order.desk.card"

    kind = fields.Selection(
        selection_add=[
            ("late_milestones", "Late milestones"),
            ("open_exceptions", "Open exceptions"),
        ],
        ondelete={"late_milestones": "cascade", "open_exceptions": "cascade"},
    )

    def _order_desk_late_milestones(self):
        return {
            "model": "order.milestone",
            "domain": [("state", "=", "late")],
            "context": {"group_by": ["tracker_id"]},
        }

    def _order_desk_open_exceptions(self):
        return {
            "model": "order.exception",
            "domain": [("state", "in", ("open", "in_progress"))],
            "late_domain": [("date_deadline", "<", fields.Datetime.now())],
        }
