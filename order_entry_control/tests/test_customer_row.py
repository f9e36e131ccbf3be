# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Telling the reviewers of a step does not write the order's customer: its
row would otherwise be updated by every submission and decision on any of
its orders, and concurrent ones would fail to serialize."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import OrderControlFixtures

LONG_AGO = "2026-01-02 03:04:05"


@tagged("post_install", "-at_install")
class TestNoticesLeaveTheCustomerAlone(OrderControlFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()
        # the reviewers are told by mail: the notification builds the
        # customer's access link, with its signup parameters
        cls.company.order_notify_reviewers = True
        cls.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.invitation_scope", "b2c"
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.customer.id}
        )

    def _written_on(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, write_date FROM res_partner WHERE id IN %s",
                (self.customer.id, self.contact.id),
            )
        )
        return {pid: str(date) for pid, date in self.env.cr.fetchall()}

    def test_submission_and_decisions_do_not_write_the_customer(self):
        order = self._create_order()
        # the first notification prepares the customer's signup once
        self._submit(order)
        self.assertEqual(self.customer.sudo().signup_type, "signup")
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = %s WHERE id IN %s",
                LONG_AGO,
                (self.customer.id, self.contact.id),
            )
        )
        self.env.invalidate_all()
        second = self._create_order()
        self._submit(second)
        second.with_user(self.reviewer).action_review_pass()
        self.assertEqual(
            self._written_on(),
            {self.customer.id: LONG_AGO, self.contact.id: LONG_AGO},
            "the customer and its contact are not written by the notices",
        )

    def test_a_changed_signup_type_is_still_written(self):
        self.customer.sudo().signup_type = "reset"
        self.customer.sudo().signup_prepare()
        self.assertEqual(self.customer.sudo().signup_type, "signup")
