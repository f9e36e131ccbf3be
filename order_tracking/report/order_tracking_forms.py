# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the tracking forms read from their records (订单分配表, 订单跟踪表,
订单变更申请表, 订单关闭申请表, 发货通知单), and their report models, which
refuse a reader who may not read the records before anything is rendered."""

from odoo import api, fields, models


def _format_minutes(env, value):
    """``value`` (naive UTC) to the minute, in the reader's language and zone."""
    return env["ir.qweb.field.order_datetime"].value_to_html(value, {}) or ""


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _get_report_shipping_pickings(self):
        """The deliveries a shipping notice is printed for: those still to
        ship, else those shipped."""
        self.ensure_one()
        deliveries = self.picking_ids.filtered(
            lambda p: p.state != "cancel" and p._is_order_customer_delivery()
        )
        return deliveries.filtered(lambda p: p.state != "done") or deliveries


class OrderMilestone(models.Model):
    _inherit = "order.milestone"

    def _get_report_late_hours(self):
        """Working hours by which this milestone is (or was) late, 0 if on time."""
        self.ensure_one()
        if not self.date_planned:
            return 0.0
        end = self.date_actual or fields.Datetime.now()
        if end <= self.date_planned:
            return 0.0
        return round(
            self.order_id.company_id._order_working_hours_between(
                self.date_planned, end
            ),
            1,
        )


class OrderChangeRequest(models.Model):
    _inherit = "order.change.request"

    def _get_report_header_rows(self):
        """(what, old, new) of each header change, as the form prints them: the
        delivery address in full, dates to the minute."""
        self.ensure_one()
        rows = []
        if self.new_commitment_date:
            rows.append(
                (
                    self._fields["old_commitment_date"].get_description(self.env)[
                        "string"
                    ],
                    _format_minutes(self.env, self.old_commitment_date),
                    _format_minutes(self.env, self.new_commitment_date),
                )
            )
        if self.new_partner_shipping_id:
            rows.append(
                (
                    self._fields["old_partner_shipping_id"].get_description(self.env)[
                        "string"
                    ],
                    self._report_address(self.old_partner_shipping_id),
                    self._report_address(self.new_partner_shipping_id),
                )
            )
        if self.new_payment_term_id:
            rows.append(
                (
                    self._fields["old_payment_term_id"].get_description(self.env)[
                        "string"
                    ],
                    self.old_payment_term_id.display_name or "",
                    self.new_payment_term_id.display_name,
                )
            )
        if self.new_client_order_ref:
            rows.append(
                (
                    self._fields["old_client_order_ref"].get_description(self.env)[
                        "string"
                    ],
                    self.old_client_order_ref or "",
                    self.new_client_order_ref,
                )
            )
        return rows

    @api.model
    def _report_address(self, partner):
        """A delivery address on several lines: who, then where."""
        if not partner:
            return ""
        address = partner._display_address(without_company=True).strip()
        return "\n".join(filter(None, [partner.name, address]))

    def _get_report_departments(self):
        """The departments concerned: those headed by who approved or carries
        out the change, else those of the order's allocations to its owner."""
        self.ensure_one()
        heads = self.approved_by_id | self.owner_id
        departments = self.env["order.department"].search(
            [("manager_id", "in", heads.ids), ("company_id", "=", self.company_id.id)]
        )
        if not departments and self.owner_id:
            departments = self.order_id.allocation_ids.filtered(
                lambda a: a.user_id == self.owner_id
            ).department_id
        return departments

    def _get_report_signature_boxes(self):
        """申请人 (who asked, when submitted), 部门负责人 (the request's own
        approval), 审核 (the order's review steps a material change goes
        through again); blank for a pen until they happen."""
        self.ensure_one()
        decisions = self._approval_report_decisions()
        own = decisions.filtered(lambda r: r.step_id.model_id.model == self._name)
        requested = []
        if self.submitted_datetime:
            requested.append(
                self._approval_report_entry(
                    self.requested_by_id, self.submitted_datetime
                )
            )
        return [
            {"label": self.env._("Requested by"), "entries": requested},
            self._approval_report_box(self.env._("Department head"), own),
            self._approval_report_box(self.env._("Reviewed by"), decisions - own),
        ]


class OrderClosureRequest(models.Model):
    _inherit = "order.closure.request"

    def _get_report_evidence(self):
        """The records behind each precondition: deliveries, invoices (with
        their payments) and open exceptions of the order."""
        self.ensure_one()
        order = self.order_id
        invoices = order.invoice_ids.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund") and m.state != "cancel"
            )
        )
        return {
            "deliveries": order.picking_ids.filtered(
                lambda p: p.picking_type_code in ("outgoing", "incoming")
            ),
            "invoices": invoices,
            # the payments, to whoever may read them (accountants)
            "payments": invoices._get_reconciled_payments()
            if self.env["account.payment"].has_access("read")
            else self.env["account.payment"],
            "exceptions": order._order_open_exceptions(),
        }

    def _get_report_signature_boxes(self):
        """申请人 and the department head's approval; blank for a pen before."""
        self.ensure_one()
        requested = [
            self._approval_report_entry(self.requested_by_id, self.create_date)
        ]
        return [
            {"label": self.env._("Requested by"), "entries": requested},
            self._approval_report_box(
                self.env._("Department head"), self._approval_report_decisions()
            ),
        ]


class ReportOrderAllocation(models.AbstractModel):
    _name = "report.order_tracking.report_order_allocation"
    _inherit = "order.form.report"
    _description = "Order Control: allocation table"

    @api.model
    def _order_form_model(self):
        return "sale.order"


class ReportOrderTracking(models.AbstractModel):
    _name = "report.order_tracking.report_order_tracking"
    _inherit = "order.form.report"
    _description = "Order Control: tracking table"

    @api.model
    def _order_form_model(self):
        return "sale.order"


class ReportOrderShippingNotice(models.AbstractModel):
    _name = "report.order_tracking.report_order_shipping_notice"
    _inherit = "order.form.report"
    _description = "Order Control: shipping notice of an order"

    @api.model
    def _order_form_model(self):
        return "sale.order"


class ReportShippingNotice(models.AbstractModel):
    _name = "report.order_tracking.report_shipping_notice"
    _inherit = "order.form.report"
    _description = "Order Control: shipping notice of a delivery"

    @api.model
    def _order_form_model(self):
        return "stock.picking"


class ReportOrderChangeRequest(models.AbstractModel):
    _name = "report.order_tracking.report_order_change_request"
    _inherit = "order.form.report"
    _description = "Order Control: change request form"

    @api.model
    def _order_form_model(self):
        return "order.change.request"


class ReportOrderClosureRequest(models.AbstractModel):
    _name = "report.order_tracking.report_order_closure_request"
    _inherit = "order.form.report"
    _description = "Order Control: closure request form"

    @api.model
    def _order_form_model(self):
        return "order.closure.request"
