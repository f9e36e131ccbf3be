# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    # the refresh wraps the whole change, after the calendars' cache is cleared
    _inherit = ["order.kpi.calendar.line", "resource.calendar.attendance"]
