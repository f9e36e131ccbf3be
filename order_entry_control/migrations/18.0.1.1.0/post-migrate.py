# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: "Order Approved" no longer e-mails followers by default (the
submitter gets a follow-up activity instead), as Odoo's "Sales Order
Confirmed" and "RFQ Approved". The subtype is in a noupdate file, so the
upgrade sets it here. Followers who already receive it keep their
subscription: they may have chosen it."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return  # fresh install: the data file has the new default
    env = api.Environment(cr, SUPERUSER_ID, {})
    subtype = env.ref("order_entry_control.mt_order_approved", raise_if_not_found=False)
    if subtype:
        subtype.default = False
