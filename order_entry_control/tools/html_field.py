# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An Html field that sanitizes each distinct value once per transaction."""

from odoo import fields

# distinct values remembered per transaction, at most
MEMO_SIZE = 1000


class HtmlSanitizedOnce(fields.Html):
    """``fields.Html`` whose sanitizing of a value is remembered for the rest
    of the transaction (on the cursor), for the field it belongs to.

    Odoo sanitizes an Html value when it is cached and again when it is
    written, record by record: creating two hundred activities with the same
    note parsed it four hundred times. Sanitizing is a pure function of the
    value and the field's options, so the result of the first is the result of
    the others. A field that users of a group may leave unsanitized
    (``sanitize_overridable``) is sanitized as Odoo does, every time."""

    def _convert(self, value, record, validate):
        if (
            not validate
            or not self.sanitize
            or self.sanitize_overridable
            or not value
            or not isinstance(value, str)
        ):
            return super()._convert(value, record, validate)
        memo = record.env.cr.cache.setdefault("order_html_sanitized", {})
        key = (self.model_name, self.name, str(value))
        if key not in memo:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = super()._convert(value, record, validate)
        return memo[key]
