# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a user reads where a record of the entry-control models is named:
in a many2one, a dialog's title, an activity (issue 23, point 3)."""

from datetime import date

from odoo.tests import TransactionCase, tagged

from .common import OrderControlFixtures


@tagged("post_install", "-at_install")
class TestEntryDisplayNames(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def test_absence_is_the_user_and_the_dates(self):
        absence = (
            self.env["order.absence"]
            .with_user(self.manager)
            .create(
                {
                    "user_id": self.approver.id,
                    "substitute_id": self.reviewer2.id,
                    "date_from": date(2026, 3, 2),
                    "date_to": date(2026, 3, 6),
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual(
            absence.with_context(lang="en_US").display_name,
            "OC Approver (03/02/2026 – 03/06/2026)",
        )

    def test_finding_is_the_order_and_its_check(self):
        order = self._create_order(stated=False)
        order.with_user(self.clerk).action_run_checks()
        finding = order.finding_ids.filtered(lambda f: f.kind == "amount")
        self.assertEqual(
            finding.with_user(self.clerk).display_name,
            f"{order.name} · Total matches the customer's document",
        )

    def test_review_step_is_the_document_and_the_step(self):
        order = self._submit(self._create_order())
        review = order.with_user(self.reviewer).current_review_id
        self.assertEqual(review.display_name, f"{order.name} · First review")

    def test_reservation_is_the_order_and_its_product(self):
        self.company.order_reservation_mode = "submission"
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        cement = self._create_product("Cement 50 kg", 30.0, storable=True)
        self.env["stock.quant"]._update_available_quantity(
            cement, warehouse.lot_stock_id, 10.0
        )
        order = self._submit(
            self._create_order(lines=[(cement, 6)], warehouse_id=warehouse.id)
        )
        self.assertEqual(
            order.with_user(self.clerk).reservation_ids.display_name,
            f"{order.name} · Cement 50 kg",
        )
