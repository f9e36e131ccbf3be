# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OrderControlFixtures

MODELS = (
    "order.control.rule",
    "order.review.step",
    "order.control.finding",
    "order.review",
)


@tagged("post_install", "-at_install")
class TestOrderControlSecurity(OrderControlFixtures, TransactionCase):
    """What each role may do with the Order Control models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.order = cls._submit(cls._create_order())
        cls.portal = new_test_user(
            cls.env, login="oc_portal", groups="base.group_portal"
        )
        cls.other_company = cls.env["res.company"].create({"name": "Beijing Branch"})
        cls.outsider = new_test_user(
            cls.env,
            login="oc_outsider",
            groups=f"base.group_user,{'order_entry_control.group_order_approver'}",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def _can(self, user, model, operation):
        try:
            self.env[model].with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def test_configuration_is_for_managers(self):
        for model in ("order.control.rule", "order.review.step"):
            for user in (self.clerk, self.reviewer, self.approver, self.salesman):
                self.assertTrue(self._can(user, model, "read"), (user.login, model))
                self.assertFalse(self._can(user, model, "write"), (user.login, model))
                self.assertFalse(self._can(user, model, "create"), (user.login, model))
            self.assertTrue(self._can(self.manager, model, "write"))
            self.assertTrue(self._can(self.manager, model, "create"))
            self.assertTrue(self._can(self.manager, model, "unlink"))

    def test_findings_and_reviews_are_written_by_the_workflow_only(self):
        for model in ("order.control.finding", "order.review"):
            for user in (self.clerk, self.reviewer, self.approver, self.salesman):
                self.assertTrue(self._can(user, model, "read"), (user.login, model))
                self.assertFalse(self._can(user, model, "create"), (user.login, model))
                self.assertFalse(self._can(user, model, "unlink"), (user.login, model))
        # a reviewer cannot forge a decision by writing the review directly
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.order.current_review_id.with_user(self.reviewer).write(
                {"state": "done"}
            )
        self.assertEqual(self.order.review_state, "to_review")

    def test_portal_user_sees_nothing(self):
        for model in MODELS:
            self.assertFalse(self._can(self.portal, model, "read"), model)

    def test_other_company_sees_nothing(self):
        for model in ("order.control.finding", "order.review"):
            records = self.env[model].with_user(self.outsider).search([])
            self.assertFalse(
                records.filtered(lambda r: r.company_id == self.company), model
            )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.order.with_user(self.outsider).action_review_pass()

    def test_clerk_cannot_waive(self):
        self.assertFalse(self._can(self.clerk, "order.control.finding", "write"))
        self.assertTrue(self._can(self.manager, "order.control.finding", "write"))

    def test_roles_chain(self):
        self.assertTrue(
            self.manager.has_group("order_entry_control.group_order_approver")
        )
        self.assertTrue(
            self.approver.has_group("order_entry_control.group_order_reviewer")
        )
        self.assertTrue(
            self.reviewer.has_group("order_entry_control.group_order_entry_clerk")
        )
        self.assertTrue(
            self.reviewer.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertFalse(
            self.clerk.has_group("sales_team.group_sale_salesman_all_leads")
        )

    def test_clerk_sees_only_own_orders(self):
        other = self._create_order(user=self.reviewer)
        visible = (
            self.env["sale.order"]
            .with_user(self.clerk)
            .search([("id", "in", (self.order | other).ids)])
        )
        self.assertEqual(visible, self.order)
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.reviewer)
            .search([("id", "in", (self.order | other).ids)]),
            self.order | other,
        )

    def test_roles_are_assignable_without_developer_mode(self):
        """Settings > Users shows the entry and review roles as one choice in
        the Order Control section, outside developer mode."""
        from lxml import etree

        from odoo.addons.base.models.res_users import name_selection_groups

        chain = (
            self.env.ref("order_entry_control.group_order_entry_clerk")
            | self.env.ref("order_entry_control.group_order_reviewer")
            | self.env.ref("order_entry_control.group_order_approver")
            | self.env.ref("order_entry_control.group_order_senior_approver")
            | self.env.ref("order_entry_control.group_order_control_manager")
        )
        arch = etree.fromstring(self.env.ref("base.user_groups_view").arch)
        fields_ = arch.xpath(f"//field[@name='{name_selection_groups(chain.ids)}']")
        self.assertEqual(len(fields_), 1)
        self.assertNotIn("base.group_no_one", fields_[0].get("groups", ""))
        self.assertEqual(
            self.env.ref(
                "order_entry_control.group_order_reviewer"
            ).category_id.parent_id.name,
            "Order Control",
        )
