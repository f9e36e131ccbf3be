# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KPI values of a scorecard, as the computation found them."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .order_kpi_definition import ROLES, TYPED_INPUTS


class OrderKpiScorecardLine(models.Model):
    """One KPI of one scorecard: its value, target, weight and area score.

    A snapshot taken when the scorecard is computed, so that a locked month
    keeps its figures whatever happens to the orders or the KPI definitions.
    """

    _name = "order.kpi.scorecard.line"
    _inherit = ["order.field.policy"]
    _description = "Order KPI Scorecard Line"
    _order = "scorecard_id, role, sequence, id"

    # Field policy (order.field.policy): a line is a snapshot written by the
    # scorecard computation only; no field of it is the user's.
    _order_owned_fields = frozenset(
        {
            "scorecard_id",
            "company_id",
            "month",
            "scope",
            "user_id",
            "team_id",
            "definition_id",
            "name",
            "role",
            "has_value",
            "value",
            "sample_count",
            "target",
            "weight",
            "area_score",
            "typed_count",
            "backdated_count",
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
    # precomputed: written by the lines' INSERT, not by one more UPDATE per
    # hundred lines (the computation creates a line per person and KPI)
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, index=True, precompute=True
    )
    month = fields.Date(related="scorecard_id.month", store=True, precompute=True)
    scope = fields.Selection(related="scorecard_id.scope", store=True, precompute=True)
    user_id = fields.Many2one(
        related="scorecard_id.user_id", store=True, precompute=True
    )
    team_id = fields.Many2one(
        related="scorecard_id.team_id", store=True, precompute=True
    )
    definition_id = fields.Many2one(
        comodel_name="order.kpi.definition",
        string="KPI",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    sequence = fields.Integer(related="definition_id.sequence")
    unit = fields.Char(related="definition_id.unit")
    # a snapshot of the KPI's name in every language (_order_kpi_snapshot_names)
    name = fields.Char(string="KPI Name", readonly=True, translate=True)
    role = fields.Selection(selection=ROLES, readonly=True)
    has_value = fields.Boolean(
        string="Counted",
        readonly=True,
        help="Something was counted for this KPI this month; a KPI without "
        "value does not weigh in the score.",
    )
    value = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    sample_count = fields.Integer(
        string="Orders Counted",
        readonly=True,
        help="How many orders (or decisions, milestones) this KPI counted this "
        "month. Entry timeliness counts only the orders whose receipt time is "
        "known: entered by the clerk, or the system's time for web shop and "
        "portal orders.",
    )
    target = fields.Float(digits=(16, 2), readonly=True)
    weight = fields.Float(string="Weight (%)", readonly=True)
    area_score = fields.Integer(readonly=True, aggregator="avg", help="0 to 10 points.")
    typed_count = fields.Integer(
        string="Typed Inputs",
        readonly=True,
        help="Inputs of this KPI typed by a person (a milestone's actual date "
        "logged by hand, a rating recorded by staff) rather than recorded from a "
        "document (transfer, invoice, payment, the customer's own rating).",
    )
    backdated_count = fields.Integer(
        string="Back-dated",
        readonly=True,
        help="Typed actual dates earlier than the company allows without a "
        "reason, logged with one.",
    )
    typed_share = fields.Float(
        string="Typed (%)",
        compute="_compute_typed_share",
        digits=(16, 1),
        help="Typed inputs out of the inputs counted.",
    )
    typed_summary = fields.Char(
        string="Typed by Hand",
        compute="_compute_typed_share",
        help="How many of the KPI's inputs were typed by a person, out of the "
        "inputs counted, and how many typed dates were back-dated with a reason.",
    )

    # === COMPUTE METHODS === #

    @api.depends("typed_count", "backdated_count", "sample_count", "definition_id")
    @api.depends_context("lang")
    def _compute_typed_share(self):
        for line in self:
            counted = line.sample_count
            typed = line.typed_count
            line.typed_share = 100.0 * typed / counted if counted else 0.0
            if line.definition_id.formula not in TYPED_INPUTS or not counted:
                line.typed_summary = ""
                continue
            share = f"{line.typed_share:.0f}"
            backdated = line.backdated_count
            summary = self.env._(
                "typed %(typed)s / %(counted)s (%(share)s %%)",
                typed=typed,
                counted=counted,
                share=share,
            )
            if backdated:
                summary += self.env._(
                    " · %(count)s back-dated with a reason", count=backdated
                )
            line.typed_summary = summary

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_except_computation(self):
        """Lines are removed only by the computation of an open month."""
        self.scorecard_id._check_not_locked()
        if not self._order_policy_bypassed():
            raise UserError(
                self.env._(
                    "The KPI values of a scorecard change only when the scorecard "
                    "is computed."
                )
            )

    # === BUSINESS METHODS === #

    def _order_kpi_snapshot_names(self):
        """Copy the KPI's name in every language onto these lines, in one query,
        so that each reader reads the line in his language (the snapshot keeps
        the names of a locked month whatever happens to the KPI)."""
        if not self:
            return self
        self.env["order.kpi.definition"].flush_model(["name"])
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                UPDATE order_kpi_scorecard_line line
                   SET name = definition.name
                  FROM order_kpi_definition definition
                 WHERE definition.id = line.definition_id
                   AND line.id IN %s
                """,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["name"])
        return self
