# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The date of the last daily digest a user got (never two on one day)."""

from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    order_digest_date = fields.Date(
        string="Last Order Digest",
        readonly=True,
        copy=False,
        help="Company-local date of the last daily digest sent to this user.",
    )
