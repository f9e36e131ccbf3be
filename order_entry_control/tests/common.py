# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
from contextlib import contextmanager
from datetime import datetime, timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

SALESMAN = "sales_team.group_sale_salesman"
CLERK = "order_entry_control.group_order_entry_clerk"
REVIEWER = "order_entry_control.group_order_reviewer"
APPROVER = "order_entry_control.group_order_approver"
MANAGER = "order_entry_control.group_order_control_manager"


class OrderControlFixtures:
    """Company, calendar, users, customer and products for Order Control tests.

    Mixed into ``TransactionCase`` subclasses; call ``_setup_order_control``
    from ``setUpClass``.
    """

    @classmethod
    def _setup_order_control(cls, company=None):
        cls.company = company or cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai office",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (9, 12, "morning"),
                        (13, 18, "afternoon"),
                    )
                ],
            }
        )
        cls.company.write(
            {
                "order_control_enabled": True,
                "order_reservation_mode": "never",
                "order_calendar_id": cls.calendar.id,
                "order_credit_check_mode": "approval",
            }
        )
        groups = {
            "clerk": CLERK,
            "reviewer": REVIEWER,
            "reviewer2": REVIEWER,
            "approver": APPROVER,
            "manager": MANAGER,
            "salesman": SALESMAN,
            "finance": "account.group_account_manager",
        }
        for login, group in groups.items():
            user = new_test_user(
                cls.env,
                login=f"oc_{login}",
                groups=f"base.group_user,{group}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                name=f"OC {login.title()}",
                tz="Asia/Shanghai",
            )
            setattr(cls, login, user)
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Shanghai Huadong Trading Co., Ltd.",
                "is_company": True,
                "street": "88 Century Avenue",
                "city": "Shanghai",
                "zip": "200120",
                "country_id": cls.env.ref("base.cn").id,
                "phone": "+86 21 5555 0100",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Li Wei",
                "parent_id": cls.customer.id,
                "type": "contact",
                "email": "li.wei@huadong.example.com",
                "phone": "+86 21 5555 0101",
            }
        )
        cls.product = cls._create_product("Steel bracket M8", 100.0)
        cls.product_b = cls._create_product("Steel bracket M10", 250.0)
        cls.service = cls.env["product.product"].create(
            {
                "name": "Installation",
                "type": "service",
                "list_price": 80.0,
                "taxes_id": False,
            }
        )

    @classmethod
    def _create_product(cls, name, price, storable=False):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": storable,
                "list_price": price,
                "taxes_id": False,
                "sale_delay": 0,
            }
        )

    @classmethod
    def _order_vals(cls, lines=None, **vals):
        lines = lines if lines is not None else [(cls.product, 2)]
        values = {
            "partner_id": cls.customer.id,
            "company_id": cls.company.id,
            "commitment_date": fields.Datetime.now() + timedelta(days=10),
            # an e-mailed order (it comes with the customer's document), entered
            # a quarter of an hour after it arrived, as a clerk records it
            "entry_channel": "email",
            "received_datetime": fields.Datetime.now() - timedelta(minutes=15),
            "order_line": [
                Command.create(
                    {"product_id": product.id, "product_uom_qty": qty, **extra}
                )
                for product, qty, *rest in lines
                for extra in [rest[0] if rest else {}]
            ],
        }
        values.update(vals)
        return values

    @classmethod
    def _create_order(cls, lines=None, user=None, stated=True, **vals):
        """A complete quotation entered by ``user`` (default: the clerk)."""
        order = (
            cls.env["sale.order"]
            .with_user(user or cls.clerk)
            .create(cls._order_vals(lines, **vals))
        )
        if stated:
            order.customer_stated_total = order.amount_total
        return order

    @classmethod
    def _submit(cls, order, user=None):
        order.with_user(user or cls.clerk).action_submit_review()
        return order

    @classmethod
    def _approve_fully(cls, order):
        """Walk a submitted order through the default steps."""
        order.with_user(cls.reviewer).action_review_pass()
        order.with_user(cls.approver).action_approve()
        return order

    def _queries(self, func):
        """Queries of ``func`` as one request: its writes and, as at commit, its
        chatter tracking (the e-mails sent after the commit are not counted)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    @contextmanager
    def assertRefused(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint) plus the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    @staticmethod
    def _header_buttons(record, user):
        """The header buttons ``user`` sees on the form of ``record``, as
        ``{(name, string): primary}``: the view's groups and ``invisible``
        expressions evaluated on the record, as the web client does."""
        record = record.with_user(user)
        arch = record.get_views([(False, "form")])["views"]["form"]["arch"]
        seen = {}
        for button in etree.fromstring(arch).xpath("//header/button"):
            expr = button.get("invisible") or "False"
            names = {
                node.id
                for node in ast.walk(ast.parse(expr.strip(), mode="eval"))
                if isinstance(node, ast.Name)
            }
            values = {}
            for name in names & set(record._fields):
                value = record[name]
                if record._fields[name].type == "many2one":
                    value = value.id
                elif record._fields[name].type in ("one2many", "many2many"):
                    value = value.ids
                values[name] = value
            if not safe_eval(expr, values):
                key = (button.get("name"), button.get("string"))
                assert key not in seen, f"{key} shows twice"
                seen[key] = "btn-primary" in (button.get("class") or "")
        return seen

    @staticmethod
    def _shanghai(*args):
        """Naive UTC datetime of a wall-clock time in Shanghai (UTC+8)."""
        return datetime(*args) - timedelta(hours=8)
