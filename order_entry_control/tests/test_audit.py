# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.tests import TransactionCase, freeze_time, tagged

from .common import OrderControlFixtures

LABELS = {
    "draft": "Draft",
    "to_review": "To Review",
    "to_approve": "To Approve",
    "approved": "Approved",
    "rejected": "Rejected",
}


@tagged("post_install", "-at_install")
class TestAuditTrail(OrderControlFixtures, TransactionCase):
    """Every review-state transition leaves one tracking value: who and when."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_control()

    def _step(self, when, user, action):
        """Run ``action`` as ``user`` at ``when``, then end the request."""
        with freeze_time(when):
            action(user)
            self.env.flush_all()
            self.env.cr.precommit.run()
        return (when, user)

    def _trail(self, order):
        """(old, new, author, date) of every review_state tracking value."""
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "sale.order"),
                    ("mail_message_id.res_id", "=", order.id),
                    ("field_id.name", "=", "review_state"),
                    ("field_id.model", "=", "sale.order"),
                ],
                order="id",
            )
        )
        return [
            (
                v.old_value_char,
                v.new_value_char,
                v.mail_message_id.author_id,
                v.mail_message_id.date,
            )
            for v in values
        ]

    def _assert_trail(self, order, expected):
        """``expected``: (old state, new state, (when, user)) per transition."""
        self.assertEqual(
            self._trail(order),
            [
                (LABELS[old], LABELS[new], user.partner_id, when)
                for old, new, (when, user) in expected
            ],
        )

    def test_whole_flow_tracks_each_transition_once(self):
        with freeze_time(datetime(2026, 11, 2, 0, 30)):
            order = self._create_order()
            self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self._trail(order), [], "creation is not a transition")

        def checks(user):
            order.with_user(user).action_run_checks()

        def submit(user):
            order.with_user(user).action_submit_review()

        def review(user):
            order.with_user(user).action_review_pass()

        def approve(user):
            order.with_user(user).action_approve()

        def reject(user):
            order.with_user(user).action_reject(reason="Delivery date to confirm")

        def confirm(user):
            order.with_user(user).action_confirm()

        self._step(datetime(2026, 11, 2, 1, 0), self.clerk, checks)
        submitted = self._step(datetime(2026, 11, 2, 1, 5), self.clerk, submit)
        rejected = self._step(datetime(2026, 11, 2, 2, 0), self.reviewer, reject)
        self._step(datetime(2026, 11, 2, 2, 30), self.clerk, checks)
        resubmitted = self._step(datetime(2026, 11, 2, 3, 0), self.clerk, submit)
        passed = self._step(datetime(2026, 11, 2, 3, 40), self.reviewer2, review)
        approved = self._step(datetime(2026, 11, 2, 5, 0), self.approver, approve)
        self._step(datetime(2026, 11, 2, 6, 0), self.clerk, confirm)

        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_round, 2)
        self._assert_trail(
            order,
            [
                ("draft", "to_review", submitted),
                ("to_review", "rejected", rejected),
                ("rejected", "to_review", resubmitted),
                ("to_review", "to_approve", passed),
                ("to_approve", "approved", approved),
            ],
        )
        # the decisions themselves carry the same who and when
        decided = order.review_ids.filtered("decided_on").sorted("decided_on")
        self.assertEqual(
            [(r.decided_by_id, r.decided_on) for r in decided],
            [
                (rejected[1], rejected[0]),
                (passed[1], passed[0]),
                (approved[1], approved[0]),
            ],
        )

    def test_client_flags_do_not_switch_the_trail_off(self):
        """tracking_disable and mail_notrack in an RPC client's context leave
        the review transitions tracked all the same."""
        order = self._create_order()
        self.env.flush_all()
        self.env.cr.precommit.run()
        quiet = {"tracking_disable": True, "mail_notrack": True}
        when = datetime(2026, 11, 2, 2, 0)
        step = self._step(
            when,
            self.clerk,
            lambda user: (
                order.with_user(user).with_context(**quiet).action_submit_review()
            ),
        )
        self._assert_trail(order, [("draft", "to_review", step)])
