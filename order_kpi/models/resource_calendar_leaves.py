# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._order_kpi_refresh(leaves._order_kpi_scope())
        return leaves

    def write(self, vals):
        before = self._order_kpi_scope()
        res = super().write(vals)
        self._order_kpi_refresh(before, self._order_kpi_scope())
        return res

    def unlink(self):
        before = self._order_kpi_scope()
        res = super().unlink()
        self._order_kpi_refresh(before)
        return res

    def _order_kpi_scope(self):
        """Calendars and companies whose working time these holidays change."""
        holidays = self.filtered(lambda leave: not leave.resource_id)
        return (
            holidays.calendar_id,
            holidays.filtered(lambda leave: not leave.calendar_id).company_id,
        )

    def _order_kpi_refresh(self, *scopes):
        """Rebuild the KPI working time of the companies these holidays touch."""
        calendars = self.env["resource.calendar"]
        companies = self.env["res.company"]
        for scope_calendars, scope_companies in scopes:
            calendars |= scope_calendars
            companies |= scope_companies
        calendars.exists()._order_kpi_refresh_companies()
        if companies:
            self.env["order.kpi.work.interval"].sudo()._refresh(companies)
