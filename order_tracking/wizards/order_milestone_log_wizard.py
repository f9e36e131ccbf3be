# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class OrderMilestoneLogWizard(models.TransientModel):
    """Log a milestone of an order by hand (the tracker's entry)."""

    _name = "order.milestone.log.wizard"
    _description = "Log Order Milestone"

    order_id = fields.Many2one(comodel_name="sale.order", required=True)
    milestone_id = fields.Many2one(
        comodel_name="order.milestone",
        string="Milestone",
        required=True,
        domain="[('order_id', '=', order_id), ('date_actual', '=', False), "
        "('type_id.event', '=', 'manual')]",
    )
    date_actual = fields.Datetime(
        string="Done On", required=True, default=fields.Datetime.now
    )
    note = fields.Char()
    backdate_reason = fields.Char(
        string="Reason for the Earlier Date",
        help="Needed when the milestone is dated earlier than the company allows "
        "without a reason (Settings, in working hours before now).",
    )
    needs_backdate_reason = fields.Boolean(compute="_compute_needs_backdate_reason")
    code = fields.Char(related="milestone_id.code")
    feedback_score = fields.Integer(
        string="Customer Satisfaction (%)",
        help="Score from 0 to 100 given by the customer's feedback.",
    )

    @api.depends("date_actual", "order_id")
    def _compute_needs_backdate_reason(self):
        now = fields.Datetime.now()
        for wizard in self:
            wizard.needs_backdate_reason = wizard._is_backdated(now)

    def _is_backdated(self, now):
        """Dated earlier than the company allows without a reason."""
        self.ensure_one()
        company = self.order_id.company_id
        if not (self.date_actual and company) or self.date_actual >= now:
            return False
        return (
            company._order_working_hours_between(self.date_actual, now)
            > company.order_milestone_backdate_hours
        )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        milestone_id = self.env.context.get("default_milestone_id")
        if milestone_id and not values.get("order_id"):
            values["order_id"] = (
                self.env["order.milestone"].browse(milestone_id).order_id.id
            )
        return values

    def action_log(self):
        """Complete the milestone with the date and note given."""
        self.ensure_one()
        milestone = self.milestone_id
        milestone.check_access("write")
        if milestone.order_id != self.order_id:
            raise UserError(
                self.env._(
                    "Choose a milestone of order %(order)s.", order=self.order_id.name
                )
            )
        if milestone.type_id.event != "manual":
            raise UserError(
                self.env._(
                    "Milestone '%(milestone)s' is recorded by Odoo itself from the "
                    "order's transfers, invoices and payments.",
                    milestone=milestone.type_id.name,
                )
            )
        if self.date_actual > fields.Datetime.now():
            raise UserError(
                self.env._(
                    "Milestone '%(milestone)s' cannot be logged as done in the "
                    "future (%(date)s).",
                    milestone=milestone.type_id.name,
                    date=milestone.company_id._order_local_text(self.date_actual),
                )
            )
        now = fields.Datetime.now()
        reason = (self.backdate_reason or "").strip()
        company = milestone.company_id
        backdated = self._is_backdated(now)
        if backdated and not reason:
            allowed = f"{company.order_milestone_backdate_hours:g}"
            raise UserError(
                self.env._(
                    "Milestone '%(milestone)s' is dated %(date)s, more than %(hours)s "
                    "working hours before now: give the reason for the earlier date, "
                    "or date it later.",
                    milestone=milestone.type_id.name,
                    date=format_datetime(self.env, self.date_actual, dt_format="short"),
                    hours=allowed,
                )
            )
        if milestone.code == "feedback" and not 0 <= self.feedback_score <= 100:
            raise UserError(
                self.env._("The customer satisfaction is a score from 0 to 100.")
            )
        vals = {
            "date_actual": self.date_actual,
            "user_id": self.env.uid,
            "actual_source": "typed",
            "logged_on": now,
            "backdate_reason": reason if backdated else False,
        }
        if self.note:
            vals["note"] = self.note
        # the milestone's dates are the system's: written here, after the checks
        milestone._order_as_owner().write(vals)
        order = milestone.order_id
        if milestone.code == "feedback":
            order._order_as_owner().customer_feedback_score = self.feedback_score
        order.message_post(
            body=self.env._(
                "Milestone '%(milestone)s' logged by %(user)s: done on %(date)s.",
                milestone=milestone.type_id.name,
                user=self.env.user.name,
                date=milestone.company_id._order_local_text(self.date_actual),
            )
            + (f" {self.note}" if self.note else "")
            + (
                " " + self.env._("Dated earlier because: %(reason)s", reason=reason)
                if backdated
                else ""
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
