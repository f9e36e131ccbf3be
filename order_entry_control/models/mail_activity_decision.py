# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An approval step's activity tells the web client that it is one, so that
its ✔ "mark done" opens the record where the step is decided (pass, approve,
or reject with a reason) instead of closing the activity (which the server
refuses: see mail_activity.py)."""

from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _to_store(self, store):
        res = super()._to_store(store)
        for activity in self._order_step_activities():
            store.add(activity, {"order_step": True})
        return res
