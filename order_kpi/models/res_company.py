# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import scoring


class ResCompany(models.Model):
    _inherit = "res.company"

    order_kpi_review_fine = fields.Monetary(
        string="Fine per Review Error",
        currency_field="currency_id",
        default=20.0,
        help="Penalty recorded on a scorecard for each review error.",
    )
    order_kpi_entry_accuracy_target = fields.Float(
        string="Entry Accuracy Target (%)",
        default=98.0,
        help="Share of orders entered without error that counts as on target.",
    )
    order_kpi_band_excellent = fields.Float(
        string="Excellent From",
        default=85.0,
        help="Lowest total score (0-100) of the excellent band.",
    )
    order_kpi_band_good = fields.Float(
        string="Good From",
        default=70.0,
        help="Lowest total score (0-100) of the good band.",
    )
    order_kpi_band_pass = fields.Float(
        string="Pass From",
        default=60.0,
        help="Lowest total score (0-100) of the pass band; below it fails.",
    )
    order_kpi_bonus_excellent = fields.Float(
        string="Bonus if Excellent (%)", default=100.0
    )
    order_kpi_bonus_good = fields.Float(string="Bonus if Good (%)", default=80.0)
    order_kpi_bonus_pass = fields.Float(string="Bonus if Pass (%)", default=60.0)
    order_kpi_bonus_fail = fields.Float(string="Bonus if Fail (%)", default=0.0)
    order_kpi_processing_hours = fields.Float(
        string="Processing Time Limit (working h)",
        default=4.0,
        help="Working hours of the order calendar from an order's receipt to its "
        "confirmation (release) within which the order counts as processed on "
        "time (processing timeliness KPI).",
    )

    @api.constrains("order_kpi_review_fine", "order_kpi_entry_accuracy_target")
    def _check_order_kpi_settings(self):
        for company in self:
            if company.order_kpi_review_fine < 0:
                raise ValidationError(
                    self.env._("The fine per review error cannot be negative.")
                )
            if not 0 <= company.order_kpi_entry_accuracy_target <= 100:
                raise ValidationError(
                    self.env._("The entry accuracy target is a percentage: 0 to 100.")
                )

    @api.constrains(
        "order_kpi_band_excellent",
        "order_kpi_band_good",
        "order_kpi_band_pass",
        "order_kpi_bonus_excellent",
        "order_kpi_bonus_good",
        "order_kpi_bonus_pass",
        "order_kpi_bonus_fail",
    )
    def _check_order_kpi_bands(self):
        for company in self:
            if not (
                0
                <= company.order_kpi_band_pass
                < company.order_kpi_band_good
                < company.order_kpi_band_excellent
                <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "The score bands must rise between 0 and 100: pass from "
                        "%(passing)s, good from %(good)s, excellent from "
                        "%(excellent)s are not in that order.",
                        passing=company.order_kpi_band_pass,
                        good=company.order_kpi_band_good,
                        excellent=company.order_kpi_band_excellent,
                    )
                )
            bonuses = [
                company.order_kpi_bonus_fail,
                company.order_kpi_bonus_pass,
                company.order_kpi_bonus_good,
                company.order_kpi_bonus_excellent,
            ]
            if not all(0 <= bonus <= 100 for bonus in bonuses) or bonuses != sorted(
                bonuses
            ):
                raise ValidationError(
                    self.env._(
                        "Bonus percentages are 0 to 100 and cannot fall as the "
                        "band gets better (fail <= pass <= good <= excellent)."
                    )
                )

    @api.constrains("order_kpi_processing_hours")
    def _check_order_kpi_processing_hours(self):
        for company in self:
            if not 0 < company.order_kpi_processing_hours <= 1000:
                raise ValidationError(
                    self.env._(
                        "The processing time limit is a number of working hours "
                        "above 0 and at most 1000 (the regulation's is 4)."
                    )
                )

    # === CRUD METHODS === #

    def write(self, vals):
        res = super().write(vals)
        if {"order_calendar_id", "resource_calendar_id"}.intersection(vals):
            self.env["order.kpi.work.interval"]._refresh(self)
        return res

    # === BUSINESS METHODS === #

    def _order_kpi_band(self, score):
        """The band of a 0-100 total score under this company's boundaries."""
        self.ensure_one()
        return scoring.band_of(
            score,
            self.order_kpi_band_excellent,
            self.order_kpi_band_good,
            self.order_kpi_band_pass,
        )

    def _order_kpi_bonus(self, band):
        """The bonus percentage of a band."""
        self.ensure_one()
        return self[f"order_kpi_bonus_{band}"]
