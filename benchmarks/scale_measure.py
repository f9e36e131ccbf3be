# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The measurements of ``scale.py``: each user action of the controlled
flow, the duplicate check, a step started for 2 and for 200 reviewers, the SLA
and milestone crons, the KPI month and the two lists, each in its own
committed transaction (queries, wall ms), by families (``FAMILIES``)."""

import statistics
import time
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from scale_build import N_REVIEWERS
from scale_querylog import recording

FLOW_LINES = 10


def timed(registry, uid, func, what, context=None):
    """Run ``func(env)`` in its own committed transaction: (queries, ms)."""
    import odoo
    from odoo import api

    before = odoo.sql_db.sql_counter
    start = time.perf_counter()
    context = {
        "default_entry_channel": "email",
        "default_received_datetime": odoo.fields.Datetime.now() - timedelta(minutes=5),
        **(context or {}),
    }
    with recording(what), registry.cursor() as cr:
        env = api.Environment(cr, uid, context)
        func(env)
        env.flush_all()
    return odoo.sql_db.sql_counter - before, 1000 * (time.perf_counter() - start)


def user_ids(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        logins = ("bench_clerk", "bench_reviewer", "bench_approver", "bench_head")
        found = env["res.users"].search([("login", "in", logins)])
        ids = {u.login: u.id for u in found}
        ids["admin"] = env.ref("base.user_admin").id
        return ids


def flow(registry, users, partner_id, product_ids):
    """One order through every user action: {action: (queries, ms)}."""
    import workload

    from odoo import Command, fields

    steps = {}
    workload.measure = lambda registry, uid, func: _measure_flow(registry, uid, func)
    for action, (q, seconds) in workload.one_order(
        registry, "B0", users, partner_id, product_ids
    ).items():
        steps[action] = (q, 1000 * seconds)
    with registry.cursor() as cr:
        cr.execute("SELECT max(id) FROM sale_order WHERE left(name, 6) != 'BENCH/'")
        order_id = cr.fetchone()[0]
    result = {}

    def change(env):
        order = env["sale.order"].browse(order_id)
        line = order.order_line[:1]
        request = env["order.change.request"].create(
            {
                "order_id": order.id,
                "reason": "Scale: one more",
                "line_ids": [
                    Command.create(
                        {"sale_line_id": line.id, "new_qty": line.product_uom_qty + 1}
                    )
                ],
            }
        )
        request.action_submit()
        result["change"] = request.id

    timed(registry, users["bench_clerk"], change, None)

    def approve_change(env):
        request = env["order.change.request"].browse(result["change"])
        request.write(
            {
                "owner_id": env.uid,
                "date_deadline": fields.Datetime.now() + timedelta(days=20),
            }
        )
        request.action_approve()

    timed(registry, users["bench_head"], approve_change, None)
    steps["change apply"] = timed(
        registry,
        users["bench_head"],
        lambda env: env["order.change.request"].browse(result["change"]).action_apply(),
        "change apply",
    )

    def closure(env):
        request = env["order.closure.request"].create(
            {"order_id": order_id, "reason": "cancelled"}
        )
        request.action_submit()
        result["closure"] = request.id

    timed(registry, users["bench_clerk"], closure, None)
    steps["closure approve"] = timed(
        registry,
        users["bench_head"],
        lambda env: (
            env["order.closure.request"].browse(result["closure"]).action_approve()
        ),
        "closure approve",
    )
    return steps


def _measure_flow(registry, uid, func):
    """workload.measure with the slow queries recorded under the action."""
    import odoo
    from odoo import api

    before = odoo.sql_db.sql_counter
    start = time.perf_counter()
    # the intake a clerk types in the form
    context = {
        "default_entry_channel": "email",
        "default_received_datetime": odoo.fields.Datetime.now() - timedelta(minutes=5),
    }
    with recording("flow"), registry.cursor() as cr:
        result = func(api.Environment(cr, uid, context))
    return odoo.sql_db.sql_counter - before, time.perf_counter() - start, result


def duplicate_check(registry, users, partner_id, product_ids):
    """The duplicate check of a new order of the big customer."""
    from odoo import Command

    holder = {}

    def create(env):
        holder["id"] = (
            env["sale.order"]
            .create(
                {
                    "partner_id": partner_id,
                    "client_order_ref": "PO-NEW",
                    "order_line": [
                        Command.create(
                            {"product_id": product_ids[0], "product_uom_qty": 3}
                        )
                    ],
                }
            )
            .id
        )

    timed(registry, users["bench_clerk"], create, None)
    return timed(
        registry,
        users["bench_clerk"],
        lambda env: list(
            env["order.control.rule"]._order_check_duplicate(
                env["sale.order"].browse(holder["id"])
            )
        ),
        "duplicate check",
    )


def set_reviewers(registry, users, reviewers):
    """Keep ``reviewers`` users in the reviewer group; the number eligible."""
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        group = env.ref("order_entry_control.group_order_reviewer")
        extra = env["res.users"].search([("login", "=like", "bench_rev_%")])
        extra = extra.filtered(lambda u: u.login != "bench_reviewer")
        keep = extra[: max(reviewers - 2, 0)]
        group.users = (
            [Command.unlink(u.id) for u in extra - keep]
            + [Command.link(u.id) for u in keep]
            + [Command.link(users["bench_reviewer"])]
        )
        eligible = len(group.users.filtered(lambda u: u.id != users["bench_clerk"]))
    return eligible


def step_start(registry, users, partner_id, product_ids, reviewers):
    """Submit an order whose first step has ``reviewers`` eligible users."""
    from odoo import Command, fields

    eligible = set_reviewers(registry, users, reviewers)
    holder = {}

    def create(env):
        order = env["sale.order"].create(
            {
                "partner_id": partner_id,
                "commitment_date": fields.Datetime.now() + timedelta(days=30),
                "order_line": [
                    Command.create({"product_id": pid, "product_uom_qty": 1})
                    for pid in product_ids
                ],
            }
        )
        order.customer_stated_total = order.amount_total
        order.action_run_checks()
        holder["id"] = order.id

    timed(registry, users["bench_clerk"], create, None)
    figures = timed(
        registry,
        users["bench_clerk"],
        lambda env: env["sale.order"].browse(holder["id"]).action_submit_review(),
        f"step start, {reviewers} reviewers",
    )
    return eligible, figures


def sla_cron(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        late = env["order.review"].search_count(
            [
                ("state", "=", "pending"),
                ("sla_breached", "=", False),
                ("deadline", "<", env.cr.now()),
            ]
        )
        pending = env["order.review"].search_count([("state", "=", "pending")])
    figures = timed(
        registry,
        SUPERUSER_ID,
        lambda env: env["order.review"]._cron_check_sla(limit=max(late, 1)),
        "SLA cron",
    )
    return pending, late, figures


def milestone_cron(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        opened = env["order.milestone"].search_count([("state", "=", "open")])
    return opened, timed(
        registry,
        SUPERUSER_ID,
        lambda env: env["order.milestone"]._cron_check_lateness(),
        "milestone cron",
    )


def kpi_month(registry, users):
    month = date.today().replace(day=1) - relativedelta(months=2)

    def compute(env):
        env["order.kpi.scorecard"].search([("month", "=", month)]).unlink()
        env["order.kpi.compute.wizard"].create(
            {"company_id": env.company.id, "month": month}
        ).action_compute()

    return timed(
        registry, users["admin"], compute, "KPI month", {"tz": "Asia/Shanghai"}
    )


def open_list(registry, uid, xmlid, what):
    """Open an action's default list as Odoo 18's web client does: the
    action's domain and default filters evaluated as the client evaluates
    them, many2one columns read with their display name, and for a grouped
    list ``web_read_group`` of the first 10 groups when it expands them (80
    otherwise), then one ``web_search_read`` of up to 80 rows per opened group
    (at most 10, the client's MAX_NUMBER_OPENED_GROUPS)."""
    from lxml import etree

    from odoo import SUPERUSER_ID, api
    from odoo.tools.safe_eval import datetime as safe_datetime
    from odoo.tools.safe_eval import safe_eval

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        action = env.ref(xmlid)
        model = action.res_model
        view_id, search_view_id = action.view_id.id, action.search_view_id.id
        action_context, action_domain = action.context, action.domain
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        env = env(context=env.user.context_get())
        user_context = dict(env.context)
        evaluation = {
            "uid": uid,
            "context_today": date.today,
            "relativedelta": relativedelta,
            "datetime": safe_datetime,
        }
        context = safe_eval(action_context or "{}", evaluation)
        domain = safe_eval(action_domain or "[]", evaluation)
        arch = env[model].get_views([(view_id, "list"), (search_view_id, "search")])
        search = etree.fromstring(arch["views"]["search"]["arch"])
        for key, value in context.items():
            if key.startswith("search_default_") and value:
                name = key[len("search_default_") :]
                node = search.find(f".//filter[@name='{name}']")
                if node is not None and node.get("domain"):
                    domain += safe_eval(node.get("domain"), evaluation)
        list_arch = etree.fromstring(arch["views"]["list"]["arch"])
        spec = {}
        for node in list_arch.iter("field"):
            field = env[model]._fields.get(node.get("name"))
            if field:
                spec[field.name] = (
                    {"fields": {"display_name": {}}} if field.type == "many2one" else {}
                )
        group_by = list_arch.get("default_group_by")
        order = list_arch.get("default_order") or ""
        expand = list_arch.get("expand") in ("1", "True", "true")

    def call(env):
        records = env[model].with_context(bin_size=True, **user_context)
        if group_by:
            groups = records.web_read_group(
                domain, [], [group_by], limit=10 if expand else 80, lazy=True
            )
            for group in groups["groups"][: 10 if expand else 0]:
                records.web_search_read(
                    group["__domain"], spec, limit=80, order=order, count_limit=10001
                )
        else:
            records.web_search_read(
                domain, spec, limit=80, order=order, count_limit=10001
            )

    return timed(registry, uid, call, what)


FAMILIES = ("flow", "duplicate", "steps", "lists", "kpi", "sla", "milestones")


def flow_inputs(registry):
    """The flow's customer and products; its number of orders; all orders."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        partner_id = (
            env["res.partner"].search([("name", "=", "Bench Trading Co., Ltd.")]).id
        )
        product_ids = (
            env["product.product"]
            .search([("default_code", "=like", "BENCH-%")], order="default_code")
            .ids[:FLOW_LINES]
        )
        customer_orders = env["sale.order"].search_count(
            [("partner_id", "=", partner_id)]
        )
        total = env["sale.order"].search_count([])
    return partner_id, product_ids, customer_orders, total


class Measure:
    """The families of measurements in one database, each sample in ``rows``."""

    def __init__(self, registry, repeat):
        self.registry, self.repeat = registry, repeat
        self.users = user_ids(registry)
        (
            self.partner_id,
            self.product_ids,
            self.customer_orders,
            self.total,
        ) = flow_inputs(registry)
        self.rows = {}
        set_reviewers(registry, self.users, N_REVIEWERS)

    def add(self, label, figures):
        self.rows.setdefault(label, []).append(figures)

    def medians(self):
        return {
            label: (
                statistics.median(q for q, _ms in samples),
                statistics.median(ms for _q, ms in samples),
            )
            for label, samples in self.rows.items()
        }

    def flow(self):
        args = (self.registry, self.users, self.partner_id, self.product_ids)
        flow(*args)  # warm the caches
        for _n in range(self.repeat):
            for action, figures in flow(*args).items():
                self.add(action, figures)

    def duplicate(self):
        label = f"duplicate check ({self.customer_orders} orders of the customer)"
        for _n in range(self.repeat):
            self.add(
                label,
                duplicate_check(
                    self.registry, self.users, self.partner_id, self.product_ids
                ),
            )

    def steps(self):
        for reviewers in (2, N_REVIEWERS):
            for _n in range(self.repeat):
                _eligible, figures = step_start(
                    self.registry,
                    self.users,
                    self.partner_id,
                    self.product_ids,
                    reviewers,
                )
                self.add(f"step start, {reviewers} reviewers", figures)
        set_reviewers(self.registry, self.users, N_REVIEWERS)

    def lists(self):
        for label, uid, xmlid, what in (
            (
                "Orders to Review list (a reviewer)",
                self.users["bench_reviewer"],
                "order_entry_control.sale_order_action_review",
                "Orders to Review",
            ),
            (
                "tracking table (admin)",
                self.users["admin"],
                "order_tracking.order_milestone_action",
                "tracking table",
            ),
        ):
            for _n in range(self.repeat):
                self.add(label, open_list(self.registry, uid, xmlid, what))

    def kpi(self):
        for _n in range(self.repeat):
            self.add("KPI month", kpi_month(self.registry, self.users))

    def sla(self):
        pending, late, figures = sla_cron(self.registry)
        self.add(f"SLA cron ({pending} open, {late} newly late)", figures)

    def milestones(self):
        opened, figures = milestone_cron(self.registry)
        self.add(f"milestone cron ({opened} open)", figures)


def measure_db(name, repeat, only):
    """Measure the families ``only`` in database ``name``."""
    from odoo.modules.registry import Registry

    registry = Registry(name)
    measure = Measure(registry, repeat)
    for family in FAMILIES:  # in this order: the crons change the data last
        if family in only:
            getattr(measure, family)()
    return measure.total, measure.medians(), registry
