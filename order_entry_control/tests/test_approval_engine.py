# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The approval engine's shared rules on a test-only model plugged into it,
and on quotations (change and closure requests: order_tracking's tests)."""

from odoo_test_helper import FakeModelLoader

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .approval_engine_cases import ApprovalEngineCases
from .common import CLERK, OrderControlFixtures


@tagged("post_install", "-at_install")
class TestApprovalEngineOnATestModel(
    ApprovalEngineCases, OrderControlFixtures, TransactionCase
):
    """A model that plugs in with its hooks only (approval_tester.py)."""

    activity_type = "mail.mail_activity_data_todo"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .approval_tester import OrderApprovalTester

        cls.loader.update_registry((OrderApprovalTester,))
        cls.env["ir.model.access"].create(
            {
                "name": "order.approval.tester user",
                "model_id": cls.env["ir.model"]._get_id("order.approval.tester"),
                "group_id": cls.env.ref("base.group_user").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
            }
        )
        # what an addon plugging in gives its users: they read the steps they
        # decide or asked for
        user_group = cls.env.ref("base.group_user")
        cls.env["ir.model.access"].create(
            {
                "name": "order.review tester user",
                "model_id": cls.env["ir.model"]._get_id("order.review"),
                "group_id": user_group.id,
                "perm_read": True,
            }
        )
        cls.env["ir.rule"].create(
            {
                "name": "Steps of test documents: own steps",
                "model_id": cls.env["ir.model"]._get_id("order.review"),
                "groups": [Command.link(user_group.id)],
                "domain_force": "[('res_model', '=', 'order.approval.tester'), "
                "'|', ('user_ids', 'in', user.id), ('requested_by_id', '=', user.id)]",
            }
        )
        cls._setup_order_control()
        cls._setup_engine("order.approval.tester")

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def _doc_new_document(self, requester):
        return (
            self.env["order.approval.tester"]
            .with_user(requester)
            .create({"name": "Purchase of a lathe", "company_id": self.company.id})
        )

    def _doc_submit(self, document, user):
        document.with_user(user).action_submit()

    def _doc_approve(self, document, user):
        document.with_user(user).action_approve()

    def _doc_reject(self, document, user, reason):
        document.with_user(user).action_reject(reason)

    def _doc_is_approved(self, document):
        return document.state == "approved"

    def _doc_is_rejected(self, document):
        return document.state == "rejected"

    def test_engine_steps_follow_their_condition(self):
        """A step with an amount condition joins only above its amount."""
        big = self.env["order.review.step"].create(
            {
                "name": "Large purchase",
                "model_id": self.step_a.model_id.id,
                "sequence": 3,
                "step_type": "approval",
                "group_id": self.deciders.id,
                "condition": "amount",
                "amount_threshold": 1000,
            }
        )
        small = self._doc_new_document(self.requester)
        small.amount = 1000
        self._doc_submit(small, self.requester)
        self.assertEqual(small.review_ids.step_id, self.step_a | self.step_b)
        large = self._doc_new_document(self.requester)
        large.amount = 1000.01
        self._doc_submit(large, self.requester)
        self.assertEqual(large.review_ids.step_id, self.step_a | self.step_b | big)


@tagged("post_install", "-at_install")
class TestApprovalEngineOnQuotations(
    ApprovalEngineCases, OrderControlFixtures, TransactionCase
):
    activity_type = "order_entry_control.mail_activity_type_order_review"
    requester_groups = CLERK
    decider_groups = "sales_team.group_sale_salesman_all_leads"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls._setup_engine("sale.order")

    def _doc_new_document(self, requester):
        return self._create_order(user=requester)

    def _doc_submit(self, document, user):
        document.with_user(user).action_submit_review()

    def _doc_approve(self, document, user):
        document.with_user(user).action_approve()

    def _doc_reject(self, document, user, reason):
        document.with_user(user).action_reject(reason)

    def _doc_is_approved(self, document):
        return document.review_state == "approved"

    def _doc_is_rejected(self, document):
        return document.review_state == "rejected"
