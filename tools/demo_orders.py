# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo orders in every state, made through the real flows by the demo users.

Not part of any addon: ``./oc run`` runs this file in ``odoo shell`` once the
controls are on for the demo company (demo data never switches them on by
itself) and calls ``populate(env)``.  Nothing in the production registry
builds demo data.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL

DONE_PARAM = "order_kpi.demo_orders_done"


def populate(env):
    """Create the demo orders once; return how many were created."""
    params = env["ir.config_parameter"].sudo()
    if params.get_param(DONE_PARAM):
        return 0
    company = env.ref("base.main_company")
    if not company.order_control_enabled:
        return 0
    demo = _demo_context(env, company)
    orders = env["sale.order"]
    # two past months of released orders, for the scorecards
    for days_back in (62, 31):
        month_orders = env["sale.order"]
        for n in range(6):
            order = _entered(env, demo, n % 3, stated=True)
            _through_review(demo, order, reject_first=(n == 0))
            order.with_user(demo["clerk"]).action_confirm()
            month_orders |= order
        _shift(env, month_orders, days_back)
        orders |= month_orders
    # this month: one order in each state
    orders |= _entered(env, demo, 0, stated=False)  # blocking finding
    submitted = _entered(env, demo, 1, stated=True)
    submitted.with_user(demo["clerk"]).action_submit_review()
    passed = _entered(env, demo, 2, stated=True)
    passed.with_user(demo["clerk"]).action_submit_review()
    passed.with_user(demo["reviewer"]).action_review_pass()
    approved = _entered(env, demo, 0, stated=True)
    _through_review(demo, approved)
    rejected = _entered(env, demo, 1, stated=True)
    rejected.with_user(demo["clerk"]).action_submit_review()
    rejected.with_user(demo["reviewer"]).action_reject(
        reason="客户名称请写全称 / Write the customer's full legal name."
    )
    orders |= submitted | passed | approved | rejected
    # released orders: one late, one changed, one closed
    late = _released(env, demo, 1)
    # released two days ago: its first milestones are now overdue
    _shift(env, late, 2)
    env["order.milestone"]._cron_check_lateness()
    env["order.exception"].with_user(demo["tracker"]).create(
        {
            "name": "Supplier of the steel sheet is two days late",
            "order_id": late.id,
            "kind": "production_delay",
            "user_id": demo["tracker"].id,
            "likelihood": "high",
            "impact": "major",
            "date_deadline": fields.Datetime.now() + timedelta(days=1),
            "response": "Ask the regional warehouse for a transfer.",
        }
    )
    changed = _released(env, demo, 2)
    line = changed.order_line[:1]
    request = (
        env["order.change.request"]
        .with_user(demo["clerk"])
        .create(
            {
                "order_id": changed.id,
                "cause": "customer",
                "reason": "The customer needs five more units.",
                "impact": "Ships one day later.",
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": line.id,
                            "new_qty": line.product_uom_qty + 5,
                        }
                    )
                ],
            }
        )
    )
    request.action_submit()
    request.with_user(demo["head"]).write(
        {
            "owner_id": demo["tracker"].id,
            "date_deadline": fields.Datetime.now() + timedelta(days=1),
        }
    )
    request.with_user(demo["head"]).action_approve()
    request.with_user(demo["tracker"]).action_apply()
    waiting = (
        env["order.change.request"]
        .with_user(demo["clerk"])
        .create(
            {
                "order_id": changed.id,
                "cause": "entry_error",
                "reason": "The delivery address was entered wrong.",
                "new_client_order_ref": "PO-2026-1188-R1",
            }
        )
    )
    waiting.action_submit()
    closed = _released(env, demo, 0)
    _deliver(closed.with_user(demo["tracker"]))
    invoice = closed.with_user(demo["finance"])._create_invoices()
    invoice.action_post()
    env["account.payment.register"].with_user(demo["finance"]).with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({})._create_payments()
    closure = (
        env["order.closure.request"]
        .with_user(demo["clerk"])
        .create({"order_id": closed.id, "reason": "completed"})
    )
    closure.action_submit()
    closure.with_user(demo["head"]).action_approve()
    orders |= late | changed | closed
    # the scorecards of the two past months
    today = fields.Date.context_today(env.user)
    first = today.replace(day=1)
    months = [
        (first - timedelta(days=1)).replace(day=1),
    ]
    months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    scorecards = env["order.kpi.scorecard"].with_user(demo["auditor"])
    for month in months:
        scorecards._order_kpi_compute_month(company, month)
    params.set_param(DONE_PARAM, "1")
    return len(orders)


