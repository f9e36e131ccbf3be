# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The stock-out routine (order.stockout.wizard): for a quotation short of a
product, propose a later date from the forecast, reserve in another warehouse
of the company, or ask the customer, and record the outcome on the order."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.sale_order import INTERNAL


class OrderStockoutWizard(models.TransientModel):
    """Settle a stock shortage: later date, another warehouse, or ask the customer."""

    _name = "order.stockout.wizard"
    _description = "Order Stock-Out Routine"

    order_id = fields.Many2one(comodel_name="sale.order", required=True, readonly=True)
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, readonly=True
    )
    shortfall_qty = fields.Float(
        string="Short", digits="Product Unit of Measure", readonly=True
    )
    uom_id = fields.Many2one(related="product_id.uom_id")
    outcome = fields.Selection(
        selection=[
            ("later_date", "Propose a later delivery date"),
            ("other_warehouse", "Reserve in another warehouse"),
            ("customer_asked", "Ask the customer"),
        ],
        required=True,
        default="later_date",
    )
    proposed_date = fields.Datetime(
        compute="_compute_proposed_date",
        store=True,
        readonly=False,
        help="From the forecast: when incoming receipts (or manufacturing) cover "
        "the order.",
    )
    warehouse_ids = fields.Many2many(
        comodel_name="stock.warehouse", compute="_compute_warehouse_ids"
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        string="From Warehouse",
        domain="[('id', 'in', warehouse_ids)]",
    )
    note = fields.Text(string="Message to the Customer")

    @api.depends("order_id", "product_id", "shortfall_qty")
    def _compute_proposed_date(self):
        for wizard in self:
            order = wizard.order_id
            needed = wizard.shortfall_qty + max(
                wizard.product_id.with_context(
                    warehouse_id=order.warehouse_id.id
                ).free_qty,
                0.0,
            )
            wizard.proposed_date = (
                self._forecast_date(order, wizard.product_id, needed)
                if order and wizard.product_id
                else False
            )

    @api.depends("order_id", "product_id", "shortfall_qty")
    def _compute_warehouse_ids(self):
        for wizard in self:
            wizard.warehouse_ids = (
                self._other_warehouses(
                    wizard.order_id, wizard.product_id, wizard.shortfall_qty
                )
                if wizard.order_id and wizard.product_id
                else False
            )

    # === ACTION METHODS === #

    def action_apply(self):
        """Carry out the chosen outcome and record it on the order."""
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Order %(order)s is no longer a quotation.", order=order.name
                )
            )
        # the product and its shortfall are the order's, whatever the client sent
        shortfall = (
            self._shortfall(order, self.product_id)
            if self.product_id in order.order_line.product_id
            else 0.0
        )
        if shortfall <= 0:
            raise UserError(
                self.env._(
                    "Order %(order)s is short of nothing for %(product)s.",
                    order=order.name,
                    product=self.product_id.display_name,
                )
            )
        self.shortfall_qty = shortfall
        getattr(self, f"_apply_{self.outcome}")()
        return {"type": "ir.actions.act_window_close"}

    def _apply_later_date(self):
        order = self.order_id
        if not self.proposed_date:
            raise UserError(
                self.env._(
                    "No incoming receipt or manufacturing order covers %(product)s: "
                    "enter the date agreed with the customer, or ask the customer.",
                    product=self.product_id.display_name,
                )
            )
        if order.review_state not in ("draft", "rejected"):
            raise UserError(
                self.env._(
                    "Order %(order)s is under review: its delivery date can change "
                    "only after a rejection.",
                    order=order.name,
                )
            )
        # the routine owns the outcome it records
        order._order_as_owner().write(
            {
                "commitment_date": self.proposed_date,
                "stockout_outcome": "later_date",
                "stockout_date": self.proposed_date,
            }
        )

    def _apply_other_warehouse(self):
        order = self.order_id
        if not self.warehouse_id:
            raise UserError(
                self.env._(
                    "Choose a warehouse with %(qty)s %(uom)s of %(product)s free.",
                    qty=self.shortfall_qty,
                    uom=self.uom_id.name,
                    product=self.product_id.display_name,
                )
            )
        if self.warehouse_id not in self.warehouse_ids:
            raise UserError(
                self.env._(
                    "%(warehouse)s does not have %(qty)s %(uom)s of %(product)s free.",
                    warehouse=self.warehouse_id.name,
                    qty=self.shortfall_qty,
                    uom=self.uom_id.name,
                    product=self.product_id.display_name,
                )
            )
        self.env["order.stock.reservation"]._reserve(
            [
                {
                    "order": order,
                    "line": False,
                    "product": self.product_id,
                    "qty": self.shortfall_qty,
                    "warehouse": self.warehouse_id,
                    "other_warehouse": True,
                }
            ],
            self.env["order.stock.reservation"]._expiry_date_for(order),
        )
        order.sudo().with_context(order_control_bypass_lock=INTERNAL).write(
            {"stockout_outcome": "other_warehouse"}
        )

    def _apply_customer_asked(self):
        order = self.order_id
        company = order.company_id
        deadline = company._order_add_working_hours(
            fields.Datetime.now(), company.order_customer_reply_hours
        )
        # the message is the customer's: in their language
        wizard = self.with_context(lang=order.partner_id.lang or "en_US")
        date_text = (
            fields.Date.to_string(company._order_local_date(self.proposed_date))
            if self.proposed_date
            else wizard.env._("a date to agree")
        )
        body = self.note or wizard.env._(
            "Dear customer, %(product)s is short by %(qty)s %(uom)s for order "
            "%(order)s. We propose to deliver on %(date)s. Please confirm.",
            product=wizard.product_id.display_name,
            qty=self.shortfall_qty,
            uom=wizard.uom_id.name,
            order=order.name,
            date=date_text,
        )
        order.message_post(
            body=body,
            partner_ids=order.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env["mail.activity"]._order_schedule(
            [
                (
                    order,
                    order.user_id or self.env.user,
                    lambda env: {
                        "date_deadline": company._order_local_date(deadline),
                        "summary": env._(
                            "Customer to confirm the new date of %(order)s",
                            order=order.name,
                        ),
                    },
                )
            ],
            "mail.mail_activity_data_todo",
        )
        order.sudo().with_context(order_control_bypass_lock=INTERNAL).write(
            {"stockout_outcome": "customer_asked", "stockout_date": self.proposed_date}
        )

    # === BUSINESS METHODS === #

    @api.model
    def _forecast_date(self, order, product, qty):
        """When incoming stock covers ``qty`` of ``product`` in ``order``'s
        warehouse (receipts, and manufacturing when installed), or False."""
        order.ensure_one()
        warehouse = order.warehouse_id
        free = product.with_context(warehouse_id=warehouse.id).free_qty
        held = self.env["order.stock.reservation"]._held_by_orders(order)
        have = free + held.get((order.id, product.id, warehouse.id), 0.0)
        incoming = (
            self.env["stock.move"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("state", "not in", ("draft", "done", "cancel")),
                    ("location_dest_id", "child_of", warehouse.lot_stock_id.id),
                    ("location_id.usage", "not in", ("internal", "transit")),
                ],
                order="date, id",
            )
        )
        for move in incoming:
            have += move.product_qty
            if (
                float_compare(have, qty, precision_rounding=product.uom_id.rounding)
                >= 0
            ):
                return move.date
        return False

    @api.model
    def _other_warehouses(self, order, product, qty):
        """Other warehouses of ``order``'s company with ``qty`` of ``product``
        free."""
        order.ensure_one()
        warehouses = self.env["stock.warehouse"].search(
            [
                ("company_id", "=", order.company_id.id),
                ("id", "!=", order.warehouse_id.id),
            ]
        )
        return warehouses.filtered(
            lambda w: (
                float_compare(
                    product.with_context(warehouse_id=w.id).free_qty,
                    qty,
                    precision_rounding=product.uom_id.rounding,
                )
                >= 0
            )
        )

    @api.model
    def _shortfall(self, order, product):
        """Units of ``product`` that ``order`` still lacks (its own reservations,
        here or in another warehouse, count as covered)."""
        order.ensure_one()
        needed = sum(
            line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id)
            for line in order._order_check_lines_of()
            if line.product_id == product
        )
        free = product.with_context(warehouse_id=order.warehouse_id.id).free_qty
        held = self.env["order.stock.reservation"]._held_by_orders(order)
        own = sum(
            qty
            for (order_id, product_id, _warehouse), qty in held.items()
            if order_id == order.id and product_id == product.id
        )
        return max(needed - max(free, 0.0) - own, 0.0)
