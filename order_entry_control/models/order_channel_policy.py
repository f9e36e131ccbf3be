# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The intake policy of each entry channel (order.channel.policy): whether a
person receives the order (its receipt time is then entered by the clerk), and
whether it comes with a customer document that states a total.

One record per channel is shipped without a company (shared by every
company); a company's own record for a channel takes its place there. A
channel without any record keeps the regulation's reading: web shop and
portal orders carry the system's time and no customer document, every other
channel is received by a person and comes with a document.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Channels whose orders the system receives itself (its time is the receipt).
SYSTEM_CHANNELS = ("web", "portal")


class OrderChannelPolicy(models.Model):
    """How orders of one entry channel are received."""

    _name = "order.channel.policy"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order Entry Channel Policy"
    _order = "channel, company_id, id"
    _order_user_fields = frozenset(
        {"channel", "company_id", "active", "received_by_person", "customer_document"}
    )

    channel = fields.Selection(
        selection=lambda self: (
            self.env["sale.order"]
            ._fields["entry_channel"]
            ._description_selection(self.env)
        ),
        required=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Empty: the policy applies to every company that has none of its own.",
    )
    active = fields.Boolean(default=True)
    received_by_person = fields.Boolean(
        string="Received Time Entered by a Person",
        default=True,
        help="A person receives these orders: the clerk enters when it arrived "
        "before submitting it. Otherwise the system's own time of entry is the "
        "receipt time.",
    )
    customer_document = fields.Boolean(
        string="Customer Document with a Stated Total",
        default=True,
        help="These orders come with a customer document (order form, e-mail, "
        "fax) whose total the order must match: the total check asks for it.",
    )

    # === COMPUTE METHODS === #

    @api.depends("channel", "company_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["channel"]._description_selection(self.env))
        for policy in self:
            policy.display_name = labels.get(policy.channel, policy.channel or "")

    # === CONSTRAINT METHODS === #

    @api.constrains("channel", "company_id", "active")
    def _check_one_per_channel(self):
        for policy in self.filtered("active"):
            twins = self.search_count(
                [
                    ("id", "!=", policy.id),
                    ("channel", "=", policy.channel),
                    ("company_id", "=", policy.company_id.id),
                ]
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "Channel '%(channel)s' already has a policy here: change "
                        "that one instead of adding another.",
                        channel=policy.display_name,
                    )
                )

    @api.constrains("channel", "received_by_person")
    def _check_system_channel(self):
        for policy in self:
            if policy.channel not in SYSTEM_CHANNELS and not policy.received_by_person:
                raise ValidationError(
                    self.env._(
                        "Orders of channel '%(channel)s' reach the company through "
                        "a person: tick 'Received Time Entered by a Person'. Only "
                        "web shop and portal orders carry the system's time.",
                        channel=policy.display_name,
                    )
                )

    # === BUSINESS METHODS === #

    @api.model
    def _get_policy_values(self, channel, company):
        """``(received_by_person, customer_document)`` for orders of
        ``channel`` in ``company``: its own policy, else the shared one, else
        the regulation's default."""
        policies = (
            self.sudo()
            .search(
                [("channel", "=", channel), ("company_id", "in", [company.id, False])]
            )
            .sorted(lambda p: not p.company_id)
        )
        policy = policies[:1]
        if policy:
            return policy.received_by_person, policy.customer_document
        system = channel in SYSTEM_CHANNELS
        return not system, not system
