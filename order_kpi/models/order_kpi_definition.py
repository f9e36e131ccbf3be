# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KPIs of the assessment: what each counts, its target, thresholds and
weight (configuration, shared between companies when it has no company)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..tools import scoring

# formula: (role it usually scores, higher is better, unit)
FORMULAS = {
    "entry_accuracy": ("clerk", True, "%"),
    "entry_timeliness": ("clerk", True, "%"),
    "cycle_time": ("clerk", False, "h"),
    "confirmation_accuracy": ("reviewer", True, "%"),
    "review_timeliness": ("reviewer", True, "%"),
    "on_time_delivery": ("tracker", True, "%"),
    "satisfaction": ("tracker", True, "%"),
    "tracking_execution": ("tracker", True, "%"),
    "processing_timeliness": ("clerk", True, "%"),
    "shipping_accuracy": ("warehouse", True, "%"),
    "problem_solving": ("tracker", True, "%"),
}
# formula: (statistic of its inputs typed by a person, of its back-dated
# actuals): the KPIs whose inputs a person may type instead of a document.
TYPED_INPUTS = {
    "on_time_delivery": ("delivery_typed", "delivery_backdated"),
    "satisfaction": ("rated_typed", None),
    "tracking_execution": ("milestones_typed", "milestones_backdated"),
}
ROLES = [
    ("clerk", "Order entry"),
    ("reviewer", "Review"),
    ("tracker", "Tracking"),
    ("warehouse", "Warehouse"),
]
# The range of a KPI's target and thresholds, by unit.
VALUE_RANGES = {"%": (0, 100), "h": (0, 1000)}
# Set as ``order_kpi_defer_weight_check`` in the context by Set Weights, which
# checks each role's total once after writing every weight. An RPC client
# sends JSON, and no JSON value is this object.
DEFER_WEIGHT_CHECK = object()


