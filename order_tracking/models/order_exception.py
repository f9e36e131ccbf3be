# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Risk level of each likelihood (rows) and impact (columns) of the risk
# register (regulation 20).
RISK_MATRIX = {
    ("high", "severe"): "high",
    ("high", "major"): "high",
    ("high", "general"): "medium",
    ("medium", "severe"): "high",
    ("medium", "major"): "medium",
    ("medium", "general"): "low",
    ("low", "severe"): "medium",
    ("low", "major"): "low",
    ("low", "general"): "low",
}
OPEN_STATES = ("open", "in_progress")


class OrderException(models.Model):
    """An exception of an order and its entry in the risk register.

    Field policy: users describe and assess an exception; its state (an open
    exception blocks the order's closure) moves through the actions, which its
    owner, the order's tracker, department heads and Order Control Managers
    act. The same people hand it to another owner; its order never changes.
    """

    _name = "order.exception"
    _description = "Order Exception"
    _inherit = ["order.field.policy", "mail.thread", "mail.activity.mixin"]
    _order = "state, date_deadline, id"
    _order_owned_fields = frozenset({"state", "date_resolved"})
    _order_user_fields = frozenset(
        {
            "name",
            "order_id",
            "kind",
            "user_id",
            "date_deadline",
            "likelihood",
            "impact",
            "response",
        }
    )

    name = fields.Char(string="Description", required=True, tracking=True)
    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    kind = fields.Selection(
        selection=[
            ("customer_change", "Customer change"),
            ("stockout", "Stock-out"),
            ("production_delay", "Production delay"),
            ("quality", "Quality problem"),
            ("transport", "Transport damage or loss"),
            ("payment", "Payment problem"),
            ("wrong_goods", "Wrong goods shipped"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Owner", required=True, tracking=True
    )
    date_deadline = fields.Datetime(string="Deadline", tracking=True)
    likelihood = fields.Selection(
        selection=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
        required=True,
        default="medium",
    )
    impact = fields.Selection(
        selection=[("severe", "Severe"), ("major", "Major"), ("general", "General")],
        required=True,
        default="general",
    )
    risk_level = fields.Selection(
        selection=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
        compute="_compute_risk_level",
        store=True,
        readonly=True,
        help="Likelihood x impact: high x severe or major, and medium x severe "
        "are high; low x major or general, and medium x general are low; the "
        "rest is medium.",
    )
    response = fields.Text()
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    date_resolved = fields.Datetime(readonly=True, copy=False)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    tracker_id = fields.Many2one(related="order_id.tracker_id", string="Tracker")

    # === COMPUTE METHODS === #

    @api.depends("order_id.name", "name")
    def _compute_display_name(self):
        for exception in self:
            exception.display_name = " · ".join(
                filter(None, [exception.order_id.name, exception.name])
            )

    @api.depends("likelihood", "impact")
    def _compute_risk_level(self):
        for exception in self:
            exception.risk_level = RISK_MATRIX.get(
                (exception.likelihood, exception.impact), False
            )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("user_id"):
                raise ValidationError(self._owner_missing_message(vals.get("name")))
        exceptions = super().create(vals_list)
        exceptions.order_id._order_tracking_check_user_may_change(self._description)
        for exception in exceptions:
            exception._order_tracking_schedule_owner()
        return exceptions

    def write(self, vals):
        if "user_id" in vals and not vals["user_id"]:
            raise ValidationError(self._owner_missing_message(self[:1].name))
        if not self._order_policy_bypassed():
            if "order_id" in vals and any(
                exception.order_id.id != vals["order_id"] for exception in self
            ):
                raise UserError(
                    self.env._(
                        "An exception stays with its order: log a new exception on "
                        "the other order."
                    )
                )
            if "user_id" in vals and any(
                exception.user_id.id != vals["user_id"] for exception in self
            ):
                self._check_exception_handler()
        if (
            vals.get("state") in ("resolved", "cancelled")
            and "date_resolved" not in vals
        ):
            vals = dict(vals, date_resolved=fields.Datetime.now())
        elif vals.get("state") in OPEN_STATES:
            vals = dict(vals, date_resolved=False)
        res = super().write(vals)
        if vals.get("user_id"):
            for exception in self:
                exception._order_tracking_schedule_owner()
        if vals.get("state") in ("resolved", "cancelled"):
            self.activity_unlink(["mail.mail_activity_data_todo"])
        return res

    # === ACTION METHODS === #

    def action_start(self):
        """Mark these exceptions as being handled."""
        self._check_exception_handler()
        self.filtered(lambda e: e.state == "open")._order_as_owner().write(
            {"state": "in_progress"}
        )
        return True

    def action_resolve(self):
        """Close these exceptions as resolved; the response must be written."""
        missing = self.filtered(lambda e: not (e.response or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the response to exception '%(name)s' before resolving it.",
                    name=missing[0].name,
                )
            )
        self._check_exception_handler()
        self._order_as_owner().write({"state": "resolved"})
        return True

    def action_cancel(self):
        """Close these exceptions without a resolution."""
        self._check_exception_handler()
        self._order_as_owner().write({"state": "cancelled"})
        return True

    # === BUSINESS METHODS === #

    def _exception_handlers(self):
        """Users who handle this exception besides department heads and Order
        Control Managers: its owner and the order's tracker."""
        self.ensure_one()
        return self.user_id | self.order_id.tracker_id

    def _check_exception_handler(self):
        """Refuse users who do not handle these exceptions."""
        self.check_access("write")
        user = self.env.user
        if user.has_group("order_tracking.group_order_department_head"):
            return
        for exception in self:
            if user not in exception._exception_handlers():
                raise AccessError(
                    self.env._(
                        "Exception '%(name)s' is handled by %(owner)s: only they, "
                        "the order's tracker, a department head or an Order Control "
                        "Manager can change its owner or its state.",
                        name=exception.name,
                        owner=exception.user_id.name,
                    )
                )

    def _owner_missing_message(self, name):
        return self.env._(
            "Exception '%(name)s' needs an owner: choose who handles it.",
            name=name or "",
        )

    def _order_tracking_schedule_owner(self):
        """Give the owner of this open exception an activity due at its deadline."""
        self.ensure_one()
        if self.state not in OPEN_STATES or self.user_id.share:
            return
        self.activity_unlink(["mail.mail_activity_data_todo"])
        deadline = self.date_deadline and self.company_id._order_local_date(
            self.date_deadline
        )
        self.env["mail.activity"]._order_schedule(
            [
                (
                    self,
                    self.user_id,
                    lambda env: {
                        "date_deadline": deadline or fields.Date.context_today(self),
                        "summary": env._(
                            "Handle exception of %(order)s: %(name)s",
                            order=self.order_id.name,
                            name=self.name,
                        ),
                    },
                )
            ],
            "mail.mail_activity_data_todo",
        )
