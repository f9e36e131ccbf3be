# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The approval engine's shared rules on change and closure requests."""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.order_entry_control.tests.approval_engine_cases import (
    ApprovalEngineCases,
)

from .request_common import OrderRequestFixtures

REQUEST_ACTIVITY = "order_tracking.mail_activity_type_order_request"


class RequestEngineCases(ApprovalEngineCases):
    activity_type = REQUEST_ACTIVITY
    requester_groups = "sales_team.group_sale_salesman"
    decider_groups = "sales_team.group_sale_salesman_all_leads"

    def _doc_submit(self, document, user):
        document.with_user(user).action_submit()

    def _doc_resubmit(self, document):
        document.with_user(self.requester).action_reset_to_draft()
        document.with_user(self.requester).action_submit()

    def _doc_reject(self, document, user, reason):
        document.with_user(user).action_reject(reason)

    def _doc_is_approved(self, document):
        return document.state == "approved"

    def _doc_is_rejected(self, document):
        return document.state == "rejected"


@tagged("post_install", "-at_install")
class TestApprovalEngineOnChangeRequests(
    RequestEngineCases, OrderRequestFixtures, TransactionCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls._setup_engine("order.change.request")
        # an order everybody of the sales team reads (no salesperson)
        cls.order = cls._released_order(user_id=False, order_taker_id=cls.clerk.id)

    def _doc_new_document(self, requester):
        return self._change(
            self.order,
            [{"sale_line_id": self.order.order_line[0].id, "new_qty": 12}],
            user=requester,
        )

    def _doc_approve(self, document, user):
        if not document.owner_id:
            # the department head names who carries the change out, and when
            document.with_user(user).write(
                {
                    "owner_id": self.requester.id,
                    "date_deadline": fields.Datetime.now() + timedelta(days=1),
                }
            )
        document.with_user(user).action_approve()


@tagged("post_install", "-at_install")
class TestApprovalEngineOnClosureRequests(
    RequestEngineCases, OrderRequestFixtures, TransactionCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_requests()
        cls._setup_engine("order.closure.request")
        cls.order = cls._released_order(user_id=False, order_taker_id=cls.clerk.id)

    def _doc_new_document(self, requester):
        # an order the customer and the company agreed to drop
        return self._closure(self.order, reason="cancelled", user=requester)

    def _doc_approve(self, document, user):
        document.with_user(user).action_approve()
