# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Approval of change and closure requests, and their field policy.

The workflow owns a request's number, state, requester and decisions (DESIGN,
principle 10): ``order.field.policy`` refuses them to users' writes, creates,
copies and context defaults, and the actions below write them as the owner
after their own checks. What a request proposes (its content: the user fields
of the policy) is written by its requester, or an Order Control Manager, while
it is a draft; the order it belongs to never changes after its creation.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

REQUEST_ACTIVITY = "order_tracking.mail_activity_type_order_request"
MANAGER_GROUP = "order_entry_control.group_order_control_manager"


class OrderRequestMixin(models.AbstractModel):
    """Approval through activities for change and closure requests: one activity
    per eligible approver with a deadline in working hours, the others' closed
    when one decides, and four eyes (the requester never approves, and nobody
    decides two steps of one request)."""

    _name = "order.request.mixin"
    _inherit = ["order.field.policy"]
    _description = "Order Request Approval Mixin"

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
        return super().create(vals_list)

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
        if self.state != "submitted":
            return False
        approval = self.approval_ids.filtered(lambda a: a.state == "pending")[:1]
        user = self.env.user
        if not approval or user in self._request_deciders():
            return False
        return user in approval.user_ids or (
            approval.group_id and approval.group_id in user.groups_id
        )

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
        self._request_activities().unlink()
        self.approval_ids.filtered(
            lambda a: a.state in ("waiting", "pending")
        ).sudo().write({"state": "cancelled"})
        self._order_as_owner().write({"state": "cancelled"})

    def _get_approval_steps(self):
        """Values of the approval steps this request needs; override to add steps."""
        self.ensure_one()
        company = self.company_id
        return [
            {
                "name": self.env._("Department head approval"),
                "sequence": 10,
                "group_id": self.env.ref(
                    "order_tracking.group_order_department_head"
                ).id,
                "sla_hours": company.order_approval_sla_hours,
            }
        ]

    def _request_lock(self):
        """Lock these requests' rows: concurrent decisions wait for each other."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    def _request_deciders(self):
        """Users barred from this request's open steps (four eyes)."""
        self.ensure_one()
        done = self.approval_ids.filtered(lambda a: a.state == "done")
        return self.requested_by_id | done.decided_by_id

    def _request_candidates(self, approval):
        """Users who may decide ``approval`` of this request."""
        self.ensure_one()
        users = approval.group_id.sudo().users | approval.review_step_id.user_id
        barred = self._request_deciders()
        company = self.company_id
        return users.filtered(
            lambda user: (
                user.active
                and not user.share
                and company in user.company_ids
                and user not in barred
            )
        )

    def _request_start_approvals(self):
        """Create the approval steps of these submitted requests and start the
        first one."""
        for request in self:
            request.approval_ids.filtered(
                lambda a: a.state in ("waiting", "pending")
            ).sudo().write({"state": "cancelled"})
            inverse = request._fields["approval_ids"].inverse_name
            self.env["order.request.approval"].sudo().create(
                [
                    dict(vals, **{inverse: request.id})
                    for vals in request._get_approval_steps()
                ]
            )
            request.invalidate_recordset(["approval_ids"])
            request._request_start_next()

    def _request_start_next(self):
        """Start the next waiting step; return False when none is left."""
        self.ensure_one()
        approval = self.approval_ids.filtered(lambda a: a.state == "waiting")[:1]
        if not approval:
            return False
        users = self._request_candidates(approval)
        if not users:
            raise UserError(
                self.env._(
                    "Nobody can approve step '%(step)s' of %(request)s: add a user "
                    "who did not request it to the group %(group)s.",
                    step=approval.name,
                    request=self.name,
                    group=approval.group_id.name or "-",
                )
            )
        company = self.company_id
        now = fields.Datetime.now()
        deadline = company._order_add_working_hours(now, approval.sla_hours)
        approval.sudo().write(
            {
                "state": "pending",
                "user_ids": [fields.Command.set(users.ids)],
                "started_on": now,
                "deadline": deadline,
            }
        )
        activity_type = self.env.ref(REQUEST_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": self.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._(
                        "%(step)s of %(request)s", step=approval.name, request=self.name
                    ),
                    "date_deadline": company._order_local_date(deadline),
                }
                for user in users
            ]
        )
        return True

    def _request_activities(self):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self.env.ref(REQUEST_ACTIVITY).id),
                ]
            )
        )

    def _request_pending_approval(self):
        """The pending step of this request that the current user may decide."""
        self.ensure_one()
        if self.state != "submitted":
            raise UserError(
                self.env._(
                    "%(request)s is not waiting for approval.", request=self.name
                )
            )
        approval = self.approval_ids.filtered(lambda a: a.state == "pending")[:1]
        user = self.env.user
        if user in self._request_deciders():
            raise AccessError(
                self.env._(
                    "You requested %(request)s or approved one of its steps: another "
                    "person must decide step '%(step)s'.",
                    request=self.name,
                    step=approval.name,
                )
            )
        if user not in approval.user_ids and not (
            approval.group_id and approval.group_id in user.groups_id
        ):
            raise AccessError(
                self.env._(
                    "You are not an approver of step '%(step)s' of %(request)s.",
                    step=approval.name,
                    request=self.name,
                )
            )
        return approval

    def _request_approve(self, comment=None):
        """Approve the pending step as the current user; return the requests
        whose last step this was."""
        self._request_lock()
        finished = self.browse()
        now = fields.Datetime.now()
        for request in self:
            approval = request._request_pending_approval()
            request._request_activities().unlink()
            approval.sudo().write(
                {
                    "state": "done",
                    "decided_by_id": self.env.uid,
                    "decided_on": now,
                    "comment": comment,
                }
            )
            request.message_post(
                body=self.env._(
                    "Step '%(step)s' approved by %(user)s.",
                    step=approval.name,
                    user=self.env.user.name,
                ),
            )
            if not request._request_start_next():
                finished |= request
        return finished

    def _request_reject(self, reason):
        """Reject the pending step as the current user, with ``reason``."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        self._request_lock()
        now = fields.Datetime.now()
        for request in self:
            approval = request._request_pending_approval()
            request._request_activities().unlink()
            approval.sudo().write(
                {
                    "state": "rejected",
                    "decided_by_id": self.env.uid,
                    "decided_on": now,
                    "comment": reason,
                }
            )
            request.approval_ids.filtered(lambda a: a.state == "waiting").sudo().write(
                {"state": "cancelled"}
            )
            request._order_as_owner().write(
                {"state": "rejected", "rejection_reason": reason}
            )
            request.message_post(
                body=self.env._(
                    "Rejected by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                partner_ids=request.requested_by_id.partner_id.ids,
            )
