# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lines of a change request (订单变更申请表): what changes on one order
line (or a new line), the old values kept for the diff, which values changed,
the line's checks (one open request per line, what may change after delivery
or invoicing), and the amounts of the change (untaxed, as the order line shows
them, and with taxes for the request's totals)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_repr

from .order_change_request import OPEN_STATES

LINE_SNAPSHOT_FIELDS = frozenset({"old_qty", "old_price", "old_discount", "old_lead"})
LINE_OWNED_FIELDS = LINE_SNAPSHOT_FIELDS | {"request_id"}
LINE_USER_FIELDS = frozenset(
    {
        "change_type",
        "sale_line_id",
        "product_id",
        "new_qty",
        "new_price",
        "new_discount",
        "new_lead",
    }
)


class OrderChangeRequestLine(models.Model):
    """One proposed change of one order line.

    Field policy: the request's requester writes the proposal while the request
    is a draft; the old values are the order line's, taken by the system when
    the line is chosen; a line never moves to another request.
    """

    _name = "order.change.request.line"
    _inherit = ["order.field.policy"]
    _description = "Order Change Request Line"
    _order = "request_id, id"
    _order_owned_fields = LINE_OWNED_FIELDS
    _order_user_fields = LINE_USER_FIELDS

    request_id = fields.Many2one(
        comodel_name="order.change.request",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    order_id = fields.Many2one(related="request_id.order_id")
    change_type = fields.Selection(
        selection=[
            ("update", "Change a line"),
            ("add", "Add a line"),
            ("remove", "Remove a line"),
        ],
        required=True,
        default="update",
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        ondelete="set null",
        domain="[('order_id', '=', order_id), ('display_type', '=', False)]",
    )
    product_id = fields.Many2one(comodel_name="product.product")
    qty_delivered = fields.Float(
        related="sale_line_id.qty_delivered", string="Delivered"
    )
    old_qty = fields.Float(string="Old Quantity", digits="Product Unit of Measure")
    new_qty = fields.Float(string="New Quantity", digits="Product Unit of Measure")
    old_price = fields.Float(string="Old Unit Price", digits="Product Price")
    new_price = fields.Float(string="New Unit Price", digits="Product Price")
    old_discount = fields.Float(string="Old Discount (%)", digits="Discount")
    new_discount = fields.Float(string="New Discount (%)", digits="Discount")
    old_lead = fields.Float(string="Old Lead Time (days)")
    new_lead = fields.Float(string="New Lead Time (days)")
    is_changed = fields.Boolean(
        string="Changed",
        compute="_compute_is_changed",
        store=True,
        help="Whether the line proposes anything: an unchanged line is dropped at "
        "submission and never applied.",
    )
    amount_old = fields.Monetary(
        string="Old Subtotal",
        compute="_compute_amounts",
        currency_field="currency_id",
        help="Without taxes, as the order line shows it.",
    )
    amount_new = fields.Monetary(
        string="New Subtotal",
        compute="_compute_amounts",
        currency_field="currency_id",
        help="Without taxes, as the order line will show it.",
    )
    amount_difference = fields.Monetary(
        string="Subtotal Difference",
        compute="_compute_amounts",
        currency_field="currency_id",
        help="New subtotal less old subtotal, without taxes.",
    )
    amount_difference_taxed = fields.Monetary(
        string="Difference with Taxes",
        compute="_compute_amounts",
        currency_field="currency_id",
    )

    # === COMPUTE METHODS === #

    @api.depends("request_id.name", "product_id", "sale_line_id.product_id")
    def _compute_display_name(self):
        for line in self:
            product = line.product_id or line.sale_line_id.product_id
            line.display_name = " · ".join(
                filter(None, [line.request_id.name, product.display_name])
            )

    @api.depends(
        "change_type",
        "old_qty",
        "new_qty",
        "old_price",
        "new_price",
        "old_discount",
        "new_discount",
        "old_lead",
        "new_lead",
    )
    def _compute_is_changed(self):
        for line in self:
            line.is_changed = line.change_type != "update" or bool(
                line._get_changed_values()
            )

    @api.depends(
        "change_type",
        "sale_line_id",
        "product_id",
        "old_qty",
        "new_qty",
        "old_price",
        "new_price",
        "old_discount",
        "new_discount",
    )
    def _compute_amounts(self):
        for line in self:
            old_untaxed, old_taxed = (
                (0.0, 0.0)
                if line.change_type == "add"
                else line._amounts(line.old_qty, line.old_price, line.old_discount)
            )
            new_untaxed, new_taxed = (
                (0.0, 0.0)
                if line.change_type == "remove"
                else line._amounts(line.new_qty, line.new_price, line.new_discount)
            )
            line.amount_old = old_untaxed
            line.amount_new = new_untaxed
            line.amount_difference = new_untaxed - old_untaxed
            line.amount_difference_taxed = new_taxed - old_taxed

    def _amounts(self, qty, price, discount):
        """(untaxed, with taxes) of ``qty`` at ``price`` less ``discount``, with
        the taxes of the order line (of the product, for a new line)."""
        self.ensure_one()
        order = self.request_id.order_id
        taxes = (
            self.sale_line_id.tax_id if self.sale_line_id else self.env["account.tax"]
        )
        if not self.sale_line_id and self.product_id:
            taxes = order.fiscal_position_id.map_tax(
                self.product_id.taxes_id._filter_taxes_by_company(order.company_id)
            )
        unit = price * (1 - (discount or 0.0) / 100.0)
        currency = order.currency_id or self.env.company.currency_id
        if not taxes:
            amount = currency.round(qty * unit)
            return amount, amount
        result = taxes.compute_all(unit, currency, qty, product=self.product_id)
        return result["total_excluded"], result["total_included"]

    # === CONSTRAINT METHODS === #

    @api.constrains("new_qty", "new_price", "new_discount", "change_type")
    def _check_values(self):
        for line in self:
            if line.change_type == "remove":
                continue
            if line.new_qty < 0:
                raise ValidationError(self.env._("A new quantity cannot be negative."))
            if line.new_price < 0:
                raise ValidationError(
                    self.env._(
                        "The new unit price of %(product)s cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
            if not 0 <= line.new_discount <= 100:
                raise ValidationError(
                    self.env._("A discount must be between 0 and 100%.")
                )

    @api.constrains(
        "change_type",
        "sale_line_id",
        "product_id",
        "request_id",
        "new_qty",
        "new_price",
        "new_discount",
        "new_lead",
    )
    def _check_target(self):
        for line in self:
            if line.change_type == "add":
                if not line.product_id:
                    raise ValidationError(
                        self.env._("Choose the product of the line to add.")
                    )
                continue
            if line.sale_line_id.order_id != line.request_id.order_id:
                raise ValidationError(
                    self.env._(
                        "Choose the line of order %(order)s to change or remove.",
                        order=line.request_id.order_id.name,
                    )
                )
            if line.product_id != line.sale_line_id.product_id:
                raise ValidationError(
                    self.env._(
                        "A changed or removed line keeps the product of the order "
                        "line (%(product)s): add a line for another product.",
                        product=line.sale_line_id.product_id.display_name,
                    )
                )
        self._check_one_open_request_per_line()

    def _check_one_open_request_per_line(self):
        lines = self.filtered("sale_line_id")
        if not lines:
            return
        # a prefilled line left as it is proposes nothing: it clashes with none
        others = self.search(
            [
                ("sale_line_id", "in", lines.sale_line_id.ids),
                ("request_id.state", "in", OPEN_STATES),
                ("is_changed", "=", True),
                ("id", "not in", lines.ids),
            ]
        )
        for line in lines:
            if line.request_id.state not in OPEN_STATES:
                continue
            clash = (others if line.is_changed else self.browse()).filtered(
                lambda o, x=line: (
                    o.sale_line_id == x.sale_line_id and o.request_id != x.request_id
                )
            )[:1]
            if clash:
                raise ValidationError(
                    self.env._(
                        "The line %(product)s is already changed by the open request "
                        "%(request)s: finish or cancel that one first.",
                        product=line.sale_line_id.product_id.display_name,
                        request=clash.request_id.name,
                    )
                )
            if (
                len(
                    line.request_id.line_ids.filtered(
                        lambda o, x=line: o.sale_line_id == x.sale_line_id
                    )
                )
                > 1
            ):
                raise ValidationError(
                    self.env._(
                        "The line %(product)s appears twice in %(request)s: change it "
                        "once.",
                        product=line.sale_line_id.product_id.display_name,
                        request=line.request_id.name,
                    )
                )

    @api.onchange("sale_line_id")
    def _onchange_sale_line_id(self):
        for line in self.filtered("sale_line_id"):
            sale_line = line.sale_line_id
            line.update(line._values_of(sale_line))

    # === FIELD POLICY === #

    def _order_owned_field_names(self, vals=None):
        names = super()._order_owned_field_names(vals)
        if vals is not None:
            # create chooses the request, and takes the old values itself
            names = names - LINE_OWNED_FIELDS
        return names

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        bypassed = self._order_policy_bypassed()
        requests = self.env["order.change.request"]
        for vals in vals_list:
            # the request may also come from a default_request_id of the context
            requests |= requests.browse(
                vals.get("request_id") or self.env.context.get("default_request_id")
            )
            sale_line = self.env["sale.order.line"].browse(vals.get("sale_line_id"))
            for key, value in self._values_of(sale_line).items():
                if key in LINE_SNAPSHOT_FIELDS:
                    if not (bypassed and key in vals):
                        vals[key] = value
                elif sale_line and key == "product_id":
                    vals[key] = value
                elif sale_line:
                    vals.setdefault(key, value)
        if not bypassed:
            requests.exists()._check_request_content_editable({"line_ids": True})
        return super().create(vals_list)

    def write(self, vals):
        if not self._order_policy_bypassed():
            self._check_line_editable(vals)
            if "sale_line_id" in vals:
                # the old values follow the chosen line (taken below)
                vals = {k: v for k, v in vals.items() if k not in LINE_SNAPSHOT_FIELDS}
        if vals.get("sale_line_id"):
            sale_line = self.env["sale.order.line"].browse(vals["sale_line_id"])
            vals = dict(vals, product_id=sale_line.product_id.id)
        res = super().write(vals)
        if "sale_line_id" in vals:
            for line in self:
                values = self._values_of(line.sale_line_id)
                line._order_as_owner().write(
                    {key: values[key] for key in LINE_SNAPSHOT_FIELDS}
                )
        return res

    def unlink(self):
        if not self._order_policy_bypassed():
            self.request_id._check_request_content_editable({"line_ids": True})
        return super().unlink()

    def _check_line_editable(self, vals):
        """Refuse changes of lines of submitted requests, or by another user than
        the requester; a line never moves to another request."""
        if "request_id" in vals and any(
            line.request_id.id != vals["request_id"] for line in self
        ):
            raise UserError(
                self.env._(
                    "A proposed change belongs to its request: add a line to the "
                    "other request instead."
                )
            )
        if self._order_user_field_names().intersection(vals):
            self.request_id._check_request_content_editable({"line_ids": True})

    # === BUSINESS METHODS === #

    @api.model
    def _values_of(self, sale_line):
        """Values of a change line proposing ``sale_line`` unchanged (zeros
        without a line)."""
        return {
            "product_id": sale_line.product_id.id,
            "old_qty": sale_line.product_uom_qty,
            "new_qty": sale_line.product_uom_qty,
            "old_price": sale_line.price_unit,
            "new_price": sale_line.price_unit,
            "old_discount": sale_line.discount,
            "new_discount": sale_line.discount,
            "old_lead": sale_line.customer_lead,
            "new_lead": sale_line.customer_lead,
        }

    def _check_applicable(self):
        """Refuse changes the order's deliveries rule out."""
        for line in self:
            sale_line = line.sale_line_id
            if line.change_type == "add":
                continue
            if not sale_line:
                raise UserError(
                    self.env._(
                        "A line of %(request)s no longer exists on the order.",
                        request=line.request_id.name,
                    )
                )
            rounding = sale_line.product_uom.rounding
            delivered = sale_line.qty_delivered
            label = sale_line.product_id.display_name
            if line.change_type == "remove" and not float_is_zero(
                delivered, precision_rounding=rounding
            ):
                raise UserError(
                    self.env._(
                        "%(product)s has been delivered (%(qty)s): it cannot be "
                        "removed. Lower its quantity to the delivered quantity "
                        "instead.",
                        product=label,
                        qty=delivered,
                    )
                )
            if (
                line.change_type == "update"
                and float_compare(line.new_qty, delivered, precision_rounding=rounding)
                < 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: the new quantity %(new)s is below the "
                        "%(delivered)s already delivered.",
                        product=label,
                        new=line.new_qty,
                        delivered=delivered,
                    )
                )

    def _check_current(self):
        """Refuse changes proposed from values the order line no longer holds
        (another change was applied since): applied, they would undo it unseen."""
        precision = self.env["decimal.precision"].precision_get
        compared = (
            ("old_qty", "product_uom_qty", precision("Product Unit of Measure")),
            ("old_price", "price_unit", precision("Product Price")),
            ("old_discount", "discount", precision("Discount")),
            ("old_lead", "customer_lead", 2),
        )
        for line in self.filtered(lambda x: x.change_type != "add"):
            sale_line = line.sale_line_id
            stale = any(
                float_compare(line[old], sale_line[current], precision_digits=digits)
                for old, current, digits in compared
            )
            if stale:
                line.request_id._raise_changed_since(sale_line.product_id.display_name)

    def _get_floor_price(self):
        """Pricelist price of the product at the new quantity."""
        self.ensure_one()
        order = self.request_id.order_id
        if not self.product_id:
            return 0.0
        if not order.pricelist_id:
            return self.product_id.lst_price
        return order.pricelist_id._get_product_price(
            self.product_id, self.new_qty or 1.0, currency=order.currency_id
        )

    def _get_changed_values(self):
        """{field: (old, new)} of the values an update changes (quantity, unit
        price, discount, lead time), compared at their precision."""
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get
        changed = {}
        for name, digits in (
            ("qty", precision("Product Unit of Measure")),
            ("price", precision("Product Price")),
            ("discount", precision("Discount")),
            ("lead", 2),
        ):
            old, new = self[f"old_{name}"], self[f"new_{name}"]
            if float_compare(old, new, precision_digits=digits):
                changed[name] = (old, new)
        return changed

    def _format_value(self, name, value):
        """One value of the diff, labelled, in the user's language."""
        precision = self.env["decimal.precision"].precision_get
        if name == "qty":
            return self.env._(
                "quantity %(qty)s",
                qty=_number(value, precision("Product Unit of Measure")),
            )
        if name == "price":
            return self.env._(
                "unit price %(price)s",
                price=float_repr(value, precision("Product Price")),
            )
        if name == "discount":
            return self.env._(
                "discount %(discount)s%%",
                discount=_number(value, precision("Discount")),
            )
        return self.env._("lead time %(days)s days", days=_number(value, 2))

    def _describe_change(self):
        """(old, new) texts of this line for the diff: only what changes."""
        self.ensure_one()
        if self.change_type == "update":
            changed = self._get_changed_values()
            return tuple(
                ", ".join(
                    self._format_value(name, pair[side])
                    for name, pair in changed.items()
                )
                for side in (0, 1)
            )
        side = "old" if self.change_type == "remove" else "new"
        values = {name: self[f"{side}_{name}"] for name in ("qty", "price")}
        for name in ("discount", "lead"):
            if not float_is_zero(self[f"{side}_{name}"], precision_digits=2):
                values[name] = self[f"{side}_{name}"]
        text = ", ".join(
            self._format_value(name, value) for name, value in values.items()
        )
        return ("", text) if side == "new" else (text, "")


def _number(value, digits):
    """``value`` with at most ``digits`` decimals, without trailing zeros."""
    text = float_repr(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text
