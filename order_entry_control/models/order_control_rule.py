# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The entry checks (order.control.rule): each rule is a check of a built-in
kind with a severity, shared or of one company, and the check of each kind is
the rule's own method.

A rule of kind ``<kind>`` runs ``rule._order_check_<kind>(orders)``: ``self``
is the rule, ``orders`` the quotations in its scope, as superuser (the glue
that turns what the checks yield into findings is
``sale.order._order_control_run_checks``, in sale_order_checks.py). A check
yields ``(order, line or None, message, field name)`` for each problem it
finds: the field is the order's field the finding concerns (its message names
it by the label the form shows, ``_order_field_label``), so that the form
highlights it and the findings list leads to it. The rule's severity decides
what the finding does. The thresholds are read from
the order's company (Settings > Order Control).

The first checks read only the order itself; the last ones compare it with
other records: other orders, the customer's receivables, the stock.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL, email_normalize, float_compare, float_round

from ..tools import partner_identity

SEVERITIES = [
    ("block", "Block"),
    ("approval", "Needs approval"),
    ("warning", "Warning"),
]


def _phonenumbers_available():
    """Whether Odoo's phone validation can parse numbers here."""
    try:
        import phonenumbers  # noqa: F401  # pylint: disable=import-outside-toplevel
    except ImportError:
        return False
    return True


