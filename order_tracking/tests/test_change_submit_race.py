# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two change requests of one order line (or of one header field) created and
submitted at the same moment, in two real transactions (see
order_entry_control's ``race_common``): one is submitted, the other is
refused with the message a user reads, never a serialization error."""

from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.order_entry_control.tests.race_common import RaceCase

CLASH = "already changed by the open request"


@tagged("post_install", "-at_install")
class TestChangeSubmitRace(RaceCase):
    race_company_name = "Change Submit Race"
    race_company_values = {"order_reservation_mode": "never"}
    race_roles = (
        ("clerk", "order_entry_control.group_order_entry_clerk"),
        ("reviewer", "order_entry_control.group_order_reviewer"),
        ("approver", "order_entry_control.group_order_approver"),
        ("head", "order_tracking.group_order_department_head"),
    )

    @classmethod
    def _race_setup(cls, env, company, users, customer, tag):
        product = env["product.product"].create(
            {
                "name": f"Panel {tag}",
                "type": "consu",
                "list_price": 10.0,
                "taxes_id": False,
                "company_id": company.id,
            }
        )
        cls.order_ids = {}
        for key in ("line", "header"):
            order = cls._race_order(env, users["clerk"], customer, [(product, 5)])
            order.action_submit_review()
            order.with_user(users["reviewer"]).action_review_pass()
            order.with_user(users["approver"]).action_approve()
            order.action_confirm()
            cls.order_ids[key] = order.id
        cls.sale_line_id = env["sale.order"].browse(cls.order_ids["line"]).order_line.id

    @classmethod
    def tearDownClass(cls):
        # the requests the races submitted are withdrawn with their orders
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            requests = env["order.change.request"].search(
                [("order_id", "in", list(cls.order_ids.values()))]
            )
            requests.activity_ids.unlink()
            requests.review_ids.sudo().unlink()
            requests._order_as_owner().write({"state": "cancelled"})
        super().tearDownClass()

    def _submit(self, values):
        """Create a change request of ``values`` and submit it, as one request
        of the web client does."""

        def run(env):
            request = env["order.change.request"].create(
                dict(values, reason="Customer asked by phone")
            )
            return request.action_submit()

        return run

    def _assert_one_refused(self, first, second):
        outcomes = sorted([first, second], key=lambda x: x is not True)
        self.assertIs(outcomes[0], True, f"one submission succeeds: {outcomes}")
        refusal = outcomes[1]
        # the user-facing refusal (ValidationError is a UserError), not a
        # serialization failure of the database
        self.assertIsInstance(refusal, UserError, f"refused by a message: {refusal}")
        self.assertRegex(str(refusal), CLASH)

    def test_two_requests_on_one_line_submitted_at_once(self):
        # the order's salesperson, from two tabs (or two RPC clients)
        clerk = self.users["clerk"]
        order_id = self.order_ids["line"]

        def line(qty):
            return {
                "order_id": order_id,
                "line_ids": [
                    Command.create({"sale_line_id": self.sale_line_id, "new_qty": qty})
                ],
            }

        first, second = self._race(
            (clerk, self._submit(line(7))), (clerk, self._submit(line(9)))
        )
        self._assert_one_refused(first, second)

        def state(env):
            lines = env["order.change.request.line"].search(
                [("sale_line_id", "=", self.sale_line_id)]
            )
            return lines.request_id.mapped("state")

        self.assertEqual(self._read(state), ["submitted"])

    def test_two_requests_on_one_header_field_submitted_at_once(self):
        # the order's salesperson, from two tabs (or two RPC clients)
        clerk = self.users["clerk"]
        order_id = self.order_ids["header"]
        soon = fields.Datetime.now().replace(microsecond=0) + timedelta(days=40)

        def header(days):
            return {
                "order_id": order_id,
                "new_commitment_date": soon + timedelta(days=days),
            }

        first, second = self._race(
            (clerk, self._submit(header(1))), (clerk, self._submit(header(2)))
        )
        self._assert_one_refused(first, second)

        def state(env):
            requests = env["order.change.request"].search([("order_id", "=", order_id)])
            return requests.filtered("new_commitment_date").mapped("state")

        # the refused one was rolled back with its transaction
        self.assertEqual(self._read(state), ["submitted"])
