# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What change and closure requests share: their numbering, who edits what
they propose, and how they plug into the approval engine
(``order.approval.mixin`` of order_entry_control).

The workflow owns a request's number, state, requester and decisions (DESIGN,
principle 10): ``order.field.policy`` refuses them to users' writes, creates,
copies and context defaults, and the actions below write them as the owner
after their own checks. What a request proposes (its content: the user fields
of the policy) is written by its requester, or an Order Control Manager, while
it is a draft; the order it belongs to never changes after its creation.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

REQUEST_ACTIVITY = "order_tracking.mail_activity_type_order_request"
MANAGER_GROUP = "order_entry_control.group_order_control_manager"


class OrderRequestMixin(models.AbstractModel):
    """Change and closure requests: numbered at creation, edited by their
    requester while a draft, approved through the approval engine (the
    department head's step, and for a material change the order's own steps
    again)."""

    _name = "order.request.mixin"
    _inherit = ["order.approval.mixin"]
    _description = "Order Request"
    _approval_activity_type = REQUEST_ACTIVITY

    # Content fields chosen once, at creation (then fixed).
    _order_fixed_fields = frozenset({"order_id"})

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        names = super()._order_owned_field_names(vals)
        if vals is not None:
            # create numbers the request itself, whatever name is given
            names = names - {"name"}
        return names

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        bypassed = self._order_policy_bypassed()
        for vals in vals_list:
            if not bypassed or vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or "/"
        requests = super().create(vals_list)
        # the order may come from the values or from a default of the context
        requests.order_id._order_tracking_check_user_may_change(self._description)
        return requests

    def write(self, vals):
        if not self._order_policy_bypassed():
            self._check_request_content_editable(vals)
        return super().write(vals)

    # === ACTION METHODS === #

    def action_reset_to_draft(self):
        """Edit a rejected or cancelled request again (its requester or an Order
        Control Manager)."""
        if any(request.state not in ("rejected", "cancelled") for request in self):
            raise UserError(
                self.env._("Only rejected or cancelled requests go back to draft.")
            )
        self._check_request_requester()
        self._order_as_owner().write({"state": "draft", "rejection_reason": False})
        return True

    # === BUSINESS METHODS === #

    def _request_is_editor(self):
        """Whether the current user edits this request's content: its requester
        or an Order Control Manager."""
        self.ensure_one()
        user = self.env.user
        return user == self.requested_by_id or user.has_group(MANAGER_GROUP)

    def _check_request_requester(self):
        """Refuse users other than the requester or an Order Control Manager."""
        for request in self:
            if not request._request_is_editor():
                raise AccessError(
                    self.env._(
                        "Only the requester or an Order Control Manager can change "
                        "%(request)s.",
                        request=request.name,
                    )
                )

    def _check_request_content_editable(self, vals):
        """Refuse changes of what these requests propose unless each is a draft
        changed by its requester (or an Order Control Manager); the order of a
        request never changes."""
        fixed = [
            name
            for name in self._order_fixed_fields.intersection(vals)
            if not all(
                request._order_same_value(name, vals[name], request[name])
                for request in self
            )
        ]
        if fixed:
            raise UserError(
                self.env._(
                    "%(fields)s of a request is chosen when it is created: create a "
                    "new request instead.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in fixed
                    ),
                )
            )
        if not self._order_user_field_names().intersection(vals):
            return
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._(
                        "%(request)s has been submitted: what it proposes cannot "
                        "change any more. Cancel it and create a new request.",
                        request=request.name,
                    )
                )
        self._check_request_requester()

    def _request_can_decide(self):
        """Whether the current user may decide the pending step of this request."""
        self.ensure_one()
        return self.state == "submitted" and self.can_review

    def _request_withdraw(self):
        """Cancel these requests and their open steps: their requester or an
        Order Control Manager only."""
        user = self.env.user
        manager = user.has_group(MANAGER_GROUP)
        for request in self:
            if user != request.requested_by_id and not manager:
                raise AccessError(
                    self.env._(
                        "Only the requester or an Order Control Manager can cancel "
                        "%(request)s.",
                        request=request.name,
                    )
                )
        self._approval_cancel()
        self._order_as_owner().write({"state": "cancelled"})

    # === APPROVAL ENGINE HOOKS === #

    def _approval_requesters(self):
        self.ensure_one()
        return self.requested_by_id

    def _approval_order(self):
        self.ensure_one()
        return self.order_id

    def _approval_check_open(self):
        if self.state != "submitted":
            raise UserError(
                self.env._(
                    "%(request)s is not waiting for approval.", request=self.name
                )
            )

    def _approval_state_values(self, next_review):
        if next_review:
            return {}
        return {
            "state": "approved",
            "approved_by_id": self.env.uid,
            "approved_datetime": fields.Datetime.now(),
        }

    def _approval_rejected_values(self, reason):
        return {"state": "rejected", "rejection_reason": reason}
