# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The intake data of sale.order that the entry regulation lists: an honest
receipt time (entered for orders a person received, the system's own for web
shop and portal orders), the order taker (拿单人), a delivery date range and
the customer's special requests for the driver; and what of them a
submission requires.

The channels' policies live in order.channel.policy; the intake fields the
clerk sees first, next to the customer on the quotation form (received time,
channel, order taker), are declared with the order in sale_order.py.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

# Stored computed fields that users still edit (their computes are defaults).
INTAKE_EDITABLE_FIELDS = frozenset({"received_datetime", "order_taker_id"})
INTAKE_USER_FIELDS = frozenset({"commitment_date_end", "special_requests"})


class SaleOrder(models.Model):
    _inherit = "sale.order"

    commitment_date_end = fields.Datetime(
        string="Latest Delivery Date",
        copy=False,
        tracking=True,
        help="With a delivery date range: the last day the customer accepts "
        "delivery. The delivery date is then the earliest one.",
    )
    special_requests = fields.Text(
        help="The customer's special requests (delivery time window, packing, "
        "unloading...): printed on the delivery slip for the driver.",
    )
    received_by_person = fields.Boolean(
        compute="_compute_channel_policy",
        help="Technical: a person receives orders of this channel, so the "
        "receipt time is entered.",
    )
    customer_document = fields.Boolean(
        compute="_compute_channel_policy",
        help="Technical: orders of this channel come with a customer document "
        "stating a total.",
    )

    # === COMPUTE METHODS === #

    @api.depends("entry_channel", "company_id")
    def _compute_channel_policy(self):
        Policy = self.env["order.channel.policy"]
        for order in self:
            order.received_by_person, order.customer_document = (
                Policy._get_policy_values(
                    order.entry_channel, order.company_id or self.env.company
                )
            )

    @api.depends("entry_channel", "company_id")
    def _compute_received_datetime(self):
        """The system's time for channels it receives itself; otherwise what
        the clerk enters (empty until then)."""
        for order in self:
            if order.entry_channel and not order.received_by_person:
                order.received_datetime = (
                    order.entered_datetime or fields.Datetime.now()
                )
            else:
                order.received_datetime = order.received_datetime

    @api.depends("user_id")
    def _compute_order_taker_id(self):
        """The salesperson took the order, unless the clerk names someone else."""
        for order in self:
            order.order_taker_id = order.user_id or order.order_taker_id

    # === CONSTRAINT METHODS === #

    @api.constrains("received_datetime", "entered_datetime")
    def _check_received_datetime(self):
        now = fields.Datetime.now()
        for order in self.filtered("received_datetime"):
            received = order.received_datetime
            if received > now:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s: the received time %(received)s is in the "
                        "future. Enter when the order actually reached the company.",
                        order=order.name,
                        received=format_datetime(self.env, received),
                    )
                )
            if order.entered_datetime and received > order.entered_datetime:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s: the received time %(received)s is later "
                        "than its entry %(entered)s. An order is received before it "
                        "is entered: correct the received time.",
                        order=order.name,
                        received=format_datetime(self.env, received),
                        entered=format_datetime(self.env, order.entered_datetime),
                    )
                )

    @api.constrains("commitment_date", "commitment_date_end")
    def _check_delivery_date_range(self):
        for order in self:
            start, end = order.commitment_date, order.commitment_date_end
            if end and not start:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s: a latest delivery date needs a delivery "
                        "date (the earliest one) too.",
                        order=order.name,
                    )
                )
            if end and end < start:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s: the latest delivery date %(end)s is before "
                        "the delivery date %(start)s. Enter the earliest date first "
                        "and the latest one after it.",
                        order=order.name,
                        end=format_datetime(self.env, end),
                        start=format_datetime(self.env, start),
                    )
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._order_stamp_system_receipt()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if {"entry_channel", "received_datetime", "company_id"}.intersection(vals):
            self._order_stamp_system_receipt()
        return res

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        # computed defaults that users edit are not owned by the workflow
        return super()._order_owned_field_names(vals) - INTAKE_EDITABLE_FIELDS

    @api.model
    def _order_user_field_names(self):
        return super()._order_user_field_names() | INTAKE_USER_FIELDS

    # === BUSINESS METHODS === #

    def _check_can_submit(self):
        """Refuse too the submission of an order whose intake is incomplete."""
        res = super()._check_can_submit()
        missing = self._get_missing_intake_fields()
        if missing:
            raise UserError(
                self.env._(
                    "Order %(order)s cannot be submitted yet: fill in %(fields)s "
                    "(intake, next to the customer).",
                    order=self.name,
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in missing
                    ),
                )
            )
        return res

    def _get_missing_intake_fields(self):
        """Names of the intake fields this order still needs before submission;
        override to require more."""
        self.ensure_one()
        missing = []
        if self.received_by_person and not self.received_datetime:
            missing.append("received_datetime")
        if not self.order_taker_id:
            missing.append("order_taker_id")
        return missing

    def _order_stamp_system_receipt(self):
        """Web shop and portal orders were received when they were entered: the
        system's time stands, whatever a client sent."""
        for order in self:
            if order.received_by_person or not order.entered_datetime:
                continue
            if order.received_datetime != order.entered_datetime:
                order.sudo().write({"received_datetime": order.entered_datetime})

    def _order_latest_delivery(self):
        """The last moment delivery is accepted: the range's end, else the date."""
        self.ensure_one()
        return self.commitment_date_end or self.commitment_date
