# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lines of a working calendar (attendances, extra working days) change
the KPI working time of the companies counting on it: rebuild it whenever one
is created, changed or removed."""

from odoo import api, models


class OrderKpiCalendarLine(models.AbstractModel):
    _name = "order.kpi.calendar.line"
    _description = "Calendar Line Rebuilding the KPI Working Time"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.calendar_id._order_kpi_refresh_companies()
        return lines

    def write(self, vals):
        calendars = self.calendar_id
        res = super().write(vals)
        (calendars | self.calendar_id)._order_kpi_refresh_companies()
        return res

    def unlink(self):
        calendars = self.calendar_id
        res = super().unlink()
        calendars.exists()._order_kpi_refresh_companies()
        return res
