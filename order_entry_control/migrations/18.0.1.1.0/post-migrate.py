# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: "Order Approved" no longer e-mails followers by default, as
Odoo's "Sales Order Confirmed" and "RFQ Approved"; the submitter gets an
"Order Follow-up" activity instead.

The subtype is in a noupdate file, so the upgrade sets its default here. The
followers of the quotations still to be approved got the subtype only because
it was the default: they lose it, or each approval would still e-mail every
reviewer. The quotations already approved and waiting for their confirmation
(outside release windows) get their follow-up now."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return  # fresh install: the data files are the new ones
    env = api.Environment(cr, SUPERUSER_ID, {})
    subtype = env.ref("order_entry_control.mt_order_approved", raise_if_not_found=False)
    if not subtype:
        return
    subtype.default = False
    cr.execute(
        SQL(
            """
            DELETE FROM mail_followers_mail_message_subtype_rel rel
             USING mail_followers follower, sale_order so
             WHERE rel.mail_followers_id = follower.id
               AND rel.mail_message_subtype_id = %s
               AND follower.res_model = 'sale.order'
               AND follower.res_id = so.id
               AND so.state IN ('draft', 'sent')
            """,
            subtype.id,
        )
    )
    waiting = env["sale.order"].search(
        [
            ("review_state", "=", "approved"),
            ("state", "in", ("draft", "sent")),
            ("release_due", "=", False),
            ("company_id.order_release_windows_enabled", "=", False),
        ]
    )
    waiting._order_control_after_approve()
