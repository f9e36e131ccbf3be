# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class OrderRatingController(CustomerPortal):
    """The customer's rating page of an order, reached with the order's
    portal token (the link in the shipping and completion notices)."""

    def _order_for_rating(self, order_id, access_token):
        try:
            # checks the token (or the portal user's own access)
            return self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None

    @http.route(
        "/order/rate/<int:order_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=False,
    )
    def order_rate(self, order_id, access_token=None, score=None, comment=None, **kw):
        order = self._order_for_rating(order_id, access_token)
        if order is None:
            return request.not_found()
        lang = order.partner_id.lang or request.env.lang
        order = order.with_context(lang=lang)
        values = {
            "order": order,
            # one sentence, so that each language puts the name where it goes
            # (为订单 S00022 评分)
            "heading": order.env._("Rate your order %(order)s", order=order.name),
            "access_token": access_token,
            "error": False,
            "done": False,
        }
        if request.httprequest.method == "POST":
            try:
                request.env["order.customer.rating"].with_context(
                    lang=lang
                )._order_rate(order, score, comment)
                values["done"] = True
            except (UserError, ValidationError) as error:
                values["error"] = error.args[0]
        else:
            problem = order._order_rating_problem()
            if problem:
                values["error"] = problem
        return (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template("order_tracking.order_rating_page", values)
        )
