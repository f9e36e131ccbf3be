# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The assessment areas of a role (the tracker's four areas of the
regulation): their weight, their kind (computed from KPIs or scored by a
supervisor) and the levels of their 0-10 scores (configuration)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .order_kpi_definition import ROLES

LEVELS = [("good", "Good (8-10)"), ("fair", "Fair (5-7)"), ("poor", "Poor (0-4)")]


class OrderKpiArea(models.Model):
    """One area of a role's assessment, scored 0-10 and weighted.

    A role with areas is scored on its areas: an area of kind ``kpi`` scores
    the weighted score (on 10, rounded to whole points) of the role's KPIs of
    that area; an area of kind ``manual`` is scored 0-10 with a reason by the
    person's supervisor or the audit group. A role without areas is scored on
    its KPIs directly.
    """

    _name = "order.kpi.area"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order KPI Assessment Area"
    _order = "role, sequence, id"

    # Field policy (order.field.policy): configuration, edited by Order
    # Control managers (access rights); shared areas only by a user allowed
    # in every company (order.shared.config).
    _order_owned_fields = frozenset()
    _order_user_fields = frozenset(
        {
            "name",
            "code",
            "sequence",
            "active",
            "company_id",
            "role",
            "kind",
            "weight",
            "level_good",
            "level_fair",
            "description",
        }
    )

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical name of the area, for reports and data.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use this area in every company that has no area of "
        "its own for the role.",
    )
    role = fields.Selection(selection=ROLES, required=True, default="tracker")
    kind = fields.Selection(
        selection=[("kpi", "Computed from KPIs"), ("manual", "Scored by a supervisor")],
        required=True,
        default="kpi",
        help="Computed: the weighted score of the role's KPIs of this area. "
        "Scored: the person's supervisor (sales team leader or manager) or a KPI "
        "auditor gives 0-10 points with a reason; the month cannot be locked "
        "until it is scored.",
    )
    weight = fields.Float(
        string="Weight (%)",
        default=25.0,
        help="Share of the role's score; the active areas of a role add up to 100 %.",
    )
    level_good = fields.Integer(
        string="Good From", default=8, help="Lowest score of the good level (好)."
    )
    level_fair = fields.Integer(
        string="Fair From",
        default=5,
        help="Lowest score of the fair level (中); below it is poor (差).",
    )
    description = fields.Text(translate=True)
    definition_ids = fields.One2many(
        comodel_name="order.kpi.definition", inverse_name="area_id", string="KPIs"
    )

    # === CONSTRAINT METHODS === #

    @api.constrains("weight", "level_good", "level_fair")
    def _check_area(self):
        for area in self:
            if not 0 <= area.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of area '%(area)s' must be between 0 and 100 %%.",
                        area=area.name,
                    )
                )
            if not 0 < area.level_fair < area.level_good <= 10:
                raise ValidationError(
                    self.env._(
                        "The levels of area '%(area)s' must rise within 0-10: fair "
                        "from %(fair)s < good from %(good)s.",
                        area=area.name,
                        fair=area.level_fair,
                        good=area.level_good,
                    )
                )

    @api.constrains("weight", "role", "active", "company_id")
    def _check_area_weights(self):
        if not self.pool._init:
            self._check_area_weight_totals()

    def _check_area_weight_totals(self):
        """Refuse roles whose active areas do not add up to 100 %."""
        groups = self.sudo()._read_group(
            [("active", "=", True)], ["company_id", "role"], ["weight:sum"]
        )
        roles = dict(self._fields["role"]._description_selection(self.env))
        for company, role, weight in groups:
            if float_compare(weight, 100.0, precision_digits=2):
                where = f" ({company.name})" if company else ""
                raise ValidationError(
                    self.env._(
                        "The weights of the active %(role)s areas%(company)s add "
                        "up to %(total)s %%, not 100 %%.",
                        role=roles[role],
                        company=where,
                        total=round(weight, 2),
                    )
                )

    # === BUSINESS METHODS === #

    @api.model
    def _get_areas(self, company):
        """Active areas that score ``company``: its own per role, else the shared."""
        areas = self.search(
            [("company_id", "in", [company.id, False])], order="role, sequence, id"
        )
        own_roles = set(areas.filtered("company_id").mapped("role"))
        return areas.filtered(lambda a: a.company_id or a.role not in own_roles)

    def _level(self, score):
        """The level (good, fair, poor) of a 0-10 score in this area."""
        self.ensure_one()
        if score >= self.level_good:
            return "good"
        if score >= self.level_fair:
            return "fair"
        return "poor"
