# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OrderCustomerRatingWizard(models.TransientModel):
    """Staff record a rating the customer gave by phone, with their name."""

    _name = "order.customer.rating.wizard"
    _description = "Record Customer Rating"

    order_id = fields.Many2one(comodel_name="sale.order", required=True, readonly=True)
    score = fields.Selection(
        selection=[
            ("1", "1 - Very poor"),
            ("2", "2 - Poor"),
            ("3", "3 - Fair"),
            ("4", "4 - Good"),
            ("5", "5 - Excellent"),
        ],
        string="Rating",
        required=True,
    )
    comment = fields.Text(string="What the Customer Said")

    def action_record(self):
        self.ensure_one()
        # the staff member may change the order (its tracker or a manager)
        self.order_id.check_access("write")
        self.env["order.customer.rating"]._order_rate(
            self.order_id, self.score, self.comment, staff=self.env.user
        )
        return {"type": "ir.actions.act_window_close"}
