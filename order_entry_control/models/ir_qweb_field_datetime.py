# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A QWeb widget for the printed forms: a date and time to the minute, in the
reader's language format (``t-options="{'widget': 'order_datetime'}"``).

Odoo's own ``hide_seconds`` option only strips ``:ss``, so languages whose
time format spells the units (zh_CN ``%H时%M分%S秒``) still print seconds."""

import re

from odoo import api, models
from odoo.tools import posix_to_ldml
from odoo.tools.misc import babel_locale_parse

# the seconds directive with the separator before it (":", ".", ",") or the
# unit after it ("秒", "초"): what is left reads to the minute in every language
SECONDS_RE = re.compile(r"[:.,]?%S[^\s%]*")


def strip_seconds(strftime_pattern):
    """``strftime_pattern`` without its seconds ("%H时%M分%S秒" -> "%H时%M分")."""
    return SECONDS_RE.sub("", strftime_pattern).strip()


class IrQwebFieldOrderDatetime(models.AbstractModel):
    """Datetime to the minute in the reader's language and time zone."""

    _name = "ir.qweb.field.order_datetime"
    _description = "Qweb Field Datetime to the Minute"
    _inherit = "ir.qweb.field.datetime"

    @api.model
    def value_to_html(self, value, options):
        if not value or "format" in options:
            return super().value_to_html(value, options)
        lang = self.user_lang()
        if options.get("date_only"):
            pattern = lang.date_format
        elif options.get("time_only"):
            pattern = strip_seconds(lang.time_format)
        else:
            pattern = f"{lang.date_format} {strip_seconds(lang.time_format)}"
        locale = babel_locale_parse(lang.code)
        options = dict(options, format=posix_to_ldml(pattern, locale=locale))
        return super().value_to_html(value, options)
