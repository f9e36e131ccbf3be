# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The computation of the monthly scorecards: the monthly cron, the checks
of the month, the scores of each person and team from the month's statistics
(order_kpi_scorecard_stats.py), their lines and automatic fines, and the
ranking within the team."""

import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .order_kpi_adjustment import AUTOMATIC
from .order_kpi_scorecard import ROLE_FIELDS

# Named after the model's file, as before the computation had a file of its
# own (log handlers and tests filter on it).
_logger = logging.getLogger(f"{__package__}.order_kpi_scorecard")

TRACKER_GROUP = "order_tracking.group_order_tracker"


class OrderKpiScorecard(models.Model):
    _inherit = "order.kpi.scorecard"

    # === BUSINESS METHODS === #

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