class OrderKpiDefinition(models.Model):
    """One KPI of the assessment (考核): what it counts, its target and weight."""

    _name = "order.kpi.definition"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order KPI Definition"
    _order = "role, sequence, id"

    # Field policy (order.field.policy): a definition is configuration, all
    # of it edited by Order Control managers (access rights); one without a
    # company only by a user allowed in every company (order.shared.config).
    # A scorecard keeps its own copy of what it was scored on (its lines).
    _order_owned_fields = frozenset()
    _order_user_fields = frozenset(
        {
            "name",
            "sequence",
            "active",
            "company_id",
            "description",
            "formula",
            "role",
            "weight",
            "target",
            "threshold_good",
            "threshold_pass",
            "threshold_zero",
            "area_id",
        }
    )

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use this KPI in every company that has no KPI of "
        "its own for the role.",
    )
    description = fields.Text(translate=True)
    formula = fields.Selection(
        selection=[
            ("entry_accuracy", "Entry accuracy"),
            ("entry_timeliness", "Entry timeliness"),
            ("cycle_time", "Processing cycle time"),
            ("confirmation_accuracy", "Confirmation accuracy"),
            ("review_timeliness", "Review timeliness"),
            ("on_time_delivery", "On-time delivery"),
            ("satisfaction", "Customer satisfaction"),
            ("tracking_execution", "Tracking execution"),
            ("processing_timeliness", "Processing timeliness"),
            ("shipping_accuracy", "Shipping accuracy"),
            ("problem_solving", "Problem solving"),
        ],
        required=True,
        help="What the KPI counts: the orders of the month (by business date); "
        "processing timeliness, the orders confirmed in the month; shipping "
        "accuracy, the deliveries validated in the month.",
    )
    role = fields.Selection(
        selection=ROLES,
        required=True,
        help="Whose scorecard this KPI scores: who entered the order, who "
        "decided its review steps, its tracker, or who validated the delivery.",
    )
    unit = fields.Char(compute="_compute_unit")
    higher_is_better = fields.Boolean(compute="_compute_unit")
    weight = fields.Float(
        string="Weight (%)",
        default=0.0,
        help="Share of the role's score (of its area's score when the KPI has an "
        "assessment area); the active KPIs of a role, or of an area, add up to "
        "100 %.",
    )
    target = fields.Float(help="Value that scores 10 points.")
    threshold_good = fields.Float(
        string="Good From", help="Value that scores 8 points (band 8-10)."
    )
    threshold_pass = fields.Float(
        string="Pass From", help="Value that scores 5 points (band 5-7)."
    )
    threshold_zero = fields.Float(
        string="Zero At", help="Value that scores 0 points (band 0-4 above it)."
    )
    current_value = fields.Float(
        string="This Month",
        compute="_compute_current_value",
        digits=(16, 1),
        help="Value over this month's orders of the current company.",
    )
    current_count = fields.Integer(string="Counted", compute="_compute_current_value")
    current_score = fields.Integer(
        string="Area Score", compute="_compute_current_value"
    )
    current_has_data = fields.Boolean(compute="_compute_current_value")
    area_id = fields.Many2one(
        comodel_name="order.kpi.area",
        string="Assessment Area",
        domain="[('role', '=', role), ('kind', '=', 'kpi')]",
        index="btree_not_null",
        help="The area of the role's assessment this KPI scores in (the "
        "tracker's execution tracking, problem solving). Weights add up to "
        "100 % within an area; a KPI without an area scores in the role's first "
        "computed area.",
    )

    # === COMPUTE METHODS === #

    @api.depends("formula")
    def _compute_unit(self):
        for definition in self:
            _role, higher, unit = FORMULAS.get(definition.formula, (None, True, "%"))
            definition.unit = unit
            definition.higher_is_better = higher

    @api.depends_context("company")
    def _compute_current_value(self):
        company = self.env.company
        month = fields.Date.context_today(self).replace(day=1)
        stats = self.env["order.kpi.scorecard"]._order_kpi_stats(company, month)
        totals = stats.get(("company", False), {})
        for definition in self:
            value, count = definition._kpi_value(totals)
            definition.current_has_data = value is not None
            definition.current_value = value or 0.0
            definition.current_count = count
            definition.current_score = definition._area_score(value, company) or 0

    # === CONSTRAINT METHODS === #

    @api.constrains(
        "target", "threshold_good", "threshold_pass", "threshold_zero", "formula"
    )
    def _check_thresholds(self):
        for definition in self:
            values = [
                definition.threshold_zero,
                definition.threshold_pass,
                definition.threshold_good,
                definition.target,
            ]
            signed = values if definition.higher_is_better else [-v for v in values]
            zero, passing, good, target = signed
            if not zero < passing < good <= target:
                raise ValidationError(definition._threshold_message())
            low, high = VALUE_RANGES.get(definition.unit, VALUE_RANGES["%"])
            if not all(low <= value <= high for value in values):
                raise ValidationError(
                    self.env._(
                        "The target and thresholds of KPI '%(kpi)s' must be "
                        "between %(low)s and %(high)s %(unit)s.",
                        kpi=definition.name,
                        low=low,
                        high=high,
                        unit=definition.unit,
                    )
                )

    @api.constrains("weight", "role", "active", "company_id", "area_id")
    def _check_weights(self):
        for definition in self:
            if definition.weight < 0 or definition.weight > 100:
                raise ValidationError(
                    self.env._(
                        "The weight of KPI '%(kpi)s' must be between 0 and 100 %%.",
                        kpi=definition.name,
                    )
                )
        if not self._order_kpi_weight_totals_deferred():
            self._check_weight_totals()

    def _order_kpi_weight_totals_deferred(self):
        """Whether the role totals are checked later: by Set Weights, once it
        has written every weight (``DEFER_WEIGHT_CHECK``, which no client can
        send), or while a module's data loads, one KPI after another (the data
        file checks the totals at its end)."""
        deferred = self.env.context.get("order_kpi_defer_weight_check")
        return deferred is DEFER_WEIGHT_CHECK or self.pool._init

    def _check_weight_totals(self):
        """Refuse roles whose active KPIs do not add up to 100 %."""
        groups = self.sudo()._read_group(
            [("active", "=", True)], ["company_id", "role", "area_id"], ["weight:sum"]
        )
        roles = dict(self._fields["role"]._description_selection(self.env))
        for company, role, area, weight in groups:
            if float_compare(weight, 100.0, precision_digits=2):
                where = f" ({company.name})" if company else ""
                where = f" ({area.name}){where}" if area else where
                raise ValidationError(
                    self.env._(
                        "The weights of the active %(role)s KPIs%(company)s add up "
                        "to %(total)s %%, not 100 %%. Change them together with "
                        "Set Weights.",
                        role=roles[role],
                        company=where,
                        total=round(weight, 2),
                    )
                )

    def _threshold_message(self):
        self.ensure_one()
        if self.higher_is_better:
            return self.env._(
                "The thresholds of KPI '%(kpi)s' must rise: zero at %(zero)s < "
                "pass from %(passing)s < good from %(good)s <= target %(target)s.",
                kpi=self.name,
                zero=self.threshold_zero,
                passing=self.threshold_pass,
                good=self.threshold_good,
                target=self.target,
            )
        return self.env._(
            "The thresholds of KPI '%(kpi)s' must fall (lower is better): zero at "
            "%(zero)s > pass from %(passing)s > good from %(good)s >= target "
            "%(target)s.",
            kpi=self.name,
            zero=self.threshold_zero,
            passing=self.threshold_pass,
            good=self.threshold_good,
            target=self.target,
        )

    # === ONCHANGE METHODS === #

    @api.onchange("formula")
    def _onchange_formula(self):
        if self.formula and not self.role:
            self.role = FORMULAS[self.formula][0]

    # === ACTION METHODS === #

    def action_open_trend(self):
        """Monthly values of this KPI, from the team scorecards."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_kpi.order_kpi_scorecard_line_action_trend"
        )
        action["domain"] = [("definition_id", "=", self.id)]
        action["display_name"] = self.name
        return action

    # === BUSINESS METHODS === #

    def _get_target(self, company):
        """The value that scores 10; override for company-specific targets.

        Entry accuracy uses the company's Entry Accuracy Target (never below
        the KPI's own good threshold).
        """
        self.ensure_one()
        if self.formula == "entry_accuracy" and company:
            return max(company.order_kpi_entry_accuracy_target, self.threshold_good)
        return self.target

    def _area_score(self, value, company):
        """The 0-10 area score of ``value``, None without a value."""
        self.ensure_one()
        return scoring.area_score(
            value,
            self._get_target(company),
            self.threshold_good,
            self.threshold_pass,
            self.threshold_zero,
            self.higher_is_better,
        )

    def _kpi_value(self, stats):
        """The KPI's value and sample size from aggregated statistics.

        ``stats`` is one entry of ``order.kpi.scorecard._order_kpi_stats``.
        Returns ``(None, 0)`` when nothing was counted.
        """
        self.ensure_one()
        numerator, denominator, ratio = {
            "entry_accuracy": ("accurate", "reviewed", 100.0),
            "entry_timeliness": ("entered_on_time", "entry_due", 100.0),
            "cycle_time": ("cycle_hours", "released", 1.0),
            "confirmation_accuracy": ("passes_ok", "passes", 100.0),
            "review_timeliness": ("decisions_on_time", "decisions", 100.0),
            "on_time_delivery": ("delivered_on_time", "delivery_due", 100.0),
            "satisfaction": ("satisfaction", "rated", 1.0),
            "tracking_execution": ("milestones_on_time", "milestones_due", 100.0),
            "processing_timeliness": ("processed_on_time", "processed", 100.0),
            "shipping_accuracy": ("deliveries_accurate", "deliveries", 100.0),
            "problem_solving": ("exceptions_solved", "exceptions_due", 100.0),
        }[self.formula]
        count = stats.get(denominator) or 0
        if not count:
            return None, 0
        return round(ratio * (stats.get(numerator) or 0.0) / count, 2), count

    def _kpi_inputs(self, stats):
        """How many of the KPI's inputs a person typed rather than a document
        recorded, and how many typed actuals were back-dated with a reason, from
        aggregated statistics; ``(0, 0)`` for a KPI whose inputs are never typed."""
        self.ensure_one()
        typed, backdated = TYPED_INPUTS.get(self.formula, (None, None))
        return (stats.get(typed) or 0 if typed else 0), (
            stats.get(backdated) or 0 if backdated else 0
        )

    @api.model
    def _get_definitions(self, company):
        """Active KPIs that score ``company``: its own per role, else the shared."""
        definitions = self.search(
            [("company_id", "in", [company.id, False])], order="role, sequence, id"
        )
        own_roles = set(definitions.filtered("company_id").mapped("role"))
        return definitions.filtered(lambda d: d.company_id or d.role not in own_roles)
