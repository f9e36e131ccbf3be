# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Third round of the RPC review (DESIGN, principles 7 and 10): the tracking
flags a client sends with a decision on a request."""

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .request_common import OrderRequestFixtures

SILENT = {"tracking_disable": True, "mail_notrack": True}


@tagged("post_install", "-at_install")
class TestRequestDecisionsLeaveTheirTrail(OrderRequestFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()

    def _tracked(self, request):
        """Names of the fields whose changes the request's chatter records."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", request._name),
                ("mail_message_id.res_id", "=", request.id),
            ]
        )
        return set(values.field_id.mapped("name"))

    def test_who_carries_out_a_change_is_tracked_whatever_the_context(self):
        order = self._released_order()
        line = order.order_line[0]
        request = self._change(
            order,
            lines=[{"sale_line_id": line.id, "new_qty": line.product_uom_qty + 5}],
        )
        # each step is its own request in the web client
        self._tracked(request)
        request.with_user(self.clerk).action_submit()
        self.assertIn("state", self._tracked(request))
        # the head names who carries it out, with the flags a client can send
        request.with_user(self.head).with_context(**SILENT).write(
            {"owner_id": self.clerk.id, "date_deadline": fields.Datetime.now()}
        )
        self.assertEqual(request.owner_id, self.clerk)
        self.assertLessEqual({"owner_id", "date_deadline"}, self._tracked(request))
        request.with_user(self.head).with_context(**SILENT).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertIn("state", self._tracked(request))
