# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may do what: every role against every model and public action.

Each cell runs in a savepoint that is rolled back, on the same fixtures: an
order in each review state. "Refused" means AccessError or UserError with a
message; any other exception fails the test.
"""

import ast
import contextlib
import inspect
import os

from odoo import Command, api
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.models import check_method_name
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models import sale_order, sale_order_release
from ..wizards import order_holiday_import_wizard
from .common import MANAGER, OrderControlFixtures

ROLES = ("clerk", "reviewer", "approver", "manager", "salesman", "portal", "outsider")
WORKERS = {"clerk", "reviewer", "approver", "manager"}
DECIDERS = {"reviewer", "approver", "manager"}
NOBODY = set()
# Model access (read, write, create, unlink) per role, from the access rows.
R, RW, RWC, ALL, NONE = "r", "rw", "rwc", "rwcu", ""
MODEL_ACCESS = {
    "order.control.rule": {"manager": ALL, "outsider": ALL, "portal": NONE},
    "order.review.step": {"manager": ALL, "outsider": ALL, "portal": NONE},
    "order.control.finding": {"manager": RW, "outsider": RW, "portal": NONE},
    "order.review": {"portal": NONE},
    "order.stock.reservation": {"portal": NONE},
    "order.control.reason.wizard": {"portal": NONE, "*": RWC},
    "order.stockout.wizard": {"portal": NONE, "*": RWC},
}
OPERATIONS = dict(zip("rwcu", ("read", "write", "create", "unlink"), strict=True))
MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@tagged("post_install", "-at_install")
class TestAccessMatrix(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.portal = new_test_user(
            cls.env,
            login="oc_portal_matrix",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.other_company = cls.env["res.company"].create({"name": "Beijing Branch"})
        # the strongest role, but in another company
        cls.outsider = new_test_user(
            cls.env,
            login="oc_outsider_matrix",
            groups=f"base.group_user,{MANAGER}",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.short = cls._create_product("Cable drum", 320.0, storable=True)
        cls.draft = cls._create_order([(cls.product, 2), (cls.short, 3)])
        cls.draft.action_run_checks()
        cls.stock_finding = cls.draft.finding_ids.filtered(lambda f: f.kind == "stock")
        cls.to_review = cls._submit(cls._create_order(client_order_ref="TR"))
        cls.to_approve = cls._submit(cls._create_order(client_order_ref="TA"))
        cls.to_approve.with_user(cls.reviewer2).action_review_pass()
        cls.approved = cls._submit(cls._create_order(client_order_ref="AP"))
        cls.approved.with_user(cls.reviewer2).action_review_pass()
        cls.approved.with_user(cls.approver).action_approve()
        # the approved order's approver is not needed again: only managers release

    def _user(self, role):
        return getattr(self, role)

    @contextlib.contextmanager
    def _cell(self):
        with contextlib.closing(self.env.cr.savepoint()):
            yield
        self.env.invalidate_all(flush=False)

    def _try(self, role, action):
        """'ok' or 'refused' for ``action(user)``; anything else fails."""
        with (
            self._cell(),
            mute_logger(
                "odoo.addons.base.models.ir_model",
                "odoo.addons.base.models.ir_rule",
                "odoo.models",
            ),
        ):
            try:
                with self.env.cr.savepoint():
                    action(self._user(role))
                    self.env.flush_all()
            except (AccessError, UserError) as error:
                self.assertTrue(str(error), "a refusal says why")
                return "refused"
        return "ok"

    # === MODELS === #

    def test_model_access_per_role(self):
        for model, rows in MODEL_ACCESS.items():
            for role in ROLES:
                default = rows.get("*", R)
                expected = rows.get(role, default)
                for letter, operation in OPERATIONS.items():
                    try:
                        self.env[model].with_user(self._user(role)).check_access(
                            operation
                        )
                        got = True
                    except AccessError:
                        got = False
                    self.assertEqual(
                        got, letter in expected, f"{role} {operation} {model}"
                    )

    def test_records_of_the_company_only(self):
        records = {
            "sale.order": self.to_review,
            "order.control.finding": self.stock_finding,
            "order.review": self.to_review.current_review_id,
        }
        # the plain salesman reads the findings and steps of his own orders only
        readers = WORKERS
        for model, record in records.items():
            for role in ROLES:
                allowed = readers if model != "sale.order" else WORKERS
                outcome = self._try(
                    role, lambda user, r=record: r.with_user(user).check_access("read")
                )
                self.assertEqual(
                    outcome,
                    "ok" if role in allowed else "refused",
                    f"{role} reads {model}",
                )

    # === ACTIONS === #

    def _actions(self):
        draft, to_review, to_approve = self.draft, self.to_review, self.to_approve
        approved, finding = self.approved, self.stock_finding

        def on(order, method, *args, **kwargs):
            return lambda user: getattr(order.with_user(user), method)(*args, **kwargs)

        def wizard_reject(user):
            wizard = (
                self.env["order.control.reason.wizard"]
                .with_user(user)
                .create(
                    {"action": "reject", "res_ids": to_review.ids, "reason": "No stamp"}
                )
            )
            wizard.action_confirm()

        def stockout_ask(user):
            action = finding.with_user(user).action_open_stockout_wizard()
            wizard = (
                self.env["order.stockout.wizard"]
                .with_user(user)
                .with_context(**action["context"])
                .create({"outcome": "customer_asked"})
            )
            wizard.action_apply()

        def forge(order, vals, **context):
            return lambda user: (
                order.with_user(user).with_context(**context).write(vals)
            )

        return {
            "run checks": (on(draft, "action_run_checks"), WORKERS),
            "submit": (on(draft, "action_submit_review"), WORKERS),
            "pass review": (on(to_review, "action_review_pass"), DECIDERS),
            "pass review as approval": (on(to_approve, "action_review_pass"), NOBODY),
            "approve": (on(to_approve, "action_approve"), {"approver", "manager"}),
            "approve a review step": (on(to_review, "action_approve"), NOBODY),
            "reject": (on(to_review, "action_reject", reason="No stamp"), DECIDERS),
            "reject approval": (
                on(to_approve, "action_reject", reason="Price"),
                {"approver", "manager"},
            ),
            "reject dialog": (on(to_review, "action_reject"), DECIDERS),
            "reject through the dialog": (wizard_reject, DECIDERS),
            "confirm unapproved": (on(to_review, "action_confirm"), NOBODY),
            "confirm draft": (on(draft, "action_confirm"), NOBODY),
            "confirm approved": (on(approved, "action_confirm"), WORKERS),
            "release now": (on(approved, "action_release_now"), {"manager"}),
            "release unapproved now": (on(to_approve, "action_release_now"), NOBODY),
            "waive": (lambda u: finding.with_user(u).action_waive("Ok"), {"manager"}),
            "waive dialog": (
                lambda u: finding.with_user(u).action_open_waive_wizard(),
                {"manager"},
            ),
            "stock-out routine": (stockout_ask, WORKERS),
            "change lines under review": (
                forge(to_review, {"client_order_ref": "X"}),
                NOBODY,
            ),
            "forge the lock bypass flag": (
                forge(
                    to_review,
                    {"order_line": [Command.create({"product_id": self.product.id})]},
                    order_control_bypass_lock=True,
                    order_control_skip_checks=True,
                ),
                NOBODY,
            ),
            "forge the review state": (
                forge(draft, {"review_state": "approved"}),
                NOBODY,
            ),
            "forge the checks date": (
                forge(draft, {"checks_date": "2026-01-01 00:00:00"}),
                NOBODY,
            ),
            "forge the approver": (forge(to_approve, {"approved_by_id": 1}), NOBODY),
            "clear the checks date": (forge(draft, {"checks_date": False}), WORKERS),
            "edit a draft": (forge(draft, {"client_order_ref": "PO-7"}), WORKERS),
        }

    def test_actions_per_role(self):
        failures = []
        for name, (action, allowed) in self._actions().items():
            for role in ROLES:
                expected = "ok" if role in allowed else "refused"
                got = self._try(role, action)
                if got != expected:
                    failures.append(f"{name} by {role}: {got}, expected {expected}")
        self.assertEqual(failures, [])

    def test_forged_create_is_refused(self):
        for vals in (
            {"review_state": "approved"},
            {"approved_by_id": self.approver.id},
            {"checks_date": "2026-01-01 00:00:00"},
        ):
            self.assertEqual(
                self._try(
                    "clerk",
                    lambda user, v=vals: (
                        self.env["sale.order"]
                        .with_user(user)
                        .create(self._order_vals(**v))
                    ),
                ),
                "refused",
                vals,
            )
        # a draft review state is what every new order has
        self.assertEqual(
            self._try(
                "clerk",
                lambda user: (
                    self.env["sale.order"]
                    .with_user(user)
                    .create(self._order_vals(review_state="draft"))
                ),
            ),
            "ok",
        )

    def test_release_window_flag_from_a_client_is_ignored(self):
        self.company.write(
            {"order_release_windows_enabled": True, "order_release_windows": "10:00"}
        )
        order = self._submit(self._create_order(client_order_ref="RW"))
        order.with_user(self.reviewer2).action_review_pass()
        order.with_user(self.approver).action_approve()
        self.assertTrue(order.release_due)
        outcome = self._try(
            "clerk",
            lambda user: (
                order.with_user(user)
                .with_context(order_release_now=True)
                .action_confirm()
            ),
        )
        self.assertEqual(outcome, "refused")
        self.assertEqual(
            self._try("manager", lambda u: order.with_user(u).action_release_now()),
            "ok",
        )

    # === CRAFTED ARGUMENTS, AS AN RPC CLIENT SENDS THEM === #

    def _rpc(self, user, model, method, args, kwargs=None):
        """Call like /web/dataset/call_kw and execute_kw do."""
        check_method_name(method)
        env = api.Environment(self.env.cr, user.id, {})
        return call_kw(env[model], method, args, kwargs or {})

    def test_crafted_arguments(self):
        reviewer, manager = self.reviewer, self.manager
        order, finding = self.to_review.id, self.stock_finding.id
        cases = [
            (reviewer, "sale.order", "action_reject", [[order]], {"reason": 123}),
            (reviewer, "sale.order", "action_reject", [[order]], {"reason": ["x"]}),
            (reviewer, "sale.order", "action_reject", [[order]], {"reason": "  "}),
            (reviewer, "sale.order", "action_reject", [[order], {"a": 1}], {}),
            (reviewer, "sale.order", "action_review_pass", [[order]], {"comment": 5}),
            (
                reviewer,
                "sale.order",
                "action_review_pass",
                [[order]],
                {"comment": {"html": "<b>"}},
            ),
            (reviewer, "sale.order", "action_review_pass", [[2**31 - 1]], {}),
            (manager, "order.control.finding", "action_waive", [[finding], 7], {}),
            (manager, "order.control.finding", "action_waive", [[finding], None], {}),
            (
                self.outsider,
                "sale.order",
                "action_submit_review",
                [[self.draft.id]],
                {},
            ),
            (self.outsider, "sale.order", "action_reject", [[order], "x"], {}),
            (self.portal, "sale.order", "action_approve", [[self.to_approve.id]], {}),
            (self.clerk, "sale.order", "_order_control_submit", [[self.draft.id]], {}),
            (reviewer, "sale.order", "_order_review_decide", [[order], "review"], {}),
            (self.clerk, "order.review", "_start", [[]], {}),
        ]
        for user, model, method, args, kwargs in cases:
            outcome = self._try(
                "clerk",  # the cell's user is ignored: the call names its own
                lambda _u, c=(user, model, method, args, kwargs): self._rpc(*c),
            )
            self.assertEqual(outcome, "refused", (user.login, method, args, kwargs))
        self.assertEqual(self.to_review.review_state, "to_review")
        for wrong_ids in ("abc", {"id": 1}, [True], [self.to_review.id, "1"]):
            with self._cell():
                wizard = (
                    self.env["order.control.reason.wizard"]
                    .with_user(reviewer)
                    .create({"action": "reject", "res_ids": wrong_ids, "reason": "x"})
                )
                with self.assertRaises(UserError):
                    wizard.action_confirm()

    def test_subscription_skip_cannot_come_from_a_client(self):
        """The review step's batch-subscription marker is a frozenset, which a
        JSON context cannot carry: a list in the context subscribes as usual."""
        partner = self.env["res.partner"].create({"name": "Zhou Min"})
        order = self.draft.with_user(self.clerk)
        self.assertNotIn(partner, order.message_partner_ids)
        order.with_context(order_review_subscribed=[partner.id]).message_subscribe(
            partner_ids=partner.ids
        )
        self.assertIn(partner, order.message_partner_ids)

    def test_public_methods_are_the_reviewed_ones(self):
        """Every public method of the addon's Python files is listed here, so
        that a new one is reviewed for its checks (and for sudo)."""
        public = set()
        for folder in ("models", "wizards"):
            path = os.path.join(MODULE_DIR, folder)
            for name in sorted(os.listdir(path)):
                if not name.endswith(".py"):
                    continue
                with open(os.path.join(path, name)) as handle:
                    tree = ast.parse(handle.read())
                for node in ast.walk(tree):
                    if isinstance(node, ast.FunctionDef) and not node.name.startswith(
                        "_"
                    ):
                        public.add(f"{name[:-3]}.{node.name}")
        self.assertEqual(
            public,
            {
                "order_control_finding.action_open_waive_wizard",
                "order_control_finding.action_open_stockout_wizard",
                "order_control_finding.action_waive",
                "order_review.init",
                # the line signature's index, and its SQL fill (a module
                # function for the migration and the benchmark: no RPC)
                "sale_order_signature.init",
                "sale_order_signature.fill_line_signatures",
                # printed forms: module functions (no RPC), and the datetime
                # widget's formatting of a value it is given (no record read)
                "ir_actions_report.number_pages",
                "ir_qweb_field_datetime.strip_seconds",
                "ir_qweb_field_datetime.value_to_html",
                # the Order Desk's cards open their list, read as the user
                "order_desk_card.action_open",
                "order_desk_card.action_open_late",
                # fills a quotation step's document (no user creates steps)
                "order_review.create",
                # the step activities' guard (refuses users, lets the engine by)
                "mail_activity.write",
                # an absence stays its user's (managers excepted)
                "order_absence.write",
                # a manager resends failed group-chat messages (checked)
                "order_webhook_message.action_retry",
                # a team's webhook clears the cached list of teams with one
                # (core's access rights and the field's groups apply first)
                "crm_team.create",
                "crm_team.write",
                "crm_team.unlink",
                "mail_activity.unlink",
                # the field policy and the shared configuration guard
                "order_field_policy.default_get",
                "order_field_policy.create",
                "order_field_policy.write",
                "order_field_policy.message_post",
                "sale_order.message_post",
                "account_move_line.create",
                "account_move_line.write",
                "order_shared_config.create",
                "order_shared_config.write",
                "order_shared_config.unlink",
                "sale_order.create",
                "sale_order_intake.create",
                "sale_order_intake.write",
                "sale_order.write",
                # skips the activities' own subscription only for a
                # frozenset from server code (a batch that subscribed them)
                "mail_thread.message_subscribe",
                # writes signup_type only where it changes (no other change)
                "res_partner.signup_prepare",
                # the audit trail and the review-step activities
                "mail_message.create",
                "mail_message.write",
                "mail_message.unlink",
                "mail_activity.create",
                # the order's attribution, locked once submitted
                "sale_order_attribution.write",
                "resource_calendar.create",
                "resource_calendar.write",
                "resource_calendar.unlink",
                "sale_order.action_run_checks",
                "sale_order.action_submit_review",
                "sale_order.action_review_pass",
                "sale_order.action_approve",
                "sale_order.action_reject",
                "sale_order_release.action_release_now",
                "sale_order.action_confirm",
                "sale_order_line.create",
                "sale_order_line.write",
                "sale_order_line.unlink",
                # the moves holding a quotation's reservation: users' changes
                # refused (the reservation writes them as superuser)
                "stock_move.write",
                "stock_move.unlink",
                "stock_move_line.create",
                "stock_move_line.write",
                "stock_move_line.unlink",
                "order_control_reason_wizard.action_confirm",
                "order_stockout_wizard.action_apply",
                # extra working days: the shared-calendar guard, the caches
                "resource_calendar_extra_day.create",
                "resource_calendar_extra_day.write",
                "resource_calendar_extra_day.unlink",
                # opens the import wizard (no data written)
                "resource_calendar.action_order_import_holidays",
                # managers and administrators only (_check_may_import)
                "order_holiday_import_wizard.action_import",
            },
        )
        # the import checks who asks before it writes as superuser
        source = inspect.getsource(
            order_holiday_import_wizard.OrderHolidayImportWizard.action_import
        )
        self.assertLess(
            source.find("self._check_may_import()"), source.find("_get_arrangement")
        )
        self.assertNotIn("sudo()", source)
        checker = inspect.getsource(
            order_holiday_import_wizard.OrderHolidayImportWizard._check_may_import
        )
        self.assertIn("has_group(", checker)
        # and none of them reaches sudo() before its own access check
        for module, method in (
            (sale_order, "action_run_checks"),
            (sale_order, "action_submit_review"),
            (sale_order, "action_reject"),
            (sale_order_release, "action_release_now"),
        ):
            source = inspect.getsource(getattr(module.SaleOrder, method))
            check = min(
                (
                    source.find(marker)
                    for marker in (
                        "check_access(",
                        "has_group(",
                        "_approval_actionable_review",
                    )
                    if marker in source
                ),
                default=-1,
            )
            self.assertNotEqual(check, -1, method)
            sudo = source.find("sudo()")
            self.assertTrue(sudo == -1 or check < sudo, method)
