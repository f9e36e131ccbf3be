# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sale_order import SHIPPING_MODES

SHIPPING_NOTICE_TEMPLATE = "order_tracking.mail_template_shipping_notice"


class StockPicking(models.Model):
    """Deliveries of controlled orders: shipping data, the payment gate, and the
    tracking milestones they feed. The sales order of a delivery of a controlled
    order is the system's (it decides the payment gate and the milestones)."""

    _name = "stock.picking"
    _inherit = ["stock.picking", "order.field.policy"]

    shipping_mode = fields.Selection(
        selection=SHIPPING_MODES,
        compute="_compute_shipping_mode",
        store=True,
        readonly=False,
        help="How the goods travel; taken from the sales order.",
    )
    shipping_tracking_ref = fields.Char(
        string="Shipment Tracking Reference",
        copy=False,
        help="Waybill or tracking number given to the customer in the shipping notice.",
    )
    order_control_active = fields.Boolean(related="sale_id.order_control_active")
    order_payment_method = fields.Selection(related="sale_id.order_payment_method")
    order_currency_id = fields.Many2one(related="sale_id.currency_id")
    order_cod_amount = fields.Monetary(
        string="Amount to Collect",
        compute="_compute_order_cod_amount",
        currency_field="order_currency_id",
        help="Cash on delivery: what the driver collects (order total less what "
        "is already paid).",
    )

    # === COMPUTE METHODS === #

    @api.depends("sale_id.shipping_mode")
    def _compute_shipping_mode(self):
        for picking in self:
            if picking.sale_id.shipping_mode:
                picking.shipping_mode = picking.sale_id.shipping_mode

    @api.depends("sale_id.amount_total", "sale_id.invoice_ids.amount_residual")
    def _compute_order_cod_amount(self):
        for picking in self:
            order = picking.sale_id
            if not order or order.order_payment_method != "cod":
                picking.order_cod_amount = 0.0
                continue
            invoices = order.invoice_ids.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )
            paid = sum(invoices.mapped("amount_total")) - sum(
                invoices.mapped("amount_residual")
            )
            picking.order_cod_amount = max(order.amount_total - paid, 0.0)

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        # the shipping mode is taken from the order and changed by its users
        return super()._order_owned_field_names(vals) - {"shipping_mode"}

    @api.model
    def _order_user_field_names(self):
        return super()._order_user_field_names() | {
            "shipping_mode",
            "shipping_tracking_ref",
        }

    # === CRUD METHODS === #

    def write(self, vals):
        if {"sale_id", "group_id"}.intersection(vals) and not self.env.su:
            self._check_order_link_unchanged(vals)
        return super().write(vals)

    # === CORE OVERRIDES === #

    def _action_done(self):
        self._check_order_payment_gate()
        res = super()._action_done()
        self._order_tracking_after_done()
        return res

    # === BUSINESS METHODS === #

    def _is_order_customer_delivery(self):
        """Whether this transfer sends goods of a sales order to the customer."""
        self.ensure_one()
        return bool(
            self.sale_id
            and self.picking_type_code == "outgoing"
            and self.location_dest_id.usage == "customer"
        )

    def _check_order_link_unchanged(self, vals):
        """Refuse to move transfers away from, or into, a controlled order."""
        if "sale_id" in vals:
            new_order = self.env["sale.order"].browse(vals["sale_id"])
        else:
            group = self.env["procurement.group"].browse(vals["group_id"])
            new_order = group.sale_id
        for picking in self:
            order = picking.sale_id
            if order == new_order:
                continue
            if (order | new_order).sudo().filtered("order_control_active"):
                raise AccessError(
                    self.env._(
                        "Transfer %(picking)s belongs to sales order %(order)s, "
                        "whose deliveries are controlled: its order cannot be "
                        "changed.",
                        picking=picking.name,
                        order=(order or new_order).name,
                    )
                )

    def _check_order_payment_gate(self):
        """Refuse to validate deliveries of pay-before-shipping orders not paid."""
        for picking in self:
            if picking.picking_type_code != "outgoing":
                continue
            # the order of the picking, and of any move a user put in it
            # (read as superuser: a stock user may not read the sales orders)
            delivery = picking.sudo()
            orders = delivery.sale_id | delivery.move_ids.sale_line_id.order_id
            unreleased = orders.filtered(
                lambda o: o.order_control_active and o.state in ("draft", "sent")
            )
            if unreleased:
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s cannot be validated: order %(order)s "
                        "is not released.",
                        picking=picking.name,
                        order=", ".join(unreleased.mapped("name")),
                    )
                )
            order = orders.filtered(lambda o: o._order_payment_gate_blocks())[:1]
            if order:
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s cannot be validated: order %(order)s is "
                        "paid before shipping and its invoices are not paid yet. "
                        "Invoice the order and register the customer's payment, or "
                        "ask a finance manager to override the payment gate on the "
                        "order, with a reason.",
                        picking=picking.name,
                        order=order.name,
                    )
                )

    def _order_tracking_after_done(self):
        """Feed the tracking table of the orders of these validated transfers."""
        done = self.filtered(
            lambda p: p.state == "done" and p.sale_id.order_control_active
        )
        deliveries = self.browse()
        for picking in done:
            order = picking.sale_id.sudo()
            events = ["picking_done"]
            if picking._is_order_customer_delivery():
                deliveries |= picking
                events.append("delivery_shipped")
                still_open = order.picking_ids.filtered(
                    lambda p: (
                        p.state not in ("done", "cancel")
                        and p._is_order_customer_delivery()
                    )
                )
                if not still_open:
                    events.append("delivery_done")
            order._order_tracking_set_actual(events, picking.date_done)
        deliveries._order_send_shipping_notice()

    def _order_send_shipping_notice(self):
        """Mail the shipping notice (发货通知单) of these deliveries to the
        customer, logged on the order; completes the customer notice milestone."""
        template = self.env.ref(SHIPPING_NOTICE_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        template = template.sudo()
        for picking in self:
            order = picking.sale_id.sudo()
            values = template._generate_template(
                picking.ids, ("subject", "body_html", "partner_to")
            )[picking.id]
            order.message_post(
                body=Markup(values.get("body_html") or ""),
                subject=values.get("subject"),
                partner_ids=values.get("partner_ids") or [],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
            order._order_tracking_set_actual(["notice_sent"])
