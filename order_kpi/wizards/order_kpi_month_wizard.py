# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The confirmation of a month's lock or recomputation: it names the month
and how many scorecards the action touches before the auditor confirms."""

from odoo import api, fields, models


class OrderKpiMonthWizard(models.TransientModel):
    _name = "order.kpi.month.wizard"
    _description = "Lock or Recompute a Month of Scorecards"

    mode = fields.Selection(
        selection=[("lock", "Lock"), ("compute", "Recompute")],
        required=True,
        readonly=True,
    )
    scorecard_ids = fields.Many2many(
        comodel_name="order.kpi.scorecard",
        string="Scorecards Chosen",
        readonly=True,
    )
    month_card_count = fields.Integer(
        string="Scorecards of the Month",
        compute="_compute_summary",
        help="Every scorecard of the chosen months, people and teams: the action "
        "applies to them all, not only to the chosen ones.",
    )
    summary = fields.Text(compute="_compute_summary")

    # === COMPUTE METHODS === #

    @api.depends("mode", "scorecard_ids")
    def _compute_summary(self):
        Scorecard = self.env["order.kpi.scorecard"]
        for wizard in self:
            lines, total = [], 0
            for company, month, cards in wizard._months():
                total += len(cards)
                values = {
                    "month": Scorecard._month_label(month),
                    "company": company.name,
                    "count": len(cards),
                }
                if wizard.mode == "lock":
                    lines.append(
                        self.env._(
                            "Lock %(month)s (%(company)s): %(count)s scorecards "
                            "will be locked; nothing in them changes afterwards.",
                            **values,
                        )
                    )
                else:
                    lines.append(
                        self.env._(
                            "Recompute %(month)s (%(company)s): %(count)s "
                            "scorecards, every person and team of the month, "
                            "from the orders as they are now.",
                            **values,
                        )
                    )
            wizard.month_card_count = total
            wizard.summary = "\n".join(lines)

    # === ACTION METHODS === #

    def action_confirm(self):
        """Lock or recompute the chosen months."""
        self.ensure_one()
        if self.mode == "lock":
            return self.scorecard_ids.action_lock()
        return self.scorecard_ids.action_compute()

    # === BUSINESS METHODS === #

    def _months(self):
        """(company, month, scorecards of that month not locked) of the chosen
        scorecards, in order."""
        self.ensure_one()
        Scorecard = self.env["order.kpi.scorecard"]
        keys = sorted(
            {(card.company_id, card.month) for card in self.scorecard_ids},
            key=lambda key: (key[1], key[0].id),
        )
        return [
            (
                company,
                month,
                Scorecard.search(
                    [
                        ("company_id", "=", company.id),
                        ("month", "=", month),
                        ("state", "!=", "locked"),
                    ]
                ),
            )
            for company, month in keys
        ]