def _demo_context(env, company):
    """The demo users, the warehouse, and new products (in stock) and customers."""
    ref = env.ref
    demo = {
        "clerk": ref("order_entry_control.user_clerk_demo"),
        "reviewer": ref("order_entry_control.user_reviewer_demo"),
        "approver": ref("order_entry_control.user_approver_demo"),
        "finance": ref("order_entry_control.user_finance_demo"),
        "manager": ref("order_entry_control.user_manager_demo"),
        "tracker": ref("order_tracking.user_tracker_demo"),
        "head": ref("order_tracking.user_head_demo"),
        "auditor": ref("order_kpi.user_auditor_demo"),
    }
    # the walkthrough of issue 23: the clerk reads Simplified Chinese, the
    # reviewer English; each reads the activities given to them in their own
    if env["res.lang"]._get_data(code="zh_CN"):
        demo["clerk"].lang = "zh_CN"
    demo["reviewer"].lang = "en_US"
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    products = env["product.product"].create(
        [
            {
                "name": name,
                "default_code": code,
                "type": "consu",
                "is_storable": True,
                "list_price": price,
                "invoice_policy": "order",
            }
            for name, code, price in (
                ("不锈钢支架 Stainless bracket M8", "SB-M8", 12.5),
                ("铝合金面板 Aluminium panel 600", "AP-600", 86.0),
                ("电机组件 Motor assembly 1.5kW", "MA-15", 1280.0),
            )
        ]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 500.0
        )
    customers = env["res.partner"].create(
        [
            {
                "name": name,
                "is_company": True,
                "street": street,
                "city": city,
                "country_id": env.ref("base.cn").id,
                "phone": phone,
                "email": email,
            }
            for name, street, city, phone, email in (
                (
                    "上海华东贸易有限公司",
                    "世纪大道88号",
                    "上海",
                    "+86 21 5555 0100",
                    "buyer@huadong.example.com",
                ),
                (
                    "杭州西湖机电设备有限公司",
                    "文三路199号",
                    "杭州",
                    "+86 571 8888 0200",
                    "purchase@xihu.example.com",
                ),
                (
                    "苏州工业园区精密制造有限公司",
                    "星湖街328号",
                    "苏州",
                    "+86 512 6666 0300",
                    "orders@szprecision.example.com",
                ),
            )
        ]
    )
    for customer, contact in zip(customers, ("李伟", "张敏", "王芳"), strict=True):
        env["res.partner"].create(
            {
                "name": contact,
                "parent_id": customer.id,
                "type": "contact",
                "phone": customer.phone,
                "email": customer.email,
            }
        )
    demo.update(warehouse=warehouse, products=products, customers=customers)
    return demo


def _entered(env, demo, index, stated=True):
    """A checked order of customer ``index``, entered by the demo clerk."""
    products = demo["products"]
    order = (
        env["sale.order"]
        .with_user(demo["clerk"])
        .create(
            {
                "partner_id": demo["customers"][index].id,
                "warehouse_id": demo["warehouse"].id,
                "entry_channel": ("phone", "email", "sales_rep")[index],
                # a phone order needs its received time (#18)
                "received_datetime": fields.Datetime.now() - timedelta(minutes=20),
                "commitment_date": fields.Datetime.now() + timedelta(days=10),
                "client_order_ref": f"PO-2026-{1100 + index}",
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in zip(products, (20 + index, 4, 1), strict=True)
                ],
            }
        )
    )
    if stated:
        order.customer_stated_total = order.amount_total
    order.action_run_checks()
    return order


def _through_review(demo, order, reject_first=False):
    """Submit ``order``, have it reviewed (rejected once first) and approved."""
    order.with_user(demo["clerk"]).action_submit_review()
    if reject_first:
        order.with_user(demo["reviewer"]).action_reject(
            reason="交货日期请与客户确认 / Confirm the delivery date."
        )
        order.with_user(demo["clerk"]).action_submit_review()
    order.with_user(demo["reviewer"]).action_review_pass()
    order.with_user(demo["approver"]).action_approve()


def _released(env, demo, index):
    """An order entered, reviewed, approved, released and given a tracker."""
    order = _entered(env, demo, index)
    _through_review(demo, order)
    order.with_user(demo["clerk"]).action_confirm()
    order.sudo().tracker_id = demo["tracker"]
    return order


def _deliver(order):
    """Validate the open deliveries of ``order`` in full."""
    for picking in order.picking_ids.filtered(
        lambda p: p.state not in ("done", "cancel")
    ):
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()


def _shift(env, orders, days):
    """Move these orders' history ``days`` back, as if they were entered then."""
    delta = timedelta(days=days)
    env.flush_all()
    for table, columns in (
        (
            "sale_order",
            (
                "received_datetime",
                "entered_datetime",
                "entry_deadline",
                "submitted_datetime",
                "approved_datetime",
                "released_datetime",
                "date_order",
                "commitment_date",
                "create_date",
            ),
        ),
        ("order_review", ("started_on", "deadline", "decided_on")),
        ("order_milestone", ("date_planned", "date_actual")),
    ):
        key = "id" if table == "sale_order" else "order_id"
        for column in columns:
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s - %s WHERE %s IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    SQL.identifier(column),
                    delta,
                    SQL.identifier(key),
                    tuple(orders.ids),
                )
            )
    env.cr.execute(
        SQL(
            "UPDATE sale_order SET business_date = business_date - %s WHERE id IN %s",
            days,
            tuple(orders.ids),
        )
    )
    env.invalidate_all()
