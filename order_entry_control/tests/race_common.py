# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races between two real database transactions, in two threads.

The fixtures are committed through their own cursor (a race needs two
transactions that see the same data), in a company of their own; its orders
are cancelled and its users and company archived afterwards, so that later
tests see one company. The test database is thrown away after the run.
"""

import threading
import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.api import Transaction
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, new_test_user
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .. import INTERNAL


class RaceCase(BaseCase):
    """Base of the race tests: a committed company with ``race_roles`` users
    (``cls.users``: login -> id) and a customer; ``_race_setup`` adds the
    class's own fixtures."""

    race_company_name = "Race Co"
    race_company_values = {}
    race_roles = ()  # (login, group xml id)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        cls.race_order_ids = []
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create(
                {"name": f"{cls.race_company_name} {tag}"}
            )
            company.write({"order_control_enabled": True, **cls.race_company_values})
            users = {
                login: new_test_user(
                    env,
                    login=f"race_{login}_{tag}",
                    groups=f"base.group_user,{group}",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
                for login, group in cls.race_roles
            }
            customer = env["res.partner"].create(
                {
                    "name": f"{cls.race_company_name} Trading Co.",
                    "is_company": True,
                    "street": "1 Race Road",
                    "city": "Hangzhou",
                    "email": f"buyer-{tag}@race.example.com",
                }
            )
            env["res.partner"].create(
                {"name": "Buyer", "parent_id": customer.id, "phone": "+86 571 0000"}
            )
            cls.company_id = company.id
            cls.users = {login: user.id for login, user in users.items()}
            cls._race_setup(env, company, users, customer, tag)

    @classmethod
    def _race_setup(cls, env, company, users, customer, tag):
        """The class's own committed fixtures (override)."""

    @classmethod
    def _race_order(cls, env, clerk, customer, lines):
        """A quotation entered by ``clerk`` for ``customer``, received by phone a
        quarter of an hour ago, its total stated; cancelled at the end."""
        company = clerk.company_id
        order = (
            env["sale.order"]
            .with_user(clerk)
            .with_company(company)
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "received_datetime": fields.Datetime.now() - timedelta(minutes=15),
                    "commitment_date": fields.Datetime.now() + timedelta(days=20),
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                        for product, qty in lines
                    ],
                }
            )
        )
        order.customer_stated_total = order.amount_total
        cls.race_order_ids.append(order.id)
        return order

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(cls.race_order_ids)
            orders.filtered(lambda o: o.state != "cancel").with_context(
                disable_cancel_warning=True, order_control_bypass_lock=INTERNAL
            ).action_cancel()
            env["res.users"].browse(list(cls.users.values())).active = False
            env["res.company"].browse(cls.company_id).active = False
        super().tearDownClass()

    def _env(self, cr, uid):
        """An environment on ``cr`` built without taking the registry lock,
        which Odoo's test runner holds while the tests run."""
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, uid, {})

    def _race(self, first, second):
        """Run two ``(uid, callable)`` in two transactions at the same moment.

        Each runs the way Odoo runs a request: retried on serialization
        failures, committed at the end, rolled back on error. Returns what
        each returned or raised.
        """
        barrier = threading.Barrier(2, timeout=30)
        results = {}

        def run(key, uid, func):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr, uid)
                    barrier.wait()
                    try:
                        results[key] = retrying(lambda: func(env), env)
                    except Exception as error:  # noqa: BLE001 - for the test
                        cr.rollback()
                        results[key] = error
            except Exception as error:  # noqa: BLE001 - for the test
                results.setdefault(key, error)

        threads = [
            threading.Thread(target=run, args=("first", *first)),
            threading.Thread(target=run, args=("second", *second)),
        ]
        # Odoo's test runner holds the registry lock while tests run; the
        # threads' requests need it too (as the test mode of HttpCase does).
        saved, Registry._lock = Registry._lock, DummyRLock()
        # the loser's serialization failure is logged by Odoo, then retried
        try:
            with mute_logger("odoo.sql_db", "odoo.service.model"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(120)
        finally:
            Registry._lock = saved
        return results.get("first"), results.get("second")

    def _read(self, func):
        """``func(env)`` in a transaction of its own, as the superuser."""
        with self.registry.cursor() as cr:
            return func(self._env(cr, SUPERUSER_ID))
