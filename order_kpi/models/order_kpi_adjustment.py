# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Penalties and spot checks on scorecards, recorded by the audit group or,
for the fines per review error, by the monthly computation."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Set as ``order_kpi_automatic`` in the context by the scorecard computation
# when it records or removes its automatic fines. An RPC client sends JSON,
# and no JSON value is this object.
AUTOMATIC = object()


class OrderKpiAdjustment(models.Model):
    """A penalty (a fine) or a spot-check adjustment (points) on a scorecard."""

    _name = "order.kpi.adjustment"
    _inherit = ["order.field.policy"]
    _description = "Order KPI Penalty or Spot Check"
    _order = "scorecard_id, date desc, id"

    # Field policy (order.field.policy): the audit group records a penalty or
    # a spot check with its reason; who recorded it, and whether the
    # computation did, are stamps. An automatic fine (a fine per review error)
    # belongs to the computation as a whole: see _order_owned_field_names.
    _order_owned_fields = frozenset({"company_id", "user_id", "automatic"})
    _order_user_fields = frozenset(
        {"scorecard_id", "kind", "amount", "points", "reason", "order_id", "date"}
    )

    scorecard_id = fields.Many2one(
        comodel_name="order.kpi.scorecard",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="scorecard_id.currency_id")
    kind = fields.Selection(
        selection=[("penalty", "Penalty"), ("spot_check", "Spot check")],
        required=True,
        default="spot_check",
    )
    amount = fields.Monetary(string="Fine", help="Money withheld (penalties).")
    points = fields.Float(
        digits=(16, 2),
        help="Points added to the total score (negative to deduct), spot checks.",
    )
    reason = fields.Text(required=True)
    order_id = fields.Many2one(
        comodel_name="sale.order", string="Checked Order", index="btree_not_null"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    automatic = fields.Boolean(
        readonly=True, help="Recorded by the computation (fines per review error)."
    )

    # === COMPUTE METHODS === #

    @api.depends("scorecard_id.name", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for adjustment in self:
            adjustment.display_name = " · ".join(
                filter(None, [adjustment.scorecard_id.name, kinds.get(adjustment.kind)])
            )

    # === CONSTRAINT METHODS === #

    @api.constrains("reason", "kind", "amount", "points")
    def _check_reason(self):
        for adjustment in self:
            if not (adjustment.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason of every penalty and spot check: the "
                        "audit group's records must say why."
                    )
                )
            if adjustment.kind == "penalty" and adjustment.amount < 0:
                raise ValidationError(
                    self.env._("A fine cannot be negative; record a spot check.")
                )

    # === POLICY === #

    def _order_owned_field_names(self, vals=None):
        """An automatic fine is the computation's: none of its fields is the
        user's."""
        names = super()._order_owned_field_names(vals)
        if (vals or {}).get("automatic") or any(self.mapped("automatic")):
            names |= self._order_user_field_names()
        return names

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not (vals.get("reason") or "").strip():
                # say what is missing, instead of the database's NOT NULL error
                vals["reason"] = " "
        adjustments = super().create(vals_list)
        adjustments._check_editable()
        if not self._order_kpi_automatic():
            adjustments.scorecard_id._order_kpi_update_ranks()
        return adjustments

    def write(self, vals):
        self._check_editable()
        res = super().write(vals)
        if "scorecard_id" in vals:
            self._check_editable()
        self.scorecard_id._order_kpi_update_ranks()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_editable()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_automatic(self):
        automatic = self.filtered("automatic")
        if automatic and not (self._order_kpi_automatic() or self.env.su):
            raise UserError(
                self.env._(
                    "%(fines)s: an automatic fine per review error is removed "
                    "only by recomputing its scorecard.",
                    fines=", ".join(automatic.mapped("reason")),
                )
            )

    def unlink(self):
        cards = self.scorecard_id
        res = super().unlink()
        if not self._order_kpi_automatic():
            cards.exists()._order_kpi_update_ranks()
        return res

    # === BUSINESS METHODS === #

    def _order_kpi_automatic(self):
        """Whether the scorecard computation is recording its automatic fines
        (set by server code only: see ``AUTOMATIC``)."""
        return self.env.context.get("order_kpi_automatic") is AUTOMATIC

    def _check_editable(self):
        """Refuse changes on locked scorecards, and by others than auditors."""
        self.scorecard_id._check_not_locked()
        if not self._order_kpi_automatic() and not self.env.su:
            self.scorecard_id._check_kpi_auditor()
            if self.env.user in self.scorecard_id.user_id:
                raise AccessError(
                    self.env._(
                        "Another auditor records the adjustments of your own scorecard."
                    )
                )
