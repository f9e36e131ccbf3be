# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Absences of the people who decide approval steps, and their substitutes:
a step that reaches an absent user goes to their substitute as well, with the
same deadline (``order.approval.mixin._approval_candidates``). Each user
records their own absences; Order Control Managers record anyone's."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date


class OrderAbsence(models.Model):
    """A user's absence, and who decides their steps meanwhile."""

    _name = "order.absence"
    _inherit = ["order.field.policy"]
    _description = "Approver Absence"
    _order = "date_from desc, id desc"
    _rec_name = "user_id"
    _order_user_fields = frozenset(
        {"user_id", "substitute_id", "date_from", "date_to", "note", "company_id"}
    )

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Absent",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    substitute_id = fields.Many2one(
        comodel_name="res.users",
        string="Substitute",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
        help="Gets the steps that reach the absent person, with the same "
        "deadline. Four eyes hold for the substitute too.",
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="To", required=True)
    note = fields.Char()
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    # === COMPUTE METHODS === #

    @api.depends("user_id.name", "date_from", "date_to")
    def _compute_display_name(self):
        for absence in self:
            absence.display_name = self.env._(
                "%(user)s (%(start)s – %(end)s)",
                user=absence.user_id.name or "",
                start=format_date(self.env, absence.date_from),
                end=format_date(self.env, absence.date_to),
            )

    # === CRUD METHODS === #

    def write(self, vals):
        if "user_id" in vals and not self.env.su:
            # an absence stays its user's: handing one's own absence to
            # someone else would make oneself their substitute
            manager = self.env.user.has_group(
                "order_entry_control.group_order_control_manager"
            )
            if not manager and any(
                absence.user_id.id != vals["user_id"] for absence in self
            ):
                raise AccessError(
                    self.env._(
                        "Only an Order Control Manager can give an absence to "
                        "another person: record a new absence instead."
                    )
                )
        return super().write(vals)

    # === CONSTRAINT METHODS === #

    @api.constrains("user_id", "substitute_id", "date_from", "date_to")
    def _check_absence(self):
        for absence in self:
            if absence.substitute_id == absence.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be their own substitute: choose another "
                        "person.",
                        user=absence.user_id.name,
                    )
                )
            if absence.date_to < absence.date_from:
                raise ValidationError(
                    self.env._(
                        "The absence of %(user)s ends before it starts: check the "
                        "dates.",
                        user=absence.user_id.name,
                    )
                )
            overlap = self.sudo().search(
                [
                    ("id", "!=", absence.id),
                    ("user_id", "=", absence.user_id.id),
                    ("date_from", "<=", absence.date_to),
                    ("date_to", ">=", absence.date_from),
                ],
                limit=1,
            )
            if overlap:
                raise ValidationError(
                    self.env._(
                        "%(user)s is already absent from %(start)s to %(end)s: "
                        "change that absence instead of adding one that overlaps.",
                        user=absence.user_id.name,
                        start=overlap.date_from,
                        end=overlap.date_to,
                    )
                )

    # === BUSINESS METHODS === #

    @api.model
    def _substitutes(self, users, day):
        """{absent user: substitute} of ``users`` absent on ``day``."""
        absences = self.sudo().search(
            [
                ("user_id", "in", users.ids),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
            ]
        )
        return {absence.user_id: absence.substitute_id for absence in absences}
