# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request


class OrderControlController(http.Controller):
    @http.route(
        "/order_entry_control/onboarding_banner",
        type="json",
        auth="user",
        readonly=True,
    )
    def onboarding_banner(self):
        """The setup warning shown above the quotations list, or no message."""
        user = request.env.user
        if not user.has_group("sales_team.group_sale_salesman"):
            return {"message": False}
        return {"message": request.env.company._order_control_setup_issue()}
