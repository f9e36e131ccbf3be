# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly scorecards: their computation, ranking, lock and field policy."""

import logging
from collections import defaultdict

import babel.dates
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang

from .order_kpi_adjustment import AUTOMATIC
from .order_kpi_fact import COUNTED_CHANGE_STATES

_logger = logging.getLogger(__name__)

AUDITOR = "order_kpi.group_order_kpi_auditor"
TRACKER_GROUP = "order_tracking.group_order_tracker"
# The statistics of the facts, as SQL aggregates (name, expression).
FACT_AGGREGATES = (
    ("orders", "count(*)"),
    ("reviewed", "count(*) FILTER (WHERE f.is_reviewed)"),
    ("accurate", "count(*) FILTER (WHERE f.accurately_entered)"),
    ("entry_due", "count(*) FILTER (WHERE f.entry_due)"),
    ("entered_on_time", "count(*) FILTER (WHERE f.entered_on_time)"),
    ("released", "count(f.cycle_hours)"),
    ("cycle_hours", "COALESCE(sum(f.cycle_hours), 0)"),
    ("delivery_due", "count(*) FILTER (WHERE f.delivery_due)"),
    ("delivered_on_time", "count(*) FILTER (WHERE f.delivered_on_time)"),
    ("rated", "count(f.satisfaction)"),
    ("satisfaction", "COALESCE(sum(f.satisfaction), 0)"),
    ("milestones_due", "COALESCE(sum(f.milestone_due_count), 0)"),
    ("milestones_on_time", "COALESCE(sum(f.milestone_on_time_count), 0)"),
    ("exceptions_due", "COALESCE(sum(f.exception_due_count), 0)"),
    ("exceptions_solved", "COALESCE(sum(f.exception_solved_count), 0)"),
    ("milestones_typed", "COALESCE(sum(f.milestone_typed_count), 0)"),
    ("milestones_backdated", "COALESCE(sum(f.milestone_backdated_count), 0)"),
    ("delivery_typed", "count(*) FILTER (WHERE f.delivery_due AND f.delivery_typed)"),
    (
        "delivery_backdated",
        "count(*) FILTER (WHERE f.delivery_due AND f.delivery_backdated)",
    ),
    ("rated_typed", "count(f.satisfaction) FILTER (WHERE f.satisfaction_typed)"),
)
REVIEW_AGGREGATES = (
    ("decisions", "count(*)"),
    ("decisions_on_time", "count(*) FILTER (WHERE r.on_time)"),
    ("passes", "count(*) FILTER (WHERE r.decision IN ('passed', 'approved'))"),
    (
        "review_errors",
        "count(*) FILTER (WHERE r.decision IN ('passed', 'approved') "
        "AND (err.entry_error OR err.later_rejection))",
    ),
)
# GROUPING() bit masks of the grouping sets below.
FACT_SETS = {3: "clerk", 5: "tracker", 6: "team", 7: "company"}
# The sets that get the statistics of _order_kpi_fact_event_aggregates.
FACT_EVENT_SETS = ("clerk", "team", "company")
REVIEW_SETS = {1: "reviewer", 2: "team", 3: "company"}
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

    def _check_not_locked(self):
        locked = self.filtered(lambda c: c.state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "Scorecard %(card)s is locked: a locked month never changes.",
                    card=locked[0].name,
                )
            )

    def _month_label(self, month):
        """The month in the reader's language: December 2026, 2026年12月."""
        if not month:
            return ""
        locale = babel_locale_parse(get_lang(self.env).code)
        return babel.dates.format_skeleton("yMMMM", month, locale=locale)

    @api.model
    def _cron_compute_previous_month(self):
        """Create and compute last month's scorecards of every company.

        Idempotent: an open month is recomputed, a locked month is left alone.
        Each company, and within it each scorecard, is computed in its own
        savepoint: one that fails is logged (and left to compute) while the
        others go on.
        """
        month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        for company in self.env["res.company"].search([]):
            if self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("month", "=", month),
                    ("state", "=", "locked"),
                ],
                limit=1,
            ):
                continue
            try:
                with self.env.cr.savepoint():
                    self._order_kpi_compute_month(company, month, isolated=True)
            except Exception:
                _logger.exception(
                    "Order KPI: the scorecards of %s for %s could not be computed",
                    company.name,
                    f"{month:%Y-%m}",
                )
        return True

    @api.model
    def _order_kpi_check_month(self, company, month):
        """Refuse a month in the future and a locked month."""
        today = fields.Date.context_today(self)
        if month > today.replace(day=1):
            raise UserError(
                self.env._(
                    "%(month)s has not started yet: scorecards are computed for "
                    "this month or earlier ones.",
                    month=self._month_label(month),
                )
            )
        if self.search_count(
            [
                ("company_id", "=", company.id),
                ("month", "=", month),
                ("state", "=", "locked"),
            ],
            limit=1,
        ):
            raise UserError(
                self.env._(
                    "The scorecards of %(month)s (%(company)s) are locked and "
                    "cannot be recomputed.",
                    month=self._month_label(month),
                    company=company.name,
                )
            )

    @api.model
    def _order_kpi_compute_month(self, company, month, isolated=False):
        """Create or refresh the scorecards of every person and team of a month.

        A fixed number of queries whatever the number of users and orders:
        two aggregate queries over the facts and the review decisions, then
        batched creates and writes. With ``isolated`` (the monthly cron), each
        scorecard is computed in its own savepoint instead: one that fails is
        logged and left in draft (the month cannot be locked until it is
        computed), and the others go on.

        Callers check who may compute (``_check_kpi_auditor``): the
        computation owns every figure of the scorecards and writes them.
        """
        month = month.replace(day=1)
        self._order_kpi_check_month(company, month)
        self = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )._order_as_owner()
        self.env["order.kpi.work.interval"]._refresh(company, month)
        stats = self._order_kpi_trackers_only(self._order_kpi_stats(company, month))
        definitions = self.env["order.kpi.definition"]._get_definitions(company)
        by_role = defaultdict(lambda: self.env["order.kpi.definition"])
        for definition in definitions:
            by_role[definition.role] |= definition

        user_ids = {key[1] for key in stats if key[0] in ROLE_FIELDS and key[1]}
        team_ids = {key[1] for key in stats if key[0] == "team" and key[1]}
        users = self.env["res.users"].search(
            [("id", "in", list(user_ids)), ("share", "=", False)]
        )
        teams = (
            self.env["crm.team"]
            .with_context(active_test=False)
            .search([("id", "in", list(team_ids))])
        )
        cards = self.search([("company_id", "=", company.id), ("month", "=", month)])
        user_cards = {c.user_id: c for c in cards if c.scope == "user"}
        team_cards = {c.team_id: c for c in cards if c.scope == "team"}
        new_vals = [
            {
                "company_id": company.id,
                "month": month,
                "scope": "user",
                "user_id": user.id,
            }
            for user in users
            if user not in user_cards
        ] + [
            {
                "company_id": company.id,
                "month": month,
                "scope": "team",
                "team_id": team.id,
            }
            for team in teams
            if team not in team_cards
        ]
        if new_vals:
            for card in self.create(new_vals):
                if card.scope == "user":
                    user_cards[card.user_id] = card
                else:
                    team_cards[card.team_id] = card
        cards = self.browse(
            [c.id for c in user_cards.values()] + [c.id for c in team_cards.values()]
        )
        cards.line_ids.unlink()
        cards.adjustment_ids.filtered("automatic").with_context(
            order_kpi_automatic=AUTOMATIC
        ).unlink()

        # (scorecard, person scored or None for a team)
        subjects = list(zip(user_cards.values(), user_cards, strict=True)) + [
            (card, None) for card in team_cards.values()
        ]
        areas = self.env["order.kpi.area"]._get_areas(company)
        inputs = (stats, by_role, company, fields.Datetime.now(), areas)
        if isolated:
            failed = self.browse()
            for card, user in subjects:
                try:
                    with self.env.cr.savepoint():
                        card._order_kpi_store(
                            *card._order_kpi_month_vals(user, *inputs), areas
                        )
                except Exception:
                    _logger.exception(
                        "Order KPI: scorecard %s (id %s) could not be computed",
                        card.name,
                        card.id,
                    )
                    failed |= card
            failed.write({"state": "draft", "rank": 0, "rank_size": 0})
        else:
            line_vals, fine_vals = [], []
            for card, user in subjects:
                vals, lines, fines = card._order_kpi_month_vals(user, *inputs)
                card.write(vals)
                line_vals += lines
                fine_vals += fines
            cards._order_kpi_store({}, line_vals, fine_vals, areas)
        cards._order_kpi_update_ranks()
        return cards

    @api.model
    def _order_kpi_trackers_only(self, stats):
        """The month's statistics without the tracking figures of people who
        do not hold the Order Tracker role (a clerk once named tracker of an
        order by default is not scored on tracking); override to widen."""
        trackers = set(self.env.ref(TRACKER_GROUP).sudo().users.ids)
        return {
            key: values
            for key, values in stats.items()
            if key[0] != "tracker" or key[1] in trackers
        }

    def _order_kpi_month_vals(self, user, stats, by_role, company, now, areas):
        """The values of this scorecard, of its lines and of its automatic
        fines, from the month's statistics (``_order_kpi_stats``); ``user`` is
        the person scored, or None for a team's scorecard."""
        self.ensure_one()
        fines = []
        if user:
            user_stats = {
                role: stats[role, user.id]
                for role in ROLE_FIELDS
                if (role, user.id) in stats
            }
            vals, lines = self._order_kpi_score(user_stats, by_role, company, areas)
            errors = user_stats.get("reviewer", {}).get("review_errors", 0)
            vals.update(
                team_id=user.sale_team_id.id,
                review_error_count=errors,
                order_count=user_stats.get("clerk", {}).get("orders", 0),
            )
            fine = company.order_kpi_review_fine
            if errors and fine:
                fines.append(self._order_kpi_fine_vals(errors, fine, company))
        else:
            team_stats = stats.get(("team", self.team_id.id), {})
            role_stats = dict.fromkeys(ROLE_FIELDS, team_stats)
            vals, lines = self._order_kpi_score(role_stats, by_role, company, areas)
            vals.update(
                review_error_count=team_stats.get("review_errors", 0),
                order_count=team_stats.get("orders", 0),
            )
        vals.update(state="confirmed", computed_on=now)
        return vals, lines, fines

    def _order_kpi_store(self, vals, line_vals, fine_vals, areas):
        """Write computed values on these scorecards, create their lines, areas
        and automatic fines (the computation's own writes)."""
        if vals:
            self.write(vals)
        self.env["order.kpi.scorecard.line"].create(
            line_vals
        )._order_kpi_snapshot_names()
        self._order_kpi_store_areas(line_vals, areas)
        self.env["order.kpi.adjustment"].with_context(
            order_kpi_automatic=AUTOMATIC
        ).create(fine_vals)

    def _order_kpi_score(self, role_stats, by_role, company, areas):
        """Score one scorecard: its values and the values of its lines.

        ``role_stats`` maps a role to the statistics it is scored on. A role
        counts when at least one of its KPIs (or areas) has a value; the KPI
        score is the average of the roles' weighted scores
        (``_order_kpi_role_vals``).
        """
        self.ensure_one()
        lines = []
        for role, stats in role_stats.items():
            for definition in by_role.get(role, []):
                value, count = definition._kpi_value(stats)
                area = definition._area_score(value, company)
                typed, backdated = definition._kpi_inputs(stats)
                lines.append(
                    {
                        "scorecard_id": self.id,
                        "definition_id": definition.id,
                        "name": definition.name,
                        "role": role,
                        "has_value": value is not None,
                        "value": value or 0.0,
                        "sample_count": count,
                        "target": definition._get_target(company),
                        "weight": definition.weight,
                        "area_score": area or 0,
                        "typed_count": typed,
                        "backdated_count": backdated,
                    }
                )
        items = self._order_kpi_area_items(lines, areas)
        return self._order_kpi_role_vals(lines, items), lines

    def _order_kpi_fine_vals(self, errors, fine, company):
        """Values of the automatic fine for ``errors`` review errors."""
        self.ensure_one()
        return {
            "scorecard_id": self.id,
            "kind": "penalty",
            "automatic": True,
            "amount": errors * fine,
            "reason": self.env._(
                "%(count)s review error(s) × %(fine)s",
                count=errors,
                fine=fine,
            ),
        }

    def _order_kpi_update_ranks(self):
        """Rank the people of these scorecards' months within their team.

        The ranks are the computation's figures: callers are the computation
        and the audit group's adjustments, who read every scorecard of their
        companies. Draft (not computed) and locked scorecards keep theirs.
        """
        self = self._order_as_owner()
        keys = {(c.company_id.id, c.month) for c in self}
        domain = [("scope", "=", "user")]
        if len(keys) == 1:
            company_id, month = next(iter(keys))
            domain += [("company_id", "=", company_id), ("month", "=", month)]
        else:
            domain += [
                ("company_id", "in", [key[0] for key in keys]),
                ("month", "in", [key[1] for key in keys]),
            ]
        groups = defaultdict(list)
        for card in self.search(domain):
            if (card.company_id.id, card.month) in keys and card.state == "confirmed":
                groups[card.company_id.id, card.month, card.team_id.id].append(card)
        for members in groups.values():
            members.sort(key=lambda c: -c.total_score)
            rank = 0
            previous = None
            for position, card in enumerate(members, start=1):
                if card.total_score != previous:
                    rank, previous = position, card.total_score
                if card.rank != rank or card.rank_size != len(members):
                    card.write({"rank": rank, "rank_size": len(members)})

    @api.model
    def _order_kpi_stats(self, company, month):
        """Aggregated KPI statistics of a company's month, in two queries.

        The facts are read once: those of the month's business dates, and
        those that ``_order_kpi_fact_event_aggregates`` counts by another
        date of the month.

        Returns ``{(kind, id): {statistic: value}}`` where kind is ``clerk``,
        ``tracker`` or ``reviewer`` (a person's id), ``team`` (a team's id)
        or ``company`` (id False).
        """
        date_from = month.replace(day=1)
        date_to = date_from + relativedelta(months=1)
        cr = self.env.cr
        self.env.flush_all()
        # The view's per-order subqueries make the planner's estimate large
        # enough for JIT inlining and optimisation, which cost more (over a
        # second) than the query itself on 100,000 orders.
        cr.execute(SQL("SET LOCAL jit = off"))
        # Facts counted by another date than the business date (the orders
        # confirmed in the month): read in the same pass over the facts.
        condition, extra = self._order_kpi_fact_event_aggregates(company, month)
        aggregates = [SQL(expr) for _n, expr in FACT_AGGREGATES] + list(extra.values())
        cr.execute(
            SQL(
                """
                SELECT GROUPING(f.entry_user_id, f.tracker_id, f.team_id),
                       m.in_month, f.entry_user_id, f.tracker_id, f.team_id,
                       %(aggregates)s
                  FROM order_kpi_fact f
                 CROSS JOIN LATERAL (
                       SELECT f.business_date >= %(date_from)s
                              AND f.business_date < %(date_to)s AS in_month
                       ) m
                 WHERE f.company_id = %(company)s
                   AND ((f.business_date >= %(date_from)s
                         AND f.business_date < %(date_to)s) OR %(condition)s)
              GROUP BY GROUPING SETS (
                       (m.in_month, f.entry_user_id), (m.in_month, f.tracker_id),
                       (m.in_month, f.team_id), (m.in_month))
                """,
                aggregates=SQL(", ").join(aggregates),
                condition=condition,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        stats = {}
        names = [name for name, _expr in FACT_AGGREGATES]
        for grouping, in_month, clerk, tracker, team, *values in cr.fetchall():
            kind = FACT_SETS[grouping]
            key_id = {"clerk": clerk, "tracker": tracker, "team": team}.get(kind)
            key = (kind, key_id or False)
            if in_month:
                stats.setdefault(key, {}).update(
                    zip(names, values[: len(names)], strict=True)
                )
            if kind in FACT_EVENT_SETS:
                row = stats.setdefault(key, {})
                for name, value in zip(extra, values[len(names) :], strict=True):
                    row[name] = row.get(name, 0) + value
        cr.execute(
            SQL(
                """
                SELECT GROUPING(r.decided_by_id, so.team_id),
                       r.decided_by_id, so.team_id, %(aggregates)s
                  FROM order_review r
                  JOIN sale_order so
                    ON so.id = r.order_id AND r.res_model = 'sale.order'
                 CROSS JOIN LATERAL (
                       SELECT EXISTS (
                                  SELECT 1 FROM order_change_request c
                                   WHERE c.order_id = r.order_id
                                     AND c.cause = 'entry_error'
                                     AND c.state IN %(counted)s
                              ) AS entry_error,
                              EXISTS (
                                  SELECT 1 FROM order_review later
                                   WHERE later.res_model = 'sale.order'
                                     AND later.res_id = r.res_id
                                     AND later.round = r.round
                                     AND later.sequence > r.sequence
                                     AND later.decision = 'rejected'
                              ) AS later_rejection
                       ) err
                 WHERE so.company_id = %(company)s
                   AND so.state != 'cancel'
                   AND so.business_date >= %(date_from)s
                   AND so.business_date < %(date_to)s
                   AND r.decided_on IS NOT NULL
                   AND r.decided_by_id IS NOT NULL
              GROUP BY GROUPING SETS ((r.decided_by_id), (so.team_id), ())
                """,
                aggregates=SQL(", ".join(expr for _n, expr in REVIEW_AGGREGATES)),
                counted=COUNTED_CHANGE_STATES,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        names = [name for name, _expr in REVIEW_AGGREGATES]
        for grouping, reviewer, team, *values in cr.fetchall():
            kind = REVIEW_SETS[grouping]
            key_id = {"reviewer": reviewer, "team": team}.get(kind)
            row = dict(zip(names, values, strict=True))
            row["passes_ok"] = row["passes"] - row["review_errors"]
            stats.setdefault((kind, key_id or False), {}).update(row)
        return stats

    @api.model
    def _order_kpi_fact_event_aggregates(self, company, month):
        """Statistics of the facts counted by another date of the month than
        the business date: ``(SQL condition on f, {name: SQL aggregate})``,
        each aggregate filtered on its own condition. Override to add one;
        its values go to the clerks, teams and company (``FACT_EVENT_SETS``).
        """
        return SQL("FALSE"), {}
