# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .order_milestone_type import MAX_HOURS

TRACKER_GROUP = "order_tracking.group_order_tracker"
MANAGER_GROUP = "order_entry_control.group_order_control_manager"

TRACKER_RULES = [
    ("default", "Team or warehouse default, then rotation among the trackers"),
    ("rotation", "Rotation among the trackers"),
    ("salesperson", "The salesperson"),
]


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "order.field.policy"]

    order_payment_gate = fields.Boolean(
        string="Payment Before Shipping Gate",
        help="Deliveries of pay-before-shipping orders cannot be validated until "
        "the order's invoices are paid (a finance manager can override).",
    )
    order_shipping_notice_hours = fields.Float(
        string="Customer Notice After Shipping (hours)",
        default=24.0,
        help="The customer must be told of a shipment within this many hours.",
    )
    order_rating_valid_days = fields.Integer(
        string="Customer Rating Period (days)",
        default=30,
        help="Customers may rate an order this many days after its delivery, "
        "from the link in the shipping and completion notices; 0 switches "
        "customer ratings off.",
    )
    order_milestone_backdate_hours = fields.Float(
        string="Back-dating Without Reason (working hours)",
        default=8.0,
        help="A milestone logged by hand may be dated at most this many working "
        "hours before the moment it is logged; an earlier date needs a reason, "
        "which the tracking table shows and the scorecard counts.",
    )

    order_tracker_rule = fields.Selection(
        selection=TRACKER_RULES,
        string="Tracker Rule",
        default="default",
        required=True,
        help="Who keeps the tracking table of a released order that names no "
        "tracker. Team or warehouse default: the default tracker of the order's "
        "sales team, else of its warehouse, else the next Order Tracker in turn. "
        "Rotation: the next Order Tracker in turn. The salesperson: the order's "
        "salesperson, else as the default rule. Order Control Managers are not "
        "in the rotation; with nobody to take the order, the managers are asked "
        "to name a tracker.",
    )
    # the rotation's last pick, kept in a PostgreSQL sequence of the company
    # (``_order_tracker_turn``), not in its row: every release would otherwise
    # lock and write the company's row, and concurrent releases fail to
    # serialize and are retried
    order_tracker_last_id = fields.Many2one(
        comodel_name="res.users",
        string="Last Tracker in Turn",
        compute="_compute_order_tracker_last_id",
        inverse="_inverse_order_tracker_last_id",
        readonly=True,
    )
    order_customer_delay = fields.Boolean(
        string="Delay Notice to Customer",
        help="When a delivery milestone (shipped, delivered) of an order goes "
        "late, its customer and salesperson get the delay notice.",
    )
    order_customer_completion = fields.Boolean(
        string="Completion Notice to Customer",
        help="When an order is closed as completed, its customer gets the "
        "completion notice.",
    )

    # === CRUD === #

    def init(self):
        res = super().init()
        self.env.cr.execute(SQL("SELECT id FROM res_company"))
        for (company_id,) in self.env.cr.fetchall():
            self.browse(company_id)._order_tracker_turn_create()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        for company in companies:
            company._order_tracker_turn_create()
        return companies

    def unlink(self):
        names = [company._order_tracker_turn_name() for company in self]
        res = super().unlink()
        for name in names:
            self.env.cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(name)))
        return res

    # === COMPUTE METHODS === #

    def _compute_order_tracker_last_id(self):
        self.filtered(lambda c: not c.id).order_tracker_last_id = False
        for company in self.filtered("id"):
            users = company._order_tracker_rotation_users()
            # no turn yet, or no sequence yet (a company made by SQL): NULL
            self.env.cr.execute(
                SQL(
                    "SELECT pg_sequence_last_value(to_regclass(%s))",
                    company._order_tracker_turn_name(),
                )
            )
            turn = self.env.cr.fetchone()[0]
            company.order_tracker_last_id = (
                users[(turn - 1) % len(users)] if turn and users else False
            )

    def _inverse_order_tracker_last_id(self):
        # the rotation's own pointer: only code writes it (the field policy
        # refuses users); the next turn is the one after this person
        for company in self:
            users = company._order_tracker_rotation_users()
            last = company.order_tracker_last_id
            turn = users.ids.index(last.id) + 1 if last in users else 0
            company._order_tracker_turn_create()
            self.env.cr.execute(
                SQL(
                    "SELECT setval(%s, %s, %s)",
                    company._order_tracker_turn_name(),
                    turn or 1,
                    bool(turn),
                )
            )

    # === BUSINESS METHODS === #

    def _order_tracker_rotation_users(self):
        """The users taking this company's orders in turn: its active internal
        Order Trackers, Order Control Managers excepted (they hold every role),
        by id."""
        self.ensure_one()
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(TRACKER_GROUP).id),
                    ("groups_id", "not in", self.env.ref(MANAGER_GROUP).id),
                    ("share", "=", False),
                    ("company_ids", "in", self.id),
                ],
                order="id",
            )
        )

    def _order_tracker_turn_name(self):
        """The sequence counting this company's turns of the tracker rotation."""
        self.ensure_one()
        return f"order_tracker_turn_{self.id}"

    def _order_tracker_turn_create(self):
        self.env.cr.execute(
            SQL(
                "CREATE SEQUENCE IF NOT EXISTS %s",
                SQL.identifier(self._order_tracker_turn_name()),
            )
        )

    def _order_tracker_next_turn(self):
        """The next turn of this company's tracker rotation (1, 2, …): one
        ``nextval``, which neither locks nor writes the company's row and is
        never given twice, so concurrent releases take turns without waiting
        or failing to serialize. A turn whose release rolls back is lost."""
        self.ensure_one()
        name = self._order_tracker_turn_name()
        # NULL when the sequence is missing (nextval is strict): a cast of
        # the name to regclass would fail before any CASE could test it
        self.env.cr.execute(SQL("SELECT nextval(to_regclass(%s))", name))
        turn = self.env.cr.fetchone()[0]
        if turn is None:
            # a company made without its create (by SQL): its sequence now
            self._order_tracker_turn_create()
            self.env.cr.execute(SQL("SELECT nextval(%s::regclass)", name))
            turn = self.env.cr.fetchone()[0]
        self.invalidate_recordset(["order_tracker_last_id"])
        return turn

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        return super()._order_owned_field_names(vals) | {"order_tracker_last_id"}

    @api.model
    def _order_user_field_names(self):
        # settings of the company's administrators
        return super()._order_user_field_names() | {
            "order_payment_gate",
            "order_shipping_notice_hours",
            "order_milestone_backdate_hours",
            "order_rating_valid_days",
            "order_tracker_rule",
            "order_customer_delay",
            "order_customer_completion",
        }

    # === CONSTRAINT METHODS === #

    @api.constrains("order_rating_valid_days")
    def _check_order_rating_valid_days(self):
        for company in self:
            if not 0 <= company.order_rating_valid_days <= 366:
                raise ValidationError(
                    self.env._(
                        "The customer rating period must be between 0 and 366 days."
                    )
                )

    @api.constrains("order_milestone_backdate_hours")
    def _check_order_milestone_backdate_hours(self):
        for company in self:
            if not 0 <= company.order_milestone_backdate_hours <= MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The back-dating allowance must be between 0 and %(max)s "
                        "working hours.",
                        max=MAX_HOURS,
                    )
                )

    @api.constrains("order_shipping_notice_hours")
    def _check_order_shipping_notice_hours(self):
        for company in self:
            if company.order_shipping_notice_hours < 0:
                raise ValidationError(
                    self.env._("The shipping notice deadline cannot be negative.")
                )
            if company.order_shipping_notice_hours > MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "The shipping notice deadline must be between 0 and "
                        "%(max)s hours.",
                        max=MAX_HOURS,
                    )
                )
