# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.5.0: the late steps' escalation is one mail per escalation user and
run of the SLA watcher (template ``mail_template_order_review_escalation_digest``
on users). The former template, one mail per step, was loaded with
``noupdate``: the upgrade would keep it; it is deleted here."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    former = env.ref(
        "order_entry_control.mail_template_order_review_escalation",
        raise_if_not_found=False,
    )
    if former:
        former.unlink()