class OrderControlRule(models.Model):
    """An entry check of a built-in kind; its parameters live in Settings."""

    _name = "order.control.rule"
    _inherit = ["order.field.policy", "order.shared.config"]
    _description = "Order Entry Check"
    _order = "sequence, id"
    _order_user_fields = frozenset(
        {
            "name",
            "sequence",
            "active",
            "kind",
            "severity",
            "description",
            "company_id",
            "legal_forms",
        }
    )

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        selection=[
            ("customer", "Customer data complete"),
            ("lines", "Order lines complete"),
            ("delivery_date", "Delivery date present and feasible"),
            ("amount", "Total matches the customer's document"),
            ("price", "Prices and discounts within policy"),
            ("gift", "Gifts and promotions within policy"),
            ("duplicate", "Duplicate or similar order"),
            ("credit", "Credit limit and overdue invoices"),
            ("stock", "Stock available in the warehouse"),
        ],
        required=True,
        help="What the check looks at. Its thresholds are set in Settings > "
        "Order Control.",
    )
    severity = fields.Selection(
        selection=SEVERITIES,
        required=True,
        default="warning",
        help="Block: the order cannot be submitted. Needs approval: adds the "
        "review steps that name this check. Warning: shown only. The credit "
        "check takes its severity from the Credit Check setting.",
    )
    description = fields.Text(translate=True)
    legal_forms = fields.Text(
        string="Legal-Form Endings",
        default="\n".join(partner_identity.DEFAULT_LEGAL_FORMS),
        help="Customer check: the full registered name of a Chinese company "
        "ends with one of these (one per line), unless its Tax ID or Company "
        "ID holds a valid unified social credit code.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Empty: the check applies to every company.",
    )

    def _effective_severity(self, company):
        """Severity of this check for an order of ``company`` (False: off)."""
        self.ensure_one()
        if self.kind == "credit":
            return {
                "off": False,
                "warn": "warning",
                "approval": "approval",
                "block": "block",
            }[company.order_credit_check_mode]
        return self.severity

    # === CHECKS OF THE ORDER ITSELF === #

    def _order_field_label(self, field_name):
        """The label of the order's field ``field_name`` in the reader's
        language (the context's), as the quotation form shows it."""
        return self.env["sale.order"]._fields[field_name]._description_string(self.env)

    def _order_check_customer(self, orders):
        """Customer: full legal name, a reachable contact with a phone number
        or an e-mail address of a valid form, a delivery address."""
        customer = self._order_field_label("partner_id")
        for order in orders:
            partner = order.partner_id
            company = partner.commercial_partner_id
            name = (company.name or "").strip()
            for message in self._order_legal_name_problems(company):
                yield order, None, message, "partner_id"
            contacts = (partner | company | company.child_ids).filtered(
                lambda p: not p.is_company and (p.phone or p.mobile or p.email)
            )
            if not contacts:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s '%(name)s': add a contact person with a phone "
                        "number or an email address.",
                        field=customer,
                        name=name,
                    ),
                    "partner_id",
                )
            for message in self._order_contact_form_problems(
                partner | company | contacts
            ):
                yield order, None, message, "partner_id"
            shipping = order.partner_shipping_id
            if not (shipping.street and (shipping.city or shipping.zip)):
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s '%(name)s': enter the street and the city.",
                        field=self._order_field_label("partner_shipping_id"),
                        name=shipping.display_name or name,
                    ),
                    "partner_shipping_id",
                )

    def _order_legal_name_problems(self, company):
        """Messages on the legal name of the commercial partner ``company``: a
        Chinese company needs a legal-form ending or a valid unified social
        credit code; any other an unabbreviated name."""
        name = (company.name or "").strip()
        customer = self._order_field_label("partner_id")
        codes = partner_identity.uscc_candidates(company.vat, company.company_registry)
        for code in codes:
            if not partner_identity.is_valid_uscc(code):
                yield self.env._(
                    "%(field)s '%(name)s': the unified social credit code %(code)s "
                    "is not valid (its check digit or format is wrong). Correct it "
                    "in the Tax ID or Company ID.",
                    field=customer,
                    name=name,
                    code=code,
                )
        chinese = company.country_id.code == "CN" and company.is_company
        if chinese:
            forms = partner_identity.parse_legal_forms(self.legal_forms)
            valid_code = any(partner_identity.is_valid_uscc(c) for c in codes)
            if not valid_code and not partner_identity.has_legal_form(name, forms):
                yield self.env._(
                    "%(field)s '%(name)s': the name does not end with a legal form "
                    "(%(forms)s) and no valid unified social credit code is given: "
                    "enter the full registered name, or the code in the Tax ID.",
                    field=customer,
                    name=name,
                    forms=", ".join(forms[:6]),
                )
        elif len(name) < (4 if company.is_company else 2):
            yield self.env._(
                "%(field)s '%(name)s': enter the full legal name, not an abbreviation.",
                field=customer,
                name=name,
            )

    def _order_contact_form_problems(self, partners):
        """Messages on the phone numbers and e-mail addresses of ``partners``
        that do not have a valid form."""
        customer = self._order_field_label("partner_id")
        for partner in partners:
            for fname in ("phone", "mobile"):
                number = partner[fname]
                if number and not self._order_phone_valid(partner, number):
                    yield self.env._(
                        "%(field)s: the phone number '%(number)s' of the contact "
                        "'%(name)s' is not valid.",
                        field=customer,
                        name=partner.name,
                        number=number,
                    )
            if partner.email and not email_normalize(partner.email):
                yield self.env._(
                    "%(field)s: the e-mail address '%(email)s' of the contact "
                    "'%(name)s' is not valid.",
                    field=customer,
                    name=partner.name,
                    email=partner.email,
                )

    def _order_phone_valid(self, partner, number):
        """Whether ``number`` is a valid phone number for ``partner``: Odoo's
        phone validation when it can parse numbers (phone_validation with the
        phonenumbers library), else the form of a phone number."""
        if not partner_identity.is_phone_form(number):
            return False
        if "_phone_format" in partner and _phonenumbers_available():
            formatted = partner._phone_format(
                number=number,
                country=partner.country_id or partner.commercial_partner_id.country_id,
                raise_exception=False,
            )
            return bool(formatted)
        return True

    def _order_check_lines(self, orders):
        """Lines: a product, a positive quantity, a price with the allowed decimals."""
        field = self._order_field_label("order_line")
        for order in orders:
            decimals = order.company_id.order_price_decimals
            lines = order._order_check_lines_of()
            if not lines:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: add at least one product line.", field=field
                    ),
                    "order_line",
                )
            for line in lines:
                label = line.product_id.display_name or line.name or ""
                if not line.product_id:
                    yield (
                        order,
                        line,
                        self.env._(
                            "%(field)s, line '%(line)s': choose a product.",
                            field=field,
                            line=label,
                        ),
                        "order_line",
                    )
                if (
                    float_compare(
                        line.product_uom_qty,
                        0.0,
                        precision_rounding=line.product_uom.rounding,
                    )
                    <= 0
                ):
                    yield (
                        order,
                        line,
                        self.env._(
                            "%(field)s, line '%(line)s': the quantity must be more "
                            "than zero.",
                            field=field,
                            line=label,
                        ),
                        "order_line",
                    )
                if float_compare(
                    line.price_unit,
                    float_round(line.price_unit, precision_digits=decimals),
                    precision_digits=6,
                ):
                    yield (
                        order,
                        line,
                        self.env._(
                            "%(field)s, line '%(line)s': the unit price %(price)s has "
                            "more than %(decimals)s decimals.",
                            field=field,
                            line=label,
                            price=line.price_unit,
                            decimals=decimals,
                        ),
                        "order_line",
                    )

    def _order_check_delivery_date(self, orders):
        """Delivery date (or range): present, not past, reachable within the
        products' lead time; a range is judged by its latest date."""
        now = fields.Datetime.now()
        for order in orders:
            date = order.commitment_date
            if not date:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: set the date agreed with the customer.",
                        field=self._order_field_label("commitment_date"),
                    ),
                    "commitment_date",
                )
                continue
            latest = order._order_latest_delivery()
            # a range is judged by its latest date, the field that holds it
            name = (
                "commitment_date_end"
                if order.commitment_date_end
                else "commitment_date"
            )
            if latest < now:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: %(date)s is in the past.",
                        field=self._order_field_label(name),
                        date=order.company_id._order_local_text(latest),
                    ),
                    name,
                )
                continue
            lead = max(order._order_check_lines_of().mapped("customer_lead") or [0.0])
            earliest = now + timedelta(days=lead)
            if latest < earliest:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: %(date)s is before the products' lead time "
                        "allows (%(earliest)s at the earliest).",
                        field=self._order_field_label(name),
                        date=fields.Date.to_string(
                            order.company_id._order_local_date(latest)
                        ),
                        earliest=fields.Date.to_string(
                            order.company_id._order_local_date(earliest)
                        ),
                    ),
                    name,
                )

    def _order_check_amount(self, orders):
        """Total: equal to the customer's stated total within the tolerance,
        for channels whose orders come with a customer document."""
        field = self._order_field_label("customer_stated_total")
        for order in orders:
            if not order.customer_stated_total and not order.customer_document:
                continue  # a web or portal order states no total of its own
            if not order.customer_stated_total:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: enter the total written on the customer's order "
                        "document.",
                        field=field,
                    ),
                    "customer_stated_total",
                )
                continue
            difference = order.amount_total - order.customer_stated_total
            if (
                float_compare(
                    abs(difference),
                    order.company_id.order_amount_tolerance,
                    precision_rounding=order.currency_id.rounding,
                )
                > 0
            ):
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: the order total %(total)s differs from "
                        "%(stated)s by %(difference)s.",
                        field=field,
                        total=order.amount_total,
                        stated=order.customer_stated_total,
                        difference=round(difference, 6),
                    ),
                    "customer_stated_total",
                )

    def _order_check_price(self, orders):
        """Prices below the pricelist and discounts above the limit."""
        for order in orders:
            lines = order._order_check_lines_of().filtered("product_id")
            floors = self._order_pricelist_prices(order, lines)
            limit = order.company_id.order_max_discount
            field = self._order_field_label("order_line")
            for line in lines:
                label = line.product_id.display_name
                if float_compare(line.discount, limit, precision_digits=2) > 0:
                    yield (
                        order,
                        line,
                        self.env._(
                            "%(field)s, line '%(line)s': a discount of %(discount)s%% "
                            "is above the %(limit)s%% policy.",
                            field=field,
                            line=label,
                            discount=line.discount,
                            limit=limit,
                        ),
                        "order_line",
                    )
                floor = floors.get(line.id)
                if (
                    floor
                    and line.price_unit > 0
                    and float_compare(
                        line.price_unit,
                        floor,
                        precision_rounding=order.currency_id.rounding,
                    )
                    < 0
                ):
                    yield (
                        order,
                        line,
                        self.env._(
                            "%(field)s, line '%(line)s': the unit price %(price)s is "
                            "below the pricelist price %(floor)s.",
                            field=field,
                            line=label,
                            price=line.price_unit,
                            floor=floor,
                        ),
                        "order_line",
                    )

    def _order_pricelist_prices(self, order, lines):
        """Pricelist unit price of each of ``order``'s ``lines``, by line id, in
        one rule search."""
        order.ensure_one()
        pricelist = order.pricelist_id
        date = order.date_order or fields.Datetime.now()
        if not pricelist:
            return {line.id: line.product_id.lst_price for line in lines}
        rules = pricelist._get_applicable_rules(lines.product_id, date)
        prices = {}
        for line in lines:
            product = line.product_id
            qty = line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id, raise_if_failure=False
            )
            rule = next(
                (r for r in rules if r._is_applicable_for(product, qty)),
                self.env["product.pricelist.item"],
            )
            prices[line.id] = rule._compute_price(
                product,
                line.product_uom_qty,
                line.product_uom,
                date=date,
                currency=pricelist.currency_id,
            )
        return prices

    def _order_check_gift(self, orders):
        """Free lines (gifts, promotions) worth more than the allowed share."""
        for order in orders:
            lines = order._order_check_lines_of().filtered("product_id")
            currency = order.currency_id
            gifts = lines.filtered(
                lambda line, c=currency: (
                    c.is_zero(line.price_unit) or line.discount >= 100
                )
            )
            if not gifts:
                continue
            gift_value = sum(
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id, raise_if_failure=False
                )
                * line.product_id.lst_price
                for line in gifts
            )
            base = order.amount_untaxed + gift_value
            share = 100.0 * gift_value / base if base else 100.0
            limit = order.company_id.order_max_gift_percent
            if float_compare(share, limit, precision_digits=2) > 0:
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s: free lines are worth %(share)s%% of the order; "
                        "the promotion policy allows %(limit)s%%.",
                        field=self._order_field_label("order_line"),
                        share=round(share, 1),
                        limit=limit,
                    ),
                    "order_line",
                )

    # === CHECKS AGAINST OTHER RECORDS === #

    def _order_check_duplicate(self, orders):
        """Orders of the same customer with the same reference or the same lines,
        found through the indexed line signature (sale_order_signature.py)."""
        orders = orders.filtered(lambda o: o.partner_id and o.state != "cancel")
        if not orders:
            return
        window = max(orders.company_id.mapped("order_duplicate_window_days") or [0])
        since = fields.Datetime.now() - timedelta(days=window)
        refs = {(o.client_order_ref or "").strip() for o in orders} - {""}
        signatures = set(orders.mapped("line_signature")) - {False}
        if not refs and not signatures:
            return
        self.env["sale.order"].flush_model(
            [
                "partner_id",
                "state",
                "date_order",
                "client_order_ref",
                "company_id",
                "line_signature",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT o.id, o.name, o.company_id, p.commercial_partner_id,
                       btrim(o.client_order_ref), o.date_order, o.line_signature
                  FROM res_partner p
                 -- one index arm per criterion, per contact of the customer:
                 -- with an OR, PostgreSQL reads every order of a customer with
                 -- 20,000 of them (its estimate is the average customer's)
                 CROSS JOIN LATERAL (
                       SELECT s.id FROM sale_order s
                        WHERE s.partner_id = p.id AND s.line_signature = ANY(%s)
                       UNION
                       SELECT s.id FROM sale_order s
                        WHERE s.partner_id = p.id
                          AND btrim(s.client_order_ref) = ANY(%s)
                 ) hit
                  JOIN sale_order o ON o.id = hit.id
                 WHERE p.commercial_partner_id = ANY(%s)
                   AND o.company_id = ANY(%s)
                   AND o.state != 'cancel'
                   AND o.date_order >= %s
                   AND o.id != ALL(%s)
                """,
                list(signatures),
                list(refs),
                orders.partner_id.commercial_partner_id.ids,
                orders.company_id.ids,
                since,
                orders.ids,
            )
        )
        # the orders checked together are candidates of each other as well
        rows += [
            (
                o.id,
                o.name,
                o.company_id.id,
                o.partner_id.commercial_partner_id.id,
                (o.client_order_ref or "").strip(),
                o.date_order,
                o.line_signature,
            )
            for o in orders
            if o.date_order and o.date_order >= since
        ]
        for order in orders:
            company = order.company_id
            limit = fields.Datetime.now() - timedelta(
                days=company.order_duplicate_window_days
            )
            my_ref = (order.client_order_ref or "").strip()
            partner = order.partner_id.commercial_partner_id.id
            for oid, name, company_id, partner_id, ref, date, signature in rows:
                if oid == order.id or company_id != company.id or partner_id != partner:
                    continue
                same_ref = bool(my_ref) and ref == my_ref
                same_lines = (
                    date >= limit
                    and bool(order.line_signature)
                    and signature == order.line_signature
                )
                if same_ref:
                    yield (
                        order,
                        None,
                        self.env._(
                            "%(field)s: possible duplicate of %(other)s, which has "
                            "the same reference '%(ref)s'.",
                            field=self._order_field_label("client_order_ref"),
                            other=name,
                            ref=ref,
                        ),
                        "client_order_ref",
                    )
                elif same_lines:
                    yield (
                        order,
                        None,
                        self.env._(
                            "%(field)s: possible duplicate of %(other)s, same "
                            "customer, products and quantities within %(days)s days.",
                            field=self._order_field_label("order_line"),
                            other=name,
                            days=company.order_duplicate_window_days,
                        ),
                        "order_line",
                    )

    def _order_check_credit(self, orders):
        """Credit: limit minus receivables and open orders; overdue invoices."""
        partners = orders.partner_id.commercial_partner_id
        if not partners:
            return
        today = fields.Date.context_today(orders)
        customer = self._order_field_label("partner_id")
        overdue = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", today),
                ],
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        for order in orders:
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            )
            company_currency = order.company_id.currency_id
            late = overdue.get(partner)
            if late and not company_currency.is_zero(late):
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s '%(name)s' has overdue invoices for %(amount)s.",
                        field=customer,
                        name=partner.name,
                        amount=round(late, 2),
                    ),
                    "partner_id",
                )
            limit = partner.credit_limit
            if not limit:
                continue
            amount = order.currency_id._convert(
                order.amount_total,
                company_currency,
                order.company_id,
                order.date_order or today,
            )
            exposure = partner.credit + partner.credit_to_invoice + amount
            if (
                float_compare(
                    exposure, limit, precision_rounding=company_currency.rounding
                )
                > 0
            ):
                yield (
                    order,
                    None,
                    self.env._(
                        "%(field)s '%(name)s' would owe %(exposure)s with this order, "
                        "over the credit limit of %(limit)s.",
                        field=customer,
                        name=partner.name,
                        exposure=round(exposure, 2),
                        limit=limit,
                    ),
                    "partner_id",
                )

    def _order_check_stock(self, orders):
        """Storable products short of free stock in the order's warehouse."""
        # a released order's delivery holds its stock: nothing to check again
        quotations = orders.filtered(lambda o: o.state in ("draft", "sent"))
        Reservation = self.env["order.stock.reservation"]
        field = self._order_field_label("order_line")
        for warehouse in quotations.warehouse_id:
            here = quotations.filtered(lambda o, w=warehouse: o.warehouse_id == w)
            lines = here._order_check_lines_of().filtered(
                lambda line: line.product_id.is_storable
            )
            if not lines:
                continue
            free = Reservation._free_quantities(lines.product_id, warehouse)
            held = Reservation._held_by_orders(lines.order_id)
            for order in here:
                needed = defaultdict(float)
                order_lines = lines.filtered(lambda line, o=order: line.order_id == o)
                for line in order_lines:
                    needed[line.product_id] += line.product_uom._compute_quantity(
                        line.product_uom_qty,
                        line.product_id.uom_id,
                        raise_if_failure=False,
                    )
                for product, qty in needed.items():
                    available = free[product.id] + held.get(
                        (order.id, product.id, warehouse.id), 0.0
                    )
                    if (
                        float_compare(
                            qty, available, precision_rounding=product.uom_id.rounding
                        )
                        > 0
                    ):
                        yield (
                            order,
                            order_lines.filtered(
                                lambda line, p=product: line.product_id == p
                            )[:1],
                            self.env._(
                                "%(field)s, '%(product)s': %(qty)s %(uom)s ordered, "
                                "%(free)s free in %(warehouse)s.",
                                field=field,
                                product=product.display_name,
                                qty=qty,
                                uom=product.uom_id.name,
                                free=max(available, 0.0),
                                warehouse=warehouse.name,
                            ),
                            "order_line",
                        )
