# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestChineseUsers(OrderControlFixtures, TransactionCase):
    """Refusals and screens reach the users in their own language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        for lang in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["order_entry_control"], ["zh_CN", "zh_TW"], overwrite=True
        )

    def test_refusal_in_simplified_chinese(self):
        order = self._create_order(stated=False)
        with self.assertRaises(UserError) as caught:
            # the web client sends the user's language in the context
            order.with_user(self.clerk).with_context(
                lang="zh_CN"
            ).action_submit_review()
        self.assertIn("以下检查发现阻止提交", str(caught.exception))
        self.assertIn("请填写客户订单单据上的总额", str(caught.exception))

    def test_refusal_in_traditional_chinese(self):
        order = self._create_order(stated=False)
        with self.assertRaises(UserError) as caught:
            order.with_user(self.clerk).with_context(
                lang="zh_TW"
            ).action_submit_review()
        self.assertIn("以下檢查發現阻止提交", str(caught.exception))

    def test_followup_in_the_submitters_language(self):
        self.clerk.lang = "zh_TW"
        order = self._approve_fully(self._submit(self._create_order()))
        # the approver works in English; the clerk reads the follow-up in hers
        self.assertFalse(self.approver.lang.startswith("zh"))
        followup = order.activity_ids
        self.assertEqual(followup.user_id, self.clerk)
        self.assertEqual(followup.summary, f"確認已審批的訂單 {order.name}")

    def test_screens_in_chinese(self):
        fields = (
            self.env["sale.order"]
            .with_context(lang="zh_CN")
            .fields_get(["review_state", "received_datetime", "order_taker_id"])
        )
        self.assertEqual(fields["review_state"]["string"], "审核状态")
        self.assertEqual(fields["order_taker_id"]["string"], "拿单人")
        self.assertIn(("to_review", "待审核"), fields["review_state"]["selection"])
        rule = self.env.ref("order_entry_control.rule_credit").with_context(
            lang="zh_TW"
        )
        self.assertEqual(rule.name, "信用額度與逾期發票")
