# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The field policy, tried by every role (DESIGN, principle 10).

Reads the declarations of ``order.field.policy`` on every model of the three
addons: each stored field is either owned by the workflow or declared
user-editable, and no role writes an owned field through ``write``,
``create``, a ``default_*`` key of the context or ``copy(default=...)``.
"""

import logging
from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.order_tracking.tests.request_common import OrderRequestFixtures

ADDONS = ("order_entry_control", "order_tracking", "order_kpi")
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date"}
# Core models the addons guard: their fields added by the addons are covered.
GUARDED_CORE_MODELS = ("sale.order", "sale.order.line")

_logger = logging.getLogger(__name__)


class TestFieldPolicy(OrderRequestFixtures, TransactionCase):
    test_tags = {"standard", "post_install"}
    test_module = "order_control"
    test_class = "TestFieldPolicy"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls.other_company = cls.env["res.company"].create({"name": "OC Other Co"})
        roles = {
            "tracker": "order_tracking.group_order_tracker",
            "auditor": "order_kpi.group_order_kpi_auditor",
        }
        for login, group in roles.items():
            setattr(
                cls,
                login,
                new_test_user(
                    cls.env,
                    login=f"oc_pol_{login}",
                    groups=f"base.group_user,{group}",
                    company_id=cls.company.id,
                    company_ids=[Command.set(cls.company.ids)],
                ),
            )
        cls.other_manager = new_test_user(
            cls.env,
            login="oc_pol_other_manager",
            groups="base.group_user,order_entry_control.group_order_control_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.portal = new_test_user(
            cls.env, login="oc_pol_portal", groups="base.group_portal"
        )
        cls.roles = {
            "clerk": cls.clerk,
            "reviewer": cls.reviewer,
            "approver": cls.approver,
            "tracker": cls.tracker,
            "department head": cls.head,
            "finance": cls.finance,
            "KPI auditor": cls.auditor,
            "manager": cls.manager,
            "plain salesman": cls.salesman,
            "other company's manager": cls.other_manager,
            "portal user": cls.portal,
        }
        cls._build_samples()

    @classmethod
    def _build_samples(cls):
        """One record of every model under the policy, through the real flows."""
        cls.company.order_reservation_mode = "submission"
        cls.env["order.department"].create(
            {
                "name": "Production",
                "company_id": cls.company.id,
                "manager_id": cls.head.id,
                "default_task": "Plan and produce",
                "default_hours": 4.0,
            }
        )
        quotation = cls._create_order(
            [(cls.bolt, 5)], warehouse_id=cls.warehouse.id, client_order_ref=""
        )
        cls._submit(quotation)
        # received three days before it was entered: entered late, so that the
        # forged "on time" differs from what a new order computes by itself
        order = cls._released_order(
            received_datetime=fields.Datetime.now() - timedelta(days=3)
        )
        line = order.order_line.filtered(lambda ln: ln.product_id == cls.bolt)
        request = cls._change(cls, order, [{"sale_line_id": line.id, "new_qty": 12}])
        cls._approve_change(cls, request)
        request.with_user(cls.clerk).action_apply()
        cls._change(cls, order, [{"sale_line_id": line.id, "new_qty": 14}])
        cls.env["order.closure.request"].with_user(cls.clerk).create(
            {"order_id": order.id, "reason": "completed"}
        )
        cls.env["order.absence"].with_user(cls.head).create(
            {
                "substitute_id": cls.head2.id,
                "date_from": date.today(),
                "date_to": date.today() + timedelta(days=3),
            }
        )
        cls.env["resource.calendar.extra.day"].with_user(cls.manager).create(
            {"calendar_id": cls.calendar.id, "date": date(2026, 9, 20)}
        )
        # a group-chat message, as the engine queues it (system only)
        cls.env["order.webhook.message"].create(
            {
                "company_id": cls.company.id,
                "kind": "custom",
                "event": "step",
                "title": "Step reached",
                "payload": "{}",
            }
        )
        cls.env["order.exception"].with_user(cls.tracker).create(
            {"order_id": order.id, "name": "Truck late", "user_id": cls.tracker.id}
        )
        # the customer's rating of the order, as the portal page records it
        cls.env["order.customer.rating"].sudo().create(
            {
                "order_id": order.id,
                "score": 4,
                "source": "portal",
                "rated_on": fields.Datetime.now(),
            }
        )
        cls.env["order.kpi.scorecard"]._order_kpi_compute_month(
            cls.company, date.today().replace(day=1)
        )
        card = cls.env["order.kpi.scorecard"].search(
            [("company_id", "=", cls.company.id), ("user_id", "!=", False)], limit=1
        )
        cls.env["order.kpi.adjustment"].with_user(cls.auditor).create(
            {
                "scorecard_id": card.id,
                "kind": "spot_check",
                "points": -2,
                "reason": "Spot check: customer name abbreviated",
            }
        )

    def _policy_models(self):
        """Models under the policy: every stored model of the addons, and the
        core models they guard."""
        names = []
        for name, model in self.env.registry.items():
            if model._abstract or model._transient or not model._auto:
                continue
            if model._original_module in ADDONS or name in GUARDED_CORE_MODELS:
                names.append(name)
        return sorted(names)

    def _addon_fields(self, model):
        return {
            name
            for name, field in model._fields.items()
            if field.store
            and field.type != "one2many"  # the inverse many2one is guarded
            and name not in MAGIC
            and field._module in ADDONS
        }

    # === THE POLICY COVERS EVERY STORED FIELD === #

    def test_every_stored_field_is_owned_or_user_editable(self):
        missing_policy, unclassified, both = [], [], []
        for name in self._policy_models():
            model = self.env[name]
            if not hasattr(model, "_order_owned_field_names"):
                missing_policy.append(name)
                continue
            owned = model._order_owned_field_names()
            user = model._order_user_field_names()
            for fname in sorted(self._addon_fields(model)):
                if fname in owned and fname in user:
                    both.append(f"{name}.{fname}")
                elif fname not in owned and fname not in user:
                    unclassified.append(f"{name}.{fname}")
        self.assertEqual(missing_policy, [], "models without the field policy")
        self.assertEqual(unclassified, [], "stored fields in neither list")
        self.assertEqual(both, [], "stored fields both owned and user-editable")

    # === NO ROLE WRITES AN OWNED FIELD === #

    def _forged_value(self, record, fname, user):
        """A value the attacker would like in ``fname``, other than the current."""
        field = record._fields[fname]
        current = record[fname]
        kind = field.type
        if kind == "boolean":
            return not current
        if kind in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if kind in ("char", "text", "html"):
            return "forged by RPC"
        if kind == "selection":
            values = [v for v, _l in field._description_selection(self.env)]
            others = [v for v in values if v != current]
            return others[-1] if others else None
        if kind == "date":
            return fields.Date.to_string((current or date.today()) + timedelta(days=3))
        if kind == "datetime":
            moment = current or fields.Datetime.now()
            return fields.Datetime.to_string(moment - timedelta(days=3))
        if kind == "many2one":
            if field.comodel_name == "res.users":
                # naming someone else: a stamp of oneself is what the action does
                others = (self.approver, self.reviewer2, self.manager, self.clerk)
                return next(u.id for u in others if u not in (user, current))
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "!=", current.id)], limit=1)
            )
            return other.id or None
        if kind == "many2many":
            if field.comodel_name == "res.users":
                return [Command.link(user.id)]
            return None
        return None

    def _samples(self):
        samples = {}
        for name in self._policy_models():
            model = self.env[name].sudo()
            if name == "sale.order":
                record = model.search(
                    [("company_id", "=", self.company.id), ("state", "=", "sale")],
                    limit=1,
                )
            elif name == "sale.order.line":
                record = model.search(
                    [("order_id.company_id", "=", self.company.id)], limit=1
                )
            else:
                record = model.search([], limit=1, order="id desc")
            samples[name] = record
        return samples

    def _try(self, attempt):
        """Run ``attempt`` in a savepoint: True when it went through."""
        try:
            with self.env.cr.savepoint():
                attempt()
                self.env.flush_all()
        except Exception:  # noqa: BLE001 - any refusal is a refusal
            return False
        return True

    def test_no_role_writes_an_owned_field(self):
        samples = self._samples()
        missing = sorted(name for name, record in samples.items() if not record)
        self.assertEqual(missing, [], "no sample record to attack")
        breaches, tries = [], 0
        for name, record in samples.items():
            owned = sorted(record._order_owned_field_names() & set(record._fields))
            for fname in owned:
                field = record._fields[fname]
                if not field.store or field.type == "one2many":
                    continue
                for role, user in self.roles.items():
                    forged = self._forged_value(record, fname, user)
                    if forged is None:
                        continue
                    before = record[fname]
                    tries += 1
                    self._try(
                        lambda r=record, f=fname, v=forged, u=user: r.with_user(
                            u
                        ).write({f: v})
                    )
                    record.invalidate_recordset()
                    if record[fname] != before:
                        breaches.append(f"write {name}.{fname} by {role}")
        _logger.info("field policy: %s write attempts", tries)
        self.assertEqual(breaches, [], "\n".join(breaches))

    @staticmethod
    def _create_attempts(record, base_vals, fname, forged, user):
        """The three ways to create a record with ``forged`` in ``fname``."""
        model = record.env[record._name].with_user(user)
        default = model.with_context(**{f"default_{fname}": forged})
        return {
            "create": lambda: model.create(dict(base_vals, **{fname: forged})),
            "create with a context default": lambda: default.create(dict(base_vals)),
            "copy": lambda: record.with_user(user).copy(default={fname: forged}),
        }

    def test_no_role_creates_or_copies_with_an_owned_field(self):
        samples = self._samples()
        breaches, tries = [], 0
        for name, record in samples.items():
            if not record:
                continue
            copied = record.copy_data()[0]
            base_vals = {
                key: value
                for key, value in copied.items()
                if key not in record._order_owned_field_names(copied)
            }
            # fields owned from creation on (some, like a request's order, are
            # given at creation and owned afterwards)
            owned = sorted(
                record._order_owned_field_names(base_vals) & set(record._fields)
            )
            for fname in owned:
                field = record._fields[fname]
                if not field.store or field.type in ("one2many", "many2many"):
                    continue
                for role, user in self.roles.items():
                    forged = self._forged_value(record, fname, user)
                    if forged is None:
                        continue
                    attempts = self._create_attempts(
                        record, base_vals, fname, forged, user
                    )
                    for action, attempt in attempts.items():
                        tries += 1
                        created = []

                        def run(attempt=attempt, created=created):
                            created.append(attempt())

                        if not self._try(run):
                            continue
                        new = created[0].sudo()
                        value = new[fname]
                        expected = new._fields[fname].convert_to_record(
                            new._fields[fname].convert_to_cache(forged, new), new
                        )
                        if value == expected:
                            breaches.append(f"{action} {name}.{fname} by {role}")
        _logger.info("field policy: %s create and copy attempts", tries)
        self.assertEqual(breaches, [], "\n".join(breaches))
