# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's own rating of an order (客户满意度), 1 to 5.

The customer gives it on a portal page linked from the shipping and
completion notices; staff record a rating given by phone, with their name.
One rating per order, refused once the company's rating period after the
delivery is over. Nobody edits or deletes a rating: the satisfaction KPI
counts them.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class OrderCustomerRating(models.Model):
    _name = "order.customer.rating"
    _inherit = ["order.field.policy"]
    _description = "Customer Rating of an Order"
    _order = "rated_on desc, id desc"
    _rec_name = "order_id"
    # written by the portal page and the record-rating action only
    _order_owned_fields = frozenset(
        {"order_id", "score", "comment", "source", "recorded_by_id", "rated_on"}
    )

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    score = fields.Integer(
        required=True, readonly=True, help="From 1 (very poor) to 5 (excellent)."
    )
    comment = fields.Text(readonly=True)
    source = fields.Selection(
        selection=[("portal", "Customer (portal)"), ("staff", "Staff (by phone)")],
        required=True,
        readonly=True,
    )
    recorded_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        readonly=True,
        help="Who recorded a rating the customer gave by phone.",
    )
    rated_on = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        ("order_unique", "UNIQUE (order_id)", "An order is rated once."),
        ("score_range", "CHECK (score BETWEEN 1 AND 5)", "A rating is 1 to 5."),
    ]

    @api.model
    def _order_rate(self, order, score, comment=False, staff=None):
        """Record ``order``'s rating after the checks (as superuser: the caller
        checked the token or the staff member's rights)."""
        order.ensure_one()
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise ValidationError(self.env._("Choose a rating from 1 to 5 stars."))
        problem = order._order_rating_problem()
        if problem:
            raise UserError(problem)
        rating = self.sudo().create(
            {
                "order_id": order.id,
                "score": score,
                "comment": (comment or "").strip()[:2000] or False,
                "source": "staff" if staff else "portal",
                "recorded_by_id": staff.id if staff else False,
                "rated_on": fields.Datetime.now(),
            }
        )
        order.sudo().message_post(
            body=self.env._(
                "Customer rating: %(score)s/5, recorded by %(who)s.",
                score=score,
                who=staff.name if staff else order.partner_id.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return rating


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_rating_ids = fields.One2many(
        comodel_name="order.customer.rating",
        inverse_name="order_id",
        string="Customer Ratings",
        readonly=True,
    )
    customer_rating = fields.Integer(
        compute="_compute_customer_rating", string="Customer Rating"
    )

    @api.depends("customer_rating_ids.score")
    def _compute_customer_rating(self):
        for order in self:
            order.customer_rating = order.customer_rating_ids[:1].score

    def _order_rating_deadline(self):
        """Until when the customer may rate this order (None: not delivered yet)."""
        self.ensure_one()
        if not self.effective_date:
            return None
        return self.effective_date + timedelta(
            days=self.company_id.order_rating_valid_days
        )

    def _order_rating_problem(self):
        """Why this order cannot be rated now (a message), or False."""
        self.ensure_one()
        if not self.company_id.order_rating_valid_days:
            return self.env._("Customer ratings are switched off.")
        if self.sudo().customer_rating_ids:
            return self.env._(
                "Order %(order)s has already been rated.", order=self.name
            )
        deadline = self._order_rating_deadline()
        if deadline is None:
            return self.env._(
                "Order %(order)s can be rated once it is delivered.", order=self.name
            )
        if fields.Datetime.now() > deadline:
            return self.env._(
                "The rating period of order %(order)s is over.", order=self.name
            )
        return False

    def _order_rating_url(self):
        """The link of the customer's rating page (in the notices)."""
        self.ensure_one()
        self._portal_ensure_token()
        return (
            f"{self.get_base_url()}/order/rate/{self.id}"
            f"?access_token={self.access_token}"
        )

    def action_record_customer_rating(self):
        """Open the dialog where staff record a rating given by phone."""
        self.ensure_one()
        self.check_access("write")
        problem = self._order_rating_problem()
        if problem:
            raise UserError(problem)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Customer Rating"),
            "res_model": "order.customer.rating.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
