# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # res.company._order_work_intervals_of_days
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()  # res.company._order_work_intervals_of_days
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _order_clear_work_intervals(self):
        """Company-wide leaves (public holidays) change the working intervals of
        order deadlines; a person's time off does not."""
        if any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()  # _order_work_intervals_of_days

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._order_clear_work_intervals()
        return leaves

    def write(self, vals):
        self._order_clear_work_intervals()
        res = super().write(vals)
        self._order_clear_work_intervals()
        return res

    def unlink(self):
        self._order_clear_work_intervals()
        return super().unlink()
