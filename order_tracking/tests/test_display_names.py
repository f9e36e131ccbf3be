# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a user reads where a record of the tracking models is named: in a
many2one, a dialog's title, the order's next milestone (issue 23, point 3)."""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestTrackingDisplayNames(TrackingFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()
        cls.order = cls._released_order()

    def test_milestone_is_the_order_and_its_type(self):
        milestone = self.order.milestone_ids.filtered(
            lambda m: m.code == "production_planned"
        )
        self.assertEqual(
            milestone.with_user(self.tracker).display_name,
            f"{self.order.name} · Production planned",
        )

    def test_milestone_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_tracking"], ["zh_CN"], overwrite=True
        )
        milestone = self.order.milestone_ids.filtered(
            lambda m: m.code == "production_planned"
        )
        # the web client sends the reader's language in the context
        self.assertEqual(
            milestone.with_user(self.tracker).with_context(lang="zh_CN").display_name,
            f"{self.order.name} · 已排产",
        )

    def test_allocation_is_the_order_and_its_department(self):
        names = self.order.allocation_ids.with_user(self.tracker).mapped("display_name")
        self.assertIn(f"{self.order.name} · Production", names)

    def test_exception_is_the_order_and_its_description(self):
        exception = self.env["order.exception"].create(
            {
                "name": "Two cartons dented",
                "order_id": self.order.id,
                "kind": "transport",
                "user_id": self.tracker.id,
            }
        )
        self.assertEqual(
            exception.display_name, f"{self.order.name} · Two cartons dented"
        )

    def test_change_line_is_its_request_and_product(self):
        request = (
            self.env["order.change.request"]
            .with_user(self.clerk)
            .create(
                {
                    "order_id": self.order.id,
                    "reason": "Customer asked by phone",
                    "line_ids": [
                        Command.create(
                            {
                                "change_type": "update",
                                "sale_line_id": self.order.order_line[0].id,
                                "new_qty": 1.0,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(
            request.line_ids.display_name, f"{request.name} · Steel bracket M8"
        )

    def test_revision_is_the_order_and_its_number(self):
        revision = (
            self.env["order.revision"]
            .sudo()
            .create({"order_id": self.order.id, "revision": 2})
        )
        self.assertEqual(
            revision.with_user(self.clerk).display_name,
            f"{self.order.name} · Revision 2",
        )

    def test_display_names_of_many_milestones_cost_constant_queries(self):
        other = self._released_order()
        Milestone = self.env["order.milestone"].with_user(self.tracker)

        def count(orders):
            milestones = Milestone.browse((orders).milestone_ids.ids)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            milestones.mapped("display_name")
            return self.cr.sql_log_count - before

        count(self.order)  # warm up the tracker's access rules
        self.assertEqual(count(self.order | other), count(self.order))
