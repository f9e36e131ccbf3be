# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Extra working days change the KPI working time of the companies counting
on their calendar: rebuild it, as holidays and attendances do."""

from odoo import models


class ResourceCalendarExtraDay(models.Model):
    _name = "resource.calendar.extra.day"
    # the refresh wraps the whole creation, after the calendars' cache is cleared
    _inherit = ["order.kpi.calendar.line", "resource.calendar.extra.day"]
