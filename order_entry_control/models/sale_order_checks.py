# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The entry checks' glue on sale.order: running the rules' checks over orders
into findings, rechecking after a change, refusing line changes under review,
and rounding off small change before a submission.

The order's view of its findings lives here too: which fields a blocking
finding concerns (highlighted on the form) and whether the last checks passed
(the green banner).

The checks themselves live on their rules (order_control_rule.py).
"""

from odoo import api, fields, models
from odoo.tools import float_compare, float_round

from .sale_order import INTERNAL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    finding_field_names = fields.Char(
        compute="_compute_finding_field_names",
        help="Technical: the fields that a blocking finding concerns, each "
        "between commas, for the form to highlight them.",
    )
    checks_passed = fields.Boolean(
        compute="_compute_checks_passed",
        help="The checks ran, found nothing open, and the order has not changed since.",
    )

    # === COMPUTE METHODS === #

    @api.depends("finding_ids.field_name", "finding_ids.severity", "finding_ids.waived")
    def _compute_finding_field_names(self):
        for order in self:
            names = order.finding_ids.filtered(
                lambda f: f.severity == "block" and not f.waived and f.field_name
            ).mapped("field_name")
            order.finding_field_names = (
                ",{},".format(",".join(sorted(set(names)))) if names else ""
            )

    @api.depends("checks_date", "write_date", "finding_ids.waived")
    def _compute_checks_passed(self):
        for order in self:
            order.checks_passed = bool(
                order.checks_date
                and not order.finding_ids.filtered(lambda f: not f.waived)
                and not order._order_checks_stale()
            )

    # === BUSINESS METHODS: CHECKS === #

    def _order_checks_stale(self):
        """Whether the order changed after its last checks (a change of its
        commercial fields runs them again; any other leaves them stale).

        To the second, as the checks' time is kept: the write that stamps the
        checks' time carries a write date of the same second."""
        self.ensure_one()
        return bool(
            self.checks_date
            and self.write_date
            and self.write_date.replace(microsecond=0) > self.checks_date
        )

    def _order_control_lines_changing(self):
        """Refuse line changes on orders under review (unless bypassed)."""
        if not self._order_control_unlocked():
            self._check_order_control_editable()

    def _order_control_lines_changed(self):
        """Recheck after a direct change of lines (order writes recheck themselves)."""
        self._order_control_lines_changing()
        if self.env.context.get("order_control_skip_checks") is INTERNAL:
            return
        # four eyes: a direct change of lines shapes the order too
        self.filtered(
            lambda o: o.commercial_changed_by_id != self.env.user
        ).sudo().write({"commercial_changed_by_id": self.env.uid})
        self._order_control_recheck()
        self._order_entry_reservation_sync()

    def _order_checks_outdated(self):
        """Whether the findings must be recomputed (never checked, or changed since)."""
        self.ensure_one()
        return not self.checks_date

    def _order_control_recheck(self):
        """Recompute findings of checked, editable orders after a change."""
        to_check = self.filtered(
            lambda o: (
                o.checks_date
                and o.order_control_active
                and o.state in ("draft", "sent")
                and o.review_state in ("draft", "rejected")
            )
        )
        if to_check:
            to_check._order_control_run_checks()

    def _get_order_control_rules(self):
        """The active checks of every company; override to narrow them."""
        rules = self.env["order.control.rule"].sudo().search([])
        return rules

    def _order_control_run_checks(self):
        """Replace the unwaived findings of these orders by fresh ones."""
        # a change request re-checks released orders too
        states = (
            ("draft", "sent", "sale")
            if self.env.context.get("order_control_check_released") is INTERNAL
            else ("draft", "sent")
        )
        orders = self.filtered(
            lambda o: o.order_control_active and o.state in states
        ).sudo()
        if not orders:
            return
        rules = self._get_order_control_rules()
        found = []  # (order, rule, severity, message, line, field name)
        for rule in rules:
            scope = orders.filtered(
                lambda o, r=rule: not r.company_id or r.company_id == o.company_id
            )
            # the check of the rule's kind (order_control_rule.py)
            method = getattr(rule, f"_order_check_{rule.kind}", None)
            if not scope or method is None:
                continue
            for order, line, message, field_name in method(scope):
                severity = rule._effective_severity(order.company_id)
                if severity:
                    found.append((order, rule, severity, message, line, field_name))
        existing = orders.finding_ids
        waived = {
            (f.order_id.id, f.rule_id.id, f.line_id.id, f.message): f
            for f in existing
            if f.waived
        }
        kept = self.env["order.control.finding"]
        vals_list = []
        for order, rule, severity, message, line, field_name in found:
            key = (order.id, rule.id, line.id if line else False, message)
            if key in waived:
                kept |= waived[key]
                continue
            vals_list.append(
                {
                    "order_id": order.id,
                    "rule_id": rule.id,
                    "severity": severity,
                    "message": message,
                    "line_id": line.id if line else False,
                    "field_name": field_name or False,
                }
            )
        (existing - kept).unlink()
        self.env["order.control.finding"].sudo().create(vals_list)
        orders.write({"checks_date": fields.Datetime.now()})

    def _order_control_blocking_message(self, orders):
        lines = [self.env._("These findings block the submission:")]
        for order in orders:
            for finding in order.finding_ids.filtered(
                lambda f: f.severity == "block" and not f.waived
            ):
                lines.append(f"- {order.name}: {finding.message}")
        lines.append(
            self.env._(
                "Correct the order, or ask an Order Control Manager to waive a finding."
            )
        )
        return "\n".join(lines)

    def _order_control_apply_rounding(self):
        """Round totals down to the company's small-change unit with a discount line."""
        product = self._order_small_change_product()
        for order in self:
            unit = order.company_id.order_rounding_unit
            if not unit or not product:
                continue
            old = order.order_line.filtered(
                lambda line, p=product: line.product_id == p
            )
            total = order.amount_total - sum(old.mapped("price_total"))
            remainder = float_round(
                total - unit * (total // unit),
                precision_rounding=order.currency_id.rounding,
            )
            if (
                float_compare(
                    remainder,
                    -sum(old.mapped("price_unit")),
                    precision_rounding=order.currency_id.rounding,
                )
                == 0
                and len(old) <= 1
            ):
                continue
            commands = [fields.Command.delete(line.id) for line in old]
            if not order.currency_id.is_zero(remainder):
                commands.append(
                    fields.Command.create(
                        {
                            "product_id": product.id,
                            "name": self.env._(
                                "Small change rounded off: %(amount)s (unit %(unit)s)",
                                amount=remainder,
                                unit=unit,
                            ),
                            "product_uom_qty": 1.0,
                            "price_unit": -remainder,
                            "tax_id": [fields.Command.clear()],
                            "sequence": 99999,
                        }
                    )
                )
            order.with_context(order_control_skip_checks=INTERNAL).write(
                {"order_line": commands, "checks_date": False}
            )

    def _order_small_change_product(self):
        """The product of the rounding lines (empty if deleted), from the cached
        xmlid: no query per call, where ``env.ref`` reads the record each time."""
        return self.env["product.product"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "order_entry_control.product_small_change", raise_if_not_found=False
            )
        )

    def _order_check_lines_of(self):
        """Product lines that the checks look at (no sections, notes or rounding)."""
        product = self._order_small_change_product()
        return self.order_line.filtered(
            lambda line: (
                not line.display_type
                and not line.is_downpayment
                and (not product or line.product_id != product)
            )
        )
