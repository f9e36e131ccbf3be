# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The assessment areas of the scorecards (the tracker's four areas): how
a role with areas is scored, the supervisors who score the manual areas, and
the lock that waits for them."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import scoring
from .order_kpi_scorecard import ROLE_FIELDS


class OrderKpiScorecard(models.Model):
    _inherit = "order.kpi.scorecard"

    area_ids = fields.One2many(
        comodel_name="order.kpi.scorecard.area",
        inverse_name="scorecard_id",
        string="Assessment Areas",
        readonly=True,
    )
    areas_to_score = fields.Char(
        compute="_compute_areas_to_score",
        help="The manual areas of this scorecard nobody has scored yet: the "
        "score is provisional and the month cannot be locked.",
    )

    # === COMPUTE METHODS === #

    @api.depends("area_ids.has_score", "area_ids.kind")
    @api.depends_context("lang")
    def _compute_areas_to_score(self):
        for card in self:
            missing = card.area_ids.filtered(
                lambda a: a.kind == "manual" and not a.has_score
            )
            card.areas_to_score = ", ".join(missing.area_id.mapped("name"))

    # === ACTION METHODS === #

    def action_lock(self):
        self._check_kpi_auditor()
        self._order_kpi_check_areas_scored()
        return super().action_lock()

    def action_lock_confirm(self):
        self._check_kpi_auditor()
        self._order_kpi_check_areas_scored()
        return super().action_lock_confirm()

    # === BUSINESS METHODS === #

    def _order_kpi_supervisors(self):
        """Who scores the manual areas of this person's scorecard besides the
        KPI auditors: the leader of the person's sales team and, with the
        Employees app, the employee's manager; override to add others."""
        self.ensure_one()
        supervisors = self.team_id.user_id
        user = self.user_id
        if user and "employee_ids" in user._fields:
            supervisors |= user.employee_ids.parent_id.user_id
        return supervisors - user

    def _order_kpi_check_areas_scored(self):
        """Refuse to lock the months of these scorecards while a person's
        manual areas are unscored, naming who is missing (a month with
        scorecards to compute is refused by ``action_lock`` first)."""
        for company, month in {(card.company_id, card.month) for card in self}:
            if self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("month", "=", month),
                    ("state", "=", "draft"),
                ],
                limit=1,
            ):
                continue
            missing = self.env["order.kpi.scorecard.area"].search(
                [
                    ("company_id", "=", company.id),
                    ("scorecard_id.month", "=", month),
                    ("kind", "=", "manual"),
                    ("has_score", "=", False),
                ]
            )
            if not missing:
                continue
            people = defaultdict(list)
            for row in missing:
                people[row.scorecard_id].append(row.area_id.name)
            raise UserError(
                self.env._(
                    "%(month)s cannot be locked yet: score the areas of %(people)s "
                    "first (their supervisor or a KPI auditor, with a reason).",
                    month=self._month_label(month),
                    people="; ".join(
                        f"{card.user_id.name} ({', '.join(names)})"
                        for card, names in people.items()
                    ),
                )
            )

    def _order_kpi_line_area(self, definition, role, areas=None):
        """The area a KPI of ``role`` scores in: its own, else the role's first
        computed area (a KPI left without an area still counts)."""
        if definition.area_id:
            return definition.area_id
        if areas is None:
            areas = self.env["order.kpi.area"]._get_areas(self.company_id)
        computed = areas.filtered(lambda a: a.role == role and a.kind == "kpi")
        return computed[:1]

    def _order_kpi_area_items(self, lines, areas):
        """The area rows of this scorecard, as values, from the values of its
        KPI lines: a computed area scores the weighted score of its KPIs on 10
        (whole points, half up); a manual area keeps the score its scorer gave
        (a team's scorecard has no manual area)."""
        self.ensure_one()
        roles = {line["role"] for line in lines}
        area_of = {
            definition.id: self._order_kpi_line_area(definition, definition.role, areas)
            for definition in self.env["order.kpi.definition"].browse(
                {line["definition_id"] for line in lines}
            )
        }
        scored = {
            row.area_id: row
            for row in self.area_ids
            if row.kind == "manual" and row.has_score
        }
        items = []
        for area in areas:
            if area.role not in roles or (
                area.kind == "manual" and self.scope != "user"
            ):
                continue
            item = {
                "scorecard_id": self.id,
                "area_id": area.id,
                "role": area.role,
                "kind": area.kind,
                "sequence": area.sequence,
                "weight": area.weight,
                "has_score": False,
                "score": 0,
            }
            if area.kind == "kpi":
                value = scoring.weighted_score(
                    [
                        (
                            line["area_score"] if line["has_value"] else None,
                            line["weight"],
                        )
                        for line in lines
                        if line["role"] == area.role
                        and area_of[line["definition_id"]] == area
                    ]
                )
                if value is not None:
                    item.update(has_score=True, score=scoring.whole_points(value / 10))
            elif area in scored:
                item.update(has_score=True, score=scored[area].score, kept=True)
            items.append(item)
        return items

    def _order_kpi_role_vals(self, lines, area_items):
        """The role scores and the KPI score (0-100) of this scorecard: a role
        with areas scores its weighted areas, another its weighted KPIs; the KPI
        score is the average of the roles that have a score."""
        vals = dict.fromkeys(ROLE_FIELDS.values(), 0.0)
        role_scores = []
        for role, field_name in ROLE_FIELDS.items():
            items = [item for item in area_items if item["role"] == role]
            if items:
                pairs = [
                    (item["score"] if item["has_score"] else None, item["weight"])
                    for item in items
                ]
            else:
                pairs = [
                    (line["area_score"] if line["has_value"] else None, line["weight"])
                    for line in lines
                    if line["role"] == role
                ]
            score = scoring.weighted_score(pairs)
            if score is not None:
                vals[field_name] = round(score, 2)
                role_scores.append(score)
        vals["base_score"] = (
            round(sum(role_scores) / len(role_scores), 2) if role_scores else 0.0
        )
        return vals

    def _order_kpi_store_areas(self, line_vals, areas):
        """Replace the computed (and unscored manual) area rows of these
        scorecards by those of their new lines; scored manual rows stay."""
        self.area_ids.filtered(
            lambda row: row.kind == "kpi" or not row.has_score
        )._order_as_owner().unlink()
        by_card = defaultdict(list)
        for line in line_vals:
            by_card[line["scorecard_id"]].append(line)
        new_rows = []
        for card in self:
            for item in card._order_kpi_area_items(by_card[card.id], areas):
                if not item.pop("kept", False):
                    new_rows.append(item)
        self.env["order.kpi.scorecard.area"].create(new_rows)

    def _order_kpi_rescore(self):
        """Score these scorecards again from their stored lines and areas (after
        a manual area is scored), then rank their months again."""
        for card in self:
            lines = [
                {
                    "role": line.role,
                    "has_value": line.has_value,
                    "area_score": line.area_score,
                    "weight": line.weight,
                }
                for line in card.line_ids
            ]
            items = [
                {name: row[name] for name in ("role", "has_score", "score", "weight")}
                for row in card.area_ids
            ]
            card._order_as_owner().write(card._order_kpi_role_vals(lines, items))
        self._order_kpi_update_ranks()
