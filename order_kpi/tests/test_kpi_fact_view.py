# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import KpiFixtures


@tagged("post_install", "-at_install")
class TestKpiFactView(KpiFixtures, TransactionCase):
    """The KPI view is made of overridable parts, with a column per field."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kpi()
        cls._build_march()

    def _view(self, *columns):
        """The cursor over the view's rows, all columns or the given ones."""
        select = SQL(", ").join(map(SQL.identifier, columns)) if columns else SQL("*")
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT %s FROM order_kpi_fact ORDER BY id", select))
        return self.env.cr

    def test_a_row_per_order_and_a_column_per_field(self):
        cr = self._view()
        columns = {column.name for column in cr.description}
        ids = {row[0] for row in cr.fetchall()}
        stored = {name for name, field in self.Fact._fields.items() if field.store}
        self.assertEqual(columns, stored)
        orders = self.o1 | self.o2 | self.o3 | self.o4 | self.o6
        self.assertLessEqual(set(orders.ids), ids)
        self.assertNotIn(self.o5.id, ids, "cancelled orders have no row")

    def test_an_addon_adds_a_column(self):
        Fact = type(self.Fact)
        with patch.object(
            Fact,
            "_select_additional_fields",
            lambda self: {
                "x_line_count": SQL(
                    "(SELECT count(*) FROM sale_order_line l WHERE l.order_id = so.id)"
                )
            },
        ):
            self.Fact.init()
        rows = dict(self._view("id", "x_line_count").fetchall())
        for order in self.o1 | self.o2 | self.o3:
            self.assertEqual(rows[order.id], len(order.sudo().order_line))

    def test_an_addon_narrows_the_orders(self):
        Fact = type(self.Fact)
        where = SQL("%s AND so.id != %s", self.Fact._where_order_kpi_fact(), self.o1.id)
        with patch.object(Fact, "_where_order_kpi_fact", lambda self: where):
            self.Fact.init()
        ids = {row[0] for row in self._view("id").fetchall()}
        self.assertNotIn(self.o1.id, ids)
        self.assertIn(self.o2.id, ids)
