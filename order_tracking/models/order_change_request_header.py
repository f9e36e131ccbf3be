# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The header of a change request (delivery date, delivery address, payment
terms, customer reference): the order's values recorded when the request was
made, and the two rules its lines follow as well: one open request per header
field of an order (checked at submission under the order's lock), and no
change applied over a value the order no longer holds."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .order_change_request import HEADER_FIELDS

# A header field is open to another change once its request is decided for good.
HEADER_OPEN_STATES = ("submitted", "approved")


def _old(new):
    """The request's field recording the order's value that ``new`` replaces."""
    return new.replace("new_", "old_", 1)


class OrderChangeRequest(models.Model):
    _inherit = "order.change.request"

    old_commitment_date = fields.Datetime(
        string="Delivery Date",
        compute="_compute_old_header",
        store=True,
        help="The order's delivery date when the request was made.",
    )
    old_partner_shipping_id = fields.Many2one(
        comodel_name="res.partner",
        string="Delivery Address",
        compute="_compute_old_header",
        store=True,
        help="The order's delivery address when the request was made.",
    )
    old_payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Payment Terms",
        compute="_compute_old_header",
        store=True,
        help="The order's payment terms when the request was made.",
    )
    old_client_order_ref = fields.Char(
        string="Customer Reference",
        compute="_compute_old_header",
        store=True,
        help="The order's customer reference when the request was made.",
    )

    # === COMPUTE METHODS === #

    @api.depends("order_id")
    def _compute_old_header(self):
        """The order's values when the request is made (on the order only: a
        later change of the order does not move them)."""
        for request in self:
            for new, target in HEADER_FIELDS.items():
                request[_old(new)] = request.order_id[target]

    # === BUSINESS METHODS === #

    def _get_changed_header_fields(self):
        """The request's header fields (``new_*``) that propose a value."""
        self.ensure_one()
        return [new for new in HEADER_FIELDS if self[new]]

    def _check_one_open_request(self):
        """Refuse a change of an order line or a header field that another open
        request of the order changes, under the order's lock."""
        self._lock_order_for_check()
        self.line_ids._check_one_open_request_per_line()
        self._check_one_open_request_per_header()

    def _lock_order_for_check(self):
        """Lock the orders of these requests, and write their rows: a concurrent
        submission that waited for the lock cannot check against what it read
        before this one committed (REPEATABLE READ); it fails to serialize, is
        retried, and then sees this one."""
        orders = self.order_id
        if orders:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id IN %s",
                    SQL.identifier(orders._table),
                    tuple(orders.ids),
                )
            )

    def _check_one_open_request_per_header(self):
        for request in self:
            changed = request._get_changed_header_fields()
            if not changed:
                continue
            domain = [
                ("order_id", "=", request.order_id.id),
                ("state", "in", HEADER_OPEN_STATES),
                ("id", "!=", request.id),
            ]
            # an OR of "changes this field" over the request's changed fields
            domain += ["|"] * (len(changed) - 1)
            domain += [(new, "!=", False) for new in changed]
            others = self.sudo().search(domain, order="id")
            for new in changed:
                clash = others.filtered(lambda o, new=new: o[new])[:1]
                if clash:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of order %(order)s is already changed by the "
                            "open request %(request)s: finish or cancel that one "
                            "first.",
                            field=request._header_label(new),
                            order=request.order_id.name,
                            request=clash.name,
                        )
                    )

    def _check_current(self):
        """Refuse changes proposed from values the order no longer holds (another
        change was applied since): applied, they would undo it unseen."""
        self.line_ids.filtered("is_changed")._check_current()
        for request in self:
            order = request.order_id
            for new in request._get_changed_header_fields():
                target = HEADER_FIELDS[new]
                if (request[_old(new)] or False) != (order[target] or False):
                    request._raise_changed_since(request._header_label(new))

    def _raise_changed_since(self, what):
        """Refuse to apply this request: ``what`` has changed on the order since
        the request was made."""
        self.ensure_one()
        raise UserError(
            self.env._(
                "%(product)s has changed on the order since %(request)s was "
                "made: cancel %(request)s and request the change again from "
                "the order as it is now.",
                product=what,
                request=self.name,
            )
        )

    def _header_label(self, new):
        """The label of the header field ``new`` changes, in the user's
        language."""
        return self._fields[_old(new)]._description_string(self.env)
