# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Extra working days change the KPI working time of the companies counting
on their calendar: rebuild it, as holidays and attendances do."""

from odoo import api, models


class ResourceCalendarExtraDay(models.Model):
    _inherit = "resource.calendar.extra.day"

    @api.model_create_multi
    def create(self, vals_list):
        days = super().create(vals_list)
        days.calendar_id._order_kpi_refresh_companies()
        return days

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
