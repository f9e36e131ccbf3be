# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's own rating of an order: the link in the shipping notice,
the portal page (real HTTP), one rating per order, the rating period, and a
rating recorded by staff with their name."""

import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import TrackingFixtures


@tagged("post_install", "-at_install")
class TestCustomerRating(TrackingFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_tracking()

    def _delivered_order(self):
        order = self._released_order()
        self._validate_delivery(order)
        self.assertTrue(order.effective_date)
        return order

    def _page(self, order, token=None, data=None):
        url = f"/order/rate/{order.id}?access_token={token or order.access_token}"
        if data is None:
            return self.url_open(url)
        page = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(url, data={"csrf_token": csrf, **data})

    def test_customer_rates_from_the_shipping_notice(self):
        order = self._delivered_order()
        # the shipping notice is posted to the customer on the order
        notice = order.message_ids.filtered(lambda m: "shipped" in (m.body or ""))
        self.assertTrue(notice)
        link = order._order_rating_url()
        self.assertTrue(
            any(link in (message.body or "") for message in notice),
            "the shipping notice carries the rating link",
        )
        # a wrong token finds nothing
        self.assertEqual(self._page(order, token="not-the-token").status_code, 404)
        page = self._page(order)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Send my rating", page.text)
        done = self._page(order, data={"score": "4", "comment": "Fast, well packed"})
        self.assertIn("has been recorded", done.text)
        rating = order.customer_rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.score, 4)
        self.assertEqual(rating.comment, "Fast, well packed")
        self.assertEqual(rating.source, "portal")
        self.assertFalse(rating.recorded_by_id)
        self.assertEqual(order.customer_rating, 4)
        # once only: the page says so, and a second rating is refused
        again = self._page(order)
        self.assertIn("already been rated", again.text)
        self.assertNotIn("Send my rating", again.text)
        with self.assertRefused(UserError, "already been rated"):
            self.env["order.customer.rating"]._order_rate(order, 1)
        self.assertEqual(order.customer_rating_ids.score, 4)

    def test_a_score_outside_one_to_five_is_refused(self):
        order = self._delivered_order()
        page = self._page(order, data={"score": "9"})
        self.assertIn("from 1 to 5", page.text)
        self.assertFalse(order.customer_rating_ids)

    def test_rating_period(self):
        self.company.order_rating_valid_days = 30
        order = self._delivered_order()
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            with self.assertRefused(UserError, "rating period .* is over"):
                order.with_user(self.tracker).action_record_customer_rating()
        self.company.order_rating_valid_days = 0
        with self.assertRefused(UserError, "switched off"):
            order.with_user(self.tracker).action_record_customer_rating()

    def test_not_before_delivery(self):
        order = self._released_order()
        with self.assertRefused(UserError, "once it is delivered"):
            order.with_user(self.clerk).action_record_customer_rating()

    def test_staff_record_a_phone_rating_with_their_name(self):
        order = self._delivered_order()
        action = order.with_user(self.clerk).action_record_customer_rating()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.clerk)
            .with_context(**action["context"])
            .create({"score": "5", "comment": "Said so on the phone"})
        )
        wizard.action_record()
        rating = order.customer_rating_ids
        self.assertEqual(
            (rating.score, rating.source, rating.recorded_by_id),
            (5, "staff", self.clerk),
        )
        self.assertIn("5/5", order.message_ids[0].body)
        self.assertIn(self.clerk.name, order.message_ids[0].body)

    def test_nobody_writes_a_rating_directly(self):
        order = self._delivered_order()
        values = {
            "order_id": order.id,
            "score": 5,
            "source": "portal",
            "rated_on": fields.Datetime.now(),
        }
        for user in (self.clerk, self.tracker, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["order.customer.rating"].with_user(user).create(values)
        self.env["order.customer.rating"]._order_rate(order, 2)
        rating = order.customer_rating_ids
        for user in (self.clerk, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                rating.with_user(user).write({"score": 5})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                rating.with_user(user).unlink()

    def test_the_page_speaks_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["order_tracking"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        order = self._delivered_order()
        self.assertEqual(order.partner_id, self.customer)
        page = self._page(order)
        self.assertEqual(page.status_code, 200)
        # the order's name inside the sentence, where Chinese puts it
        self.assertIn(f"为订单 {order.name} 评分", page.text)
        self.assertIn("提交评分", page.text)
        self.assertNotIn("Send my rating", page.text)
