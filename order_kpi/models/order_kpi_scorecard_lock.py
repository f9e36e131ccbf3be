# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lock of the scorecards: the auditor locks a computed month, and a
locked scorecard changes again for nobody."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class OrderKpiScorecard(models.Model):
    _inherit = "order.kpi.scorecard"

    # === CRUD METHODS === #

    def write(self, vals):
        # Nothing lifts the lock: action_lock writes scorecards that are only
        # computed, and a locked scorecard changes again for nobody.
        frozen = [
            name
            for name in vals
            if not name.startswith(("message_", "activity_", "rating_"))
        ]
        if frozen:
            self._check_not_locked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_not_locked()

    # === ACTION METHODS === #

    def action_lock(self):
        """Lock the months of these scorecards: nothing in them changes again."""
        self._check_kpi_auditor()
        for company, month in {(card.company_id, card.month) for card in self}:
            cards = self.search(
                [("company_id", "=", company.id), ("month", "=", month)]
            )
            draft = cards.filtered(lambda c: c.state == "draft")
            if draft:
                raise UserError(
                    self.env._(
                        "Compute the scorecards of %(month)s before locking them "
                        "(not computed: %(cards)s).",
                        month=self._month_label(month),
                        cards=", ".join(draft.mapped("name")),
                    )
                )
            cards.filtered(lambda c: c.state == "confirmed")._order_as_owner().write(
                {
                    "state": "locked",
                    "locked_on": fields.Datetime.now(),
                    "locked_by_id": self.env.uid,
                }
            )
        return True

    def action_lock_confirm(self):
        """Ask the auditor to confirm the lock, naming the month and how many
        scorecards it locks (the Lock Month button)."""
        return self._order_kpi_month_wizard("lock")

    # === BUSINESS METHODS === #

    def _check_not_locked(self):
        locked = self.filtered(lambda c: c.state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "Scorecard %(card)s is locked: a locked month never changes.",
                    card=locked[0].name,
                )
            )
