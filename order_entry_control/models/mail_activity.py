# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The approval engine's step activities belong to the engine: marking one
done, editing or cancelling it does not decide the step, so users are told
how to decide instead (the engine removes them itself, as superuser, when
someone decides)."""

from odoo import api, models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        if not self.env.su:
            step = activities._order_step_activities()[:1]
            if step:
                # a forged step would sit in a reviewer's inbox, undecidable
                raise UserError(
                    self.env._(
                        "Activities of type '%(type)s' are the approval steps of "
                        "%(record)s: only its approval schedules them. Schedule "
                        "another type of activity instead.",
                        type=step.activity_type_id.name,
                        record=step.res_name,
                    )
                )
        return activities

    def write(self, vals):
        self._check_order_step_activities()
        return super().write(vals)

    def unlink(self):
        self._check_order_step_activities()
        return super().unlink()

    def _action_done(self, feedback=False, attachment_ids=None):
        self._check_order_step_activities()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _order_step_activities(self):
        """Those of these activities that are approval steps' activities."""
        registry = self.env.registry
        engine_models = self.env["order.review.step"]._approval_models()
        steps = self.browse()
        for model, activities in self.grouped("res_model").items():
            if model in engine_models:
                type_id = self.env["ir.model.data"]._xmlid_to_res_id(
                    registry[model]._approval_activity_type, raise_if_not_found=False
                )
                steps |= activities.filtered(
                    lambda a, t=type_id: a.activity_type_id.id == t
                )
        return steps

    def _check_order_step_activities(self):
        """Refuse users' changes to approval steps' activities."""
        if self.env.su or not self:
            return
        step = self._order_step_activities()[:1]
        if step:
            raise UserError(
                self.env._(
                    "The activity '%(activity)s' is a step of %(record)s's "
                    "approval: marking it done, editing or cancelling it decides "
                    "nothing. Open %(record)s and approve, pass or reject it "
                    "there; the activities close by themselves when someone "
                    "decides.",
                    activity=step.summary or step.activity_type_id.name,
                    record=step.res_name,
                )
            )
