# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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
    code = fields.Char(related="milestone_id.code")
    feedback_score = fields.Integer(
        string="Customer Satisfaction (%)",
        help="Score from 0 to 100 given by the customer's feedback.",
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
                    date=fields.Datetime.to_string(self.date_actual),
                )
            )
        if milestone.code == "feedback" and not 0 <= self.feedback_score <= 100:
            raise UserError(
                self.env._("The customer satisfaction is a score from 0 to 100.")
            )
        vals = {"date_actual": self.date_actual, "user_id": self.env.uid}
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
                date=fields.Datetime.to_string(self.date_actual),
            )
            + (f" {self.note}" if self.note else ""),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
