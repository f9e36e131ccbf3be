# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stored text in its reader's language (issue 23, point 4): three users read
en_US, zh_CN and zh_TW; whoever acts, in whatever language, each one reads
the activities given to them, the departments and the allocation tasks in
their own. The Chinese strings are those of the .po files."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.order_entry_control.tests.common import REVIEWER

from .common import LATE_ACTIVITY, TrackingFixtures

REVIEW_ACTIVITY = "order_entry_control.mail_activity_type_order_review"
FOLLOWUP_ACTIVITY = "order_entry_control.mail_activity_type_order_followup"
MISSING = "order_tracking.mail_activity_type_tracker_missing"


@tagged("post_install", "-at_install")
class TestReadersLanguage(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        for lang in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["order_entry_control", "order_tracking"],
            ["zh_CN", "zh_TW"],
            overwrite=True,
        )
        cls.env.invalidate_all()
        # three readers of each kind of text
        cls.reviewer.lang = "en_US"
        cls.reviewer2.lang = "zh_TW"
        cls.reviewer_cn = new_test_user(
            cls.env,
            login="oc_reviewer_cn",
            groups=f"base.group_user,{REVIEWER}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            name="OC Reviewer CN",
            tz="Asia/Shanghai",
            lang="zh_CN",
        )
        cls.clerk.lang = "zh_CN"
        cls.approver.lang = "en_US"
        cls.tracker.lang = "zh_TW"
        cls.head.lang = "zh_CN"
        # the departments installed with the addon (data), not the fixtures'
        (cls.dept_production | cls.dept_shipping | cls.dept_elsewhere).active = False
        cls.data_departments = {
            key: cls.env.ref(f"order_tracking.order_department_{key}")
            for key in (
                "production",
                "purchasing",
                "quality_control",
                "warehouse_shipping",
                "finance",
                "customer_service",
            )
        }
        for department in cls.data_departments.values():
            department.write({"active": True, "company_id": cls.company.id})
        cls.data_departments["production"].manager_id = cls.head  # zh_CN
        cls.data_departments["purchasing"].manager_id = cls.reviewer  # en_US
        cls.data_departments["quality_control"].manager_id = cls.reviewer2  # zh_TW

    def _activity(self, record, user, type_xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("user_id", "=", user.id),
                ("activity_type_id", "=", self.env.ref(type_xmlid).id),
            ]
        )

    def test_review_steps_in_each_reviewers_language(self):
        order = self._create_order()
        # the clerk submits from a Simplified Chinese screen
        order.with_user(self.clerk).with_context(lang="zh_CN").action_submit_review()
        name = order.name
        for user, summary in (
            (self.reviewer, f"First review of {name}"),
            (self.reviewer_cn, f"{name} 的初审"),
            (self.reviewer2, f"{name} 的初審"),
        ):
            with self.subTest(user=user.login):
                activity = self._activity(order, user, REVIEW_ACTIVITY)
                self.assertEqual(activity.summary, summary)
        self.assertIn(
            "请于", str(self._activity(order, self.reviewer_cn, REVIEW_ACTIVITY).note)
        )
        self.assertIn(
            "請於", str(self._activity(order, self.reviewer2, REVIEW_ACTIVITY).note)
        )
        self.assertIn(
            "Decide by", str(self._activity(order, self.reviewer, REVIEW_ACTIVITY).note)
        )

    def test_rejection_in_the_clerks_language(self):
        order = self._submit(self._create_order())
        # an English-speaking reviewer rejects; the clerk reads Chinese
        order.with_user(self.reviewer).with_context(lang="en_US").action_reject(
            reason="Wrong delivery address"
        )
        followup = self._activity(order, self.clerk, FOLLOWUP_ACTIVITY)
        self.assertEqual(followup.summary, f"修改并重新提交 {order.name}")
        self.assertIn("Wrong delivery address", str(followup.note))
        # and the other way round: a Chinese reviewer, an English clerk
        self.clerk.lang = "en_US"
        order = self._submit(self._create_order())
        order.with_user(self.reviewer2).with_context(lang="zh_TW").action_reject(
            reason="地址錯誤"
        )
        followup = self._activity(order, self.clerk, FOLLOWUP_ACTIVITY)
        self.assertEqual(followup.summary, f"Correct and resubmit {order.name}")

    def test_late_milestone_in_the_trackers_language(self):
        with freeze_time("2026-03-02 02:00:00"):  # Monday 10:00 Shanghai
            order = self._released_order()
        self.assertEqual(order.tracker_id, self.tracker)
        # 11:30: production planned (due 11:00, 03:00 UTC) is late; the cron
        # runs in English; the summary gives the planned time in Shanghai
        with freeze_time(self._shanghai(2026, 3, 2, 11, 30)):
            self.env.ref(
                "order_tracking.ir_cron_order_milestone_lateness"
            ).with_context(lang="en_US").method_direct_trigger()
        activity = self._activity(order, self.tracker, LATE_ACTIVITY)
        self.assertEqual(activity.summary, "延誤：已排產（計畫 2026-03-02 11:00）")
        # the milestone itself reads in each reader's language
        milestone = self._milestone(order, "production_planned")
        for lang, display_name in (
            ("zh_CN", f"{order.name} · 已排产"),
            ("en_US", f"{order.name} · Production planned"),
            ("zh_TW", f"{order.name} · 已排產"),
        ):
            with self.subTest(lang=lang):
                self.assertEqual(
                    milestone.with_context(lang=lang).display_name, display_name
                )

    def test_allocation_todos_and_tasks_in_each_owners_language(self):
        with freeze_time("2026-03-02 02:00:00"):
            # the clerk confirms from a Simplified Chinese screen
            order = self._release(self._create_order().with_context(lang="zh_CN"))
        allocations = {
            allocation.department_id: allocation for allocation in order.allocation_ids
        }
        production = allocations[self.data_departments["production"]]
        purchasing = allocations[self.data_departments["purchasing"]]
        quality = allocations[self.data_departments["quality_control"]]
        name = order.name
        for allocation, user, summary in (
            (production, self.head, f"{name}：计划与生产"),
            (purchasing, self.reviewer, f"Purchase the materials for {name}"),
            (quality, self.reviewer2, f"{name}：檢驗貨物"),
        ):
            with self.subTest(user=user.login):
                todo = self._activity(allocation, user, "mail.mail_activity_data_todo")
                self.assertEqual(todo.summary, summary)
        # each reader reads the tasks and the departments in their language
        for lang, task, department in (
            ("en_US", "Inspect the goods", "Quality Control"),
            ("zh_CN", "检验货物", "质检"),
            ("zh_TW", "檢驗貨物", "品管"),
        ):
            with self.subTest(lang=lang):
                line = quality.with_context(lang=lang)
                self.assertEqual(line.task, task)
                self.assertEqual(line.department_id.name, department)
        # a task typed by a person stays as typed
        production.with_user(self.tracker).with_context(lang="zh_TW").task = "加急生產"
        self.assertEqual(production.with_context(lang="en_US").task, "加急生產")
        self.assertEqual(production.with_context(lang="zh_TW").task, "加急生產")

    def test_tracker_request_in_each_managers_language(self):
        (self.tracker | self.head).active = False
        self.manager.lang = "zh_TW"
        manager_en = new_test_user(
            self.env,
            login="oc_manager_en",
            groups="base.group_user,order_entry_control.group_order_control_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
            lang="en_US",
        )
        with freeze_time("2026-03-02 02:00:00"):
            order = self._released_order()
        self.assertFalse(order.tracker_id)
        self.assertEqual(
            self._activity(order, self.manager, MISSING).summary,
            f"為 {order.name} 指定跟單員",
        )
        self.assertEqual(
            self._activity(order, manager_en, MISSING).summary,
            f"Name the tracker of {order.name}",
        )
