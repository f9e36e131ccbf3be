# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import SALESMAN, OrderControlFixtures


@tagged("post_install", "-at_install")
class TestSalesByBusinessDate(OrderControlFixtures, TransactionCase):
    """Sales analysis (sale.report) by business date: an order received after
    the 16:00 cutoff counts as the next working day's sales (regulation 11)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        cls.clerk.groups_id |= cls.env.ref(SALESMAN)

    def _received(self, *wall_clock, qty):
        received = self._shanghai(*wall_clock)
        with freeze_time(received):
            return self._create_order(
                lines=[(self.product, qty)],
                received_datetime=received,
                date_order=received,
            )

    def test_friday_evening_order_counts_on_monday(self):
        # Friday 6 November 2026: 10:00 (before the cutoff) and 17:00 (after)
        morning = self._received(2026, 11, 6, 10, 0, qty=2)  # 2 x 100 = 200
        evening = self._received(2026, 11, 6, 17, 0, qty=3)  # 3 x 100 = 300
        self.assertEqual(evening.business_date, date(2026, 11, 9))
        self.env.flush_all()
        names = (morning | evening).mapped("name")
        report = self.env["sale.report"].with_user(self.clerk)
        by_business_date = {
            day: total
            for day, total in report._read_group(
                [("name", "in", names)],
                ["business_date:day"],
                ["price_subtotal:sum"],
            )
        }
        # the evening's 300 is Monday 9 November's sales, not Friday's
        self.assertEqual(
            by_business_date, {date(2026, 11, 6): 200.0, date(2026, 11, 9): 300.0}
        )
        # the order date keeps both on Friday (in Shanghai)
        by_order_date = report.with_context(tz="Asia/Shanghai")._read_group(
            [("name", "in", names)],
            ["date:day"],
            ["price_subtotal:sum"],
        )
        self.assertEqual(
            [(day.date(), total) for day, total in by_order_date],
            [(date(2026, 11, 6), 500.0)],
        )

    def test_business_date_filter_and_group_by_in_search_view(self):
        arch = self.env["sale.report"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        self.assertIn('name="filter_business_date"', arch)
        self.assertIn('date="business_date"', arch)
        self.assertIn("'group_by': 'business_date:day'", arch)
