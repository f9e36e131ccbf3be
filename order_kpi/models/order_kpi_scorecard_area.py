# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The area scores of a scorecard (the tracker's four areas): computed ones
as the computation found them, manual ones as a supervisor scored them."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .order_kpi_area import LEVELS
from .order_kpi_definition import ROLES
from .order_kpi_scorecard import AUDITOR


class OrderKpiScorecardArea(models.Model):
    """One assessment area of one scorecard: its 0-10 score, level and reason."""

    _name = "order.kpi.scorecard.area"
    _inherit = ["order.field.policy"]
    _description = "Order KPI Scorecard Area"
    _order = "scorecard_id, role, sequence, id"

    # Field policy (order.field.policy): computed areas are written by the
    # scorecard computation; a manual area's score, reason and stamps only by
    # the Score action (_order_kpi_set_score), after its checks. No field is
    # the user's: nobody scores himself over RPC.
    _order_owned_fields = frozenset(
        {
            "scorecard_id",
            "company_id",
            "user_id",
            "area_id",
            "role",
            "kind",
            "sequence",
            "weight",
            "has_score",
            "score",
            "reason",
            "scored_by_id",
            "scored_on",
        }
    )
    _order_user_fields = frozenset()

    scorecard_id = fields.Many2one(
        comodel_name="order.kpi.scorecard",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    # precomputed: in the rows' INSERT, not an UPDATE per hundred rows
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        related="scorecard_id.user_id", store=True, precompute=True
    )
    state = fields.Selection(related="scorecard_id.state")
    area_id = fields.Many2one(
        comodel_name="order.kpi.area",
        string="Area",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    name = fields.Char(related="area_id.name", string="Area Name")
    role = fields.Selection(selection=ROLES, readonly=True)
    kind = fields.Selection(
        selection=[("kpi", "Computed"), ("manual", "Scored")], readonly=True
    )
    sequence = fields.Integer(readonly=True)
    weight = fields.Float(string="Weight (%)", readonly=True)
    has_score = fields.Boolean(string="Scored", readonly=True)
    score = fields.Integer(readonly=True, aggregator="avg", help="0 to 10 points.")
    level = fields.Selection(
        selection=LEVELS,
        compute="_compute_level",
        store=True,
        help="Good (好) 8-10, fair (中) 5-7, poor (差) 0-4, as the area sets.",
    )
    reason = fields.Text(readonly=True)
    scored_by_id = fields.Many2one(
        comodel_name="res.users", string="Scored By", readonly=True
    )
    scored_on = fields.Datetime(readonly=True)
    explanation = fields.Char(
        string="Reason or Basis",
        compute="_compute_explanation",
        help="A scored area: the reason its scorer gave. A computed area: its "
        "KPIs with their scores.",
    )
    can_score = fields.Boolean(compute="_compute_can_score")

    # === COMPUTE METHODS === #

    @api.depends("scorecard_id.name", "area_id.name")
    def _compute_display_name(self):
        for row in self:
            row.display_name = " · ".join(
                filter(None, [row.scorecard_id.name, row.area_id.name])
            )

    @api.depends("has_score", "score")
    def _compute_level(self):
        for row in self:
            row.level = row.has_score and row.area_id._level(row.score)

    @api.depends("kind", "reason", "area_id")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for row in self:
            if row.kind == "manual":
                row.explanation = row.reason or ""
                continue
            lines = row.scorecard_id.line_ids.filtered(
                lambda line, row=row: (
                    line.role == row.role
                    and row.scorecard_id._order_kpi_line_area(
                        line.definition_id, row.role
                    )
                    == row.area_id
                )
            )
            row.explanation = " · ".join(
                f"{line.display_name}: {line.area_score}"
                if line.has_value
                else f"{line.display_name}: –"
                for line in lines
            )

    @api.depends_context("uid")
    def _compute_can_score(self):
        for row in self:
            row.can_score = not row._order_kpi_score_refusal()

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_except_computation(self):
        """Rows are removed only by the computation of an open month."""
        self.scorecard_id._check_not_locked()
        if not self._order_policy_bypassed():
            raise UserError(
                self.env._(
                    "The areas of a scorecard change only when the scorecard is "
                    "computed or an area is scored."
                )
            )

    # === ACTION METHODS === #

    def action_open_score_wizard(self):
        """Open the Score dialog of this manual area."""
        self.ensure_one()
        refusal = self._order_kpi_score_refusal()
        if refusal:
            raise refusal
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Score %(area)s", area=self.area_id.name),
            "res_model": "order.kpi.area.score.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_area_line_id": self.id,
                "default_score": self.score if self.has_score else 0,
                "default_reason": self.reason or "",
            },
        }

    # === BUSINESS METHODS === #

    def _order_kpi_score_refusal(self):
        """The exception refusing the current user the scoring of this area, or
        None: only manual areas of open scorecards, by the person's supervisor
        or a KPI auditor, never by the person scored."""
        self.ensure_one()
        card = self.scorecard_id
        user = self.env.user
        if self.kind != "manual":
            return UserError(
                self.env._(
                    "Area '%(area)s' is computed from the KPIs: recompute the month "
                    "instead of scoring it.",
                    area=self.area_id.name,
                )
            )
        if card.state == "locked":
            return UserError(
                self.env._(
                    "Scorecard %(card)s is locked: a locked month never changes.",
                    card=card.name,
                )
            )
        if user == card.user_id:
            return AccessError(
                self.env._(
                    "Nobody scores his own scorecard: %(area)s of %(card)s is scored "
                    "by your supervisor or a KPI auditor.",
                    area=self.area_id.name,
                    card=card.name,
                )
            )
        if not (
            user.has_group(AUDITOR) or user in card.sudo()._order_kpi_supervisors()
        ):
            return AccessError(
                self.env._(
                    "Only %(person)s's supervisor (sales team leader or manager) or "
                    "a KPI auditor scores %(area)s.",
                    person=card.user_id.name or card.team_id.name,
                    area=self.area_id.name,
                )
            )
        return None

    def _order_kpi_set_score(self, score, reason):
        """Score this manual area (0-10, with a reason) as the current user, and
        rescore its scorecard; refused as ``_order_kpi_score_refusal`` says."""
        self.ensure_one()
        self.check_access("read")
        refusal = self._order_kpi_score_refusal()
        if refusal:
            raise refusal
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not 0 <= score <= 10
        ):
            raise ValidationError(
                self.env._(
                    "Score %(area)s with whole points from 0 to 10 (8-10 good, 5-7 "
                    "fair, 0-4 poor).",
                    area=self.area_id.name,
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                self.env._(
                    "Give the reason of the score of %(area)s: the assessment must "
                    "say why.",
                    area=self.area_id.name,
                )
            )
        # checked above: the scorer is the person's supervisor or an auditor,
        # who may not read every scorecard of the month the ranking rewrites
        row = self.sudo()
        row.write(
            {
                "has_score": True,
                "score": score,
                "reason": reason,
                "scored_by_id": self.env.uid,
                "scored_on": fields.Datetime.now(),
            }
        )
        row.scorecard_id._order_kpi_rescore()
        row.scorecard_id.message_post(
            body=self.env._(
                "%(area)s scored %(score)s/10 by %(user)s: %(reason)s",
                area=self.area_id.name,
                score=score,
                user=self.env.user.name,
                reason=reason,
            )
        )
        return True
