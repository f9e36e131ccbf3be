# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly scorecards: the model, its figures and constraints, and the
auditor's buttons. Its computation is in order_kpi_scorecard_compute.py, the
statistics it reads in order_kpi_scorecard_stats.py and the lock in
order_kpi_scorecard_lock.py."""

import babel.dates

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang

AUDITOR = "order_kpi.group_order_kpi_auditor"
ROLE_FIELDS = {
    "clerk": "clerk_score",
    "reviewer": "reviewer_score",
    "tracker": "tracker_score",
    # order_kpi_scorecard_events.py: the deliveries a person validated
    "warehouse": "warehouse_score",
}


class OrderKpiScorecard(models.Model):
    """The monthly assessment (考核) of one user or one sales team."""

    _name = "order.kpi.scorecard"
    _description = "Order KPI Scorecard"
    _inherit = ["order.field.policy", "mail.thread"]
    _order = "month desc, scope desc, team_id, rank, total_score desc, id"

    # Field policy (order.field.policy): every stored field is a figure or a
    # stamp of the computation (_order_kpi_compute_month), the ranking or the
    # lock (action_lock); users change a scorecard only through penalties and
    # spot checks (order.kpi.adjustment), which have their own policy.
    _order_owned_fields = frozenset(
        {
            "name",
            "company_id",
            "month",
            "scope",
            "user_id",
            "team_id",
            "state",
            "clerk_score",
            "reviewer_score",
            "tracker_score",
            "base_score",
            "adjustment_points",
            "penalty_amount",
            "total_score",
            "band",
            "bonus_percent",
            "rank",
            "rank_size",
            "order_count",
            "review_error_count",
            "computed_on",
            "locked_on",
            "locked_by_id",
        }
    )
    _order_user_fields = frozenset()

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(
        required=True,
        index=True,
        readonly=True,
        help="First day of the month assessed (orders by business date).",
    )
    month_label = fields.Char(string="Month Assessed", compute="_compute_month_label")
    scope = fields.Selection(
        selection=[("user", "Person"), ("team", "Sales team")],
        required=True,
        default="user",
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Person", index=True, readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Sales Team",
        index=True,
        readonly=True,
        help="The team assessed, or the person's team (for the ranking).",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("confirmed", "Computed"),
            ("locked", "Locked"),
        ],
        required=True,
        default="draft",
        readonly=True,
        index=True,
    )
    line_ids = fields.One2many(
        comodel_name="order.kpi.scorecard.line",
        inverse_name="scorecard_id",
        string="KPIs",
        readonly=True,
    )
    adjustment_ids = fields.One2many(
        comodel_name="order.kpi.adjustment",
        inverse_name="scorecard_id",
        string="Penalties and Spot Checks",
    )
    clerk_score = fields.Float(
        string="Entry Score", digits=(16, 2), readonly=True, aggregator="avg"
    )
    reviewer_score = fields.Float(
        string="Review Score", digits=(16, 2), readonly=True, aggregator="avg"
    )
    tracker_score = fields.Float(
        string="Tracking Score", digits=(16, 2), readonly=True, aggregator="avg"
    )
    base_score = fields.Float(
        string="KPI Score",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Weighted area scores scaled to 100 (average of the roles scored).",
    )
    adjustment_points = fields.Float(
        string="Spot-Check Points",
        digits=(16, 2),
        compute="_compute_adjustments",
        store=True,
    )
    penalty_amount = fields.Monetary(
        string="Penalties", compute="_compute_adjustments", store=True
    )
    total_score = fields.Float(
        digits=(16, 2),
        compute="_compute_total_score",
        store=True,
        aggregator="avg",
        help="KPI score plus spot-check points, from 0 to 100.",
    )
    band = fields.Selection(
        selection=[
            ("excellent", "Excellent"),
            ("good", "Good"),
            ("pass", "Pass"),
            ("fail", "Fail"),
        ],
        compute="_compute_total_score",
        store=True,
    )
    bonus_percent = fields.Float(
        string="Bonus (%)", compute="_compute_total_score", store=True
    )
    rank = fields.Integer(readonly=True, help="Place in the team this month.")
    rank_size = fields.Integer(string="Ranked", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    review_error_count = fields.Integer(string="Review Errors", readonly=True)
    computed_on = fields.Datetime(readonly=True)
    locked_on = fields.Datetime(readonly=True)
    locked_by_id = fields.Many2one(
        comodel_name="res.users", string="Locked By", readonly=True
    )

    # === COMPUTE METHODS === #

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for card in self:
            card.month_label = card._month_label(card.month)

    @api.depends("month", "scope", "user_id.name", "team_id.name")
    def _compute_name(self):
        for card in self:
            who = card.user_id.name if card.scope == "user" else card.team_id.name
            card.name = f"{card.month:%Y-%m} {who or ''}".strip() if card.month else ""

    @api.depends(
        "adjustment_ids.kind", "adjustment_ids.points", "adjustment_ids.amount"
    )
    def _compute_adjustments(self):
        for card in self:
            adjustments = card.adjustment_ids
            card.adjustment_points = sum(
                adjustments.filtered(lambda a: a.kind == "spot_check").mapped("points")
            )
            card.penalty_amount = sum(
                adjustments.filtered(lambda a: a.kind == "penalty").mapped("amount")
            )

    @api.depends("base_score", "adjustment_points")
    def _compute_total_score(self):
        for card in self:
            total = min(100.0, max(0.0, card.base_score + card.adjustment_points))
            card.total_score = round(total, 2)
            card.band = card.company_id._order_kpi_band(card.total_score)
            card.bonus_percent = card.company_id._order_kpi_bonus(card.band)

    # === CONSTRAINT METHODS === #

    @api.constrains("month")
    def _check_month(self):
        for card in self:
            if card.month.day != 1:
                raise ValidationError(
                    self.env._("A scorecard's month is the first day of the month.")
                )

    _sql_constraints = [
        (
            "scope_subject",
            "CHECK ((scope = 'user' AND user_id IS NOT NULL) "
            "OR (scope = 'team' AND team_id IS NOT NULL))",
            "A person's scorecard needs the person; a team's needs the team.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS order_kpi_scorecard_user_month
                    ON order_kpi_scorecard (company_id, month, user_id)
                    WHERE scope = 'user';
                CREATE UNIQUE INDEX IF NOT EXISTS order_kpi_scorecard_team_month
                    ON order_kpi_scorecard (company_id, month, team_id)
                    WHERE scope = 'team';
                """
            )
        )

    # === ACTION METHODS === #

    def action_compute(self):
        """Compute (or recompute) the scorecards of these scorecards' months.

        Every person and team of the month is computed at once, in a fixed
        number of queries. Refused for locked months and future months.
        """
        self._check_kpi_auditor()
        for company, month in sorted(
            {(card.company_id, card.month) for card in self},
            key=lambda key: (key[0].id, key[1]),
        ):
            self._order_kpi_compute_month(company, month)
        return True

    def action_compute_confirm(self):
        """Ask the auditor to confirm the recomputation, naming the month (the
        Recompute button)."""
        return self._order_kpi_month_wizard("compute")

    def _order_kpi_month_wizard(self, mode):
        self._check_kpi_auditor()
        wizard = self.env["order.kpi.month.wizard"].create(
            {"mode": mode, "scorecard_ids": [fields.Command.set(self.ids)]}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lock Month")
            if mode == "lock"
            else self.env._("Recompute Month"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print(self):
        return self.env.ref(
            "order_kpi.action_report_order_kpi_scorecard"
        ).report_action(self)

    # === BUSINESS METHODS === #

    def _check_kpi_auditor(self):
        if not self.env.user.has_group(AUDITOR):
            raise AccessError(
                self.env._(
                    "Only the audit group (Order KPI Auditor) computes and locks "
                    "scorecards."
                )
            )

    def _month_label(self, month):
        """The month in the reader's language: December 2026, 2026年12月."""
        if not month:
            return ""
        locale = babel_locale_parse(get_lang(self.env).code)
        return babel.dates.format_skeleton("yMMMM", month, locale=locale)
