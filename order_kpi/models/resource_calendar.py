# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _order_kpi_refresh_companies(self):
        """Rebuild the KPI working intervals of the companies counting on these
        calendars (their order calendar, else their working hours)."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    "|",
                    ("order_calendar_id", "in", self.ids),
                    "&",
                    ("order_calendar_id", "=", False),
                    ("resource_calendar_id", "in", self.ids),
                ]
            )
        )
        if companies:
            self.env["order.kpi.work.interval"].sudo()._refresh(companies)
