# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a user reads where a KPI record is named (issue 23, point 3)."""

from odoo.tests import TransactionCase, tagged

from .common import MONTH, KpiFixtures


@tagged("post_install", "-at_install")
class TestKpiDisplayNames(KpiFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()

    def test_adjustment_is_the_scorecard_and_its_kind(self):
        card = self.Scorecard.sudo().create(
            {
                "company_id": self.company.id,
                "month": MONTH,
                "scope": "user",
                "user_id": self.clerk.id,
            }
        )
        penalty = (
            self.env["order.kpi.adjustment"]
            .with_user(self.auditor)
            .create(
                {
                    "scorecard_id": card.id,
                    "kind": "penalty",
                    "amount": 20.0,
                    "reason": "Customer name abbreviated",
                }
            )
        )
        self.assertEqual(penalty.display_name, "2026-03 OC Clerk · Penalty")

    def test_work_interval_is_its_time_in_the_reader_zone(self):
        Interval = self.env["order.kpi.work.interval"]
        Interval._refresh(self.company)
        first = Interval.search(
            [
                ("company_id", "=", self.company.id),
                ("date_start", ">=", self._shanghai(2026, 3, 2, 0, 0)),
            ],
            limit=1,
        )
        self.assertEqual(
            first.with_user(self.auditor)
            .with_context(lang="en_US", tz="Asia/Shanghai")
            .display_name,
            "Mar 2, 2026, 9:00:00 AM – Mar 2, 2026, 12:00:00 PM",
        )
