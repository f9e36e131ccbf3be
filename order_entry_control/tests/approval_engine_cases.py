# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The approval engine's rules, run against every kind of document plugged
into it: a concrete class mixes ``ApprovalEngineCases`` into a
``TransactionCase`` and says how its documents are created, submitted,
approved and rejected, and what their state is.

Every document goes through two steps made for the test, both decided by the
members of one group (which the requester belongs to as well), four working
hours each, late steps escalated to a manager. The company works 9:00-12:00
and 13:00-18:00 in Shanghai (UTC+8), Monday to Friday."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user

# Monday 7 December 2026, 10:00 in Shanghai
SUBMITTED = datetime(2026, 12, 7, 2, 0)
# four working hours later: 10:00-12:00 and 13:00-15:00, i.e. 15:00 in Shanghai
DEADLINE = datetime(2026, 12, 7, 7, 0)


class ApprovalEngineCases:
    # Odoo's loader collects the test methods a class defines itself; these
    # are inherited
    allow_inherited_tests_method = True

    # --- what a concrete class provides --- #
    # the activity type of the document's steps (an XML id)
    activity_type = None
    # extra groups the requester and the deciders need to work on the document
    requester_groups = ""
    decider_groups = ""

    def _doc_new_document(self, requester):
        raise NotImplementedError

    def _doc_submit(self, document, user):
        raise NotImplementedError

    def _doc_approve(self, document, user):
        raise NotImplementedError

    def _doc_reject(self, document, user, reason):
        raise NotImplementedError

    def _doc_is_approved(self, document):
        raise NotImplementedError

    def _doc_is_rejected(self, document):
        raise NotImplementedError

    # --- fixtures --- #

    @classmethod
    def _setup_engine(cls, model_name):
        """Two steps for ``model_name`` decided by a group of three deciders."""
        cls.deciders = cls.env["res.groups"].create({"name": "Engine deciders"})
        group_xmlid = (
            cls.env["ir.model.data"]
            .create(
                {
                    "module": "__engine_test__",
                    "name": "deciders",
                    "model": "res.groups",
                    "res_id": cls.deciders.id,
                }
            )
            .complete_name
        )

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=f"engine_{login}",
                name=f"Engine {login.title()}",
                groups=",".join(g for g in ("base.group_user", *groups) if g),
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                tz="Asia/Shanghai",
            )

        cls.requester = user("requester", (group_xmlid, cls.requester_groups))
        cls.alice = user("alice", (group_xmlid, cls.decider_groups))
        cls.bob = user("bob", (group_xmlid, cls.decider_groups))
        cls.carol = user("carol", (group_xmlid, cls.decider_groups))
        cls.dave = user("dave", (cls.decider_groups,))  # not a decider
        cls.boss = user("boss", (cls.decider_groups,))
        Step = cls.env["order.review.step"]
        model = cls.env["ir.model"]._get(model_name)
        Step.search([("model_id", "=", model.id)]).active = False
        cls.step_a, cls.step_b = Step.create(
            [
                {
                    "name": name,
                    "model_id": model.id,
                    "sequence": sequence,
                    "step_type": "approval",
                    "group_id": cls.deciders.id,
                    "condition": "always",
                    "sla_hours": 4,
                    "escalation_user_id": cls.boss.id,
                }
                for name, sequence in (("Engine check", 1), ("Engine sign-off", 2))
            ]
        )

    def _activities(self, document):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", document._name),
                ("res_id", "=", document.id),
                ("activity_type_id", "=", self.env.ref(self.activity_type).id),
            ]
        )

    def _doc_submitted(self):
        with freeze_time(SUBMITTED):
            document = self._doc_new_document(self.requester)
            self._doc_submit(document, self.requester)
        return document

    # --- the rules --- #

    def test_engine_one_activity_per_eligible_user_due_in_working_hours(self):
        document = self._doc_submitted()
        review = document.current_review_id
        self.assertEqual(review.step_id, self.step_a)
        self.assertEqual(review.state, "pending")
        # the requester is in the group, but never decides
        self.assertEqual(review.user_ids, self.alice | self.bob | self.carol)
        self.assertEqual(review.deadline, DEADLINE)
        activities = self._activities(document)
        self.assertEqual(activities.user_id, self.alice | self.bob | self.carol)
        self.assertEqual(len(activities), 3)
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 12, 7)})
        self.assertFalse(self._doc_is_approved(document))

    def test_engine_a_decision_closes_the_others_activities(self):
        document = self._doc_submitted()
        self._doc_approve(document, self.alice)
        self.assertEqual(
            document.review_ids.filtered(lambda r: r.step_id == self.step_a).state,
            "done",
        )
        # the next step's activities only: Alice decided the first step
        activities = self._activities(document)
        self.assertEqual(activities.user_id, self.bob | self.carol)
        self.assertEqual(document.current_review_id.step_id, self.step_b)
        self.assertEqual(document.current_review_id.user_ids, self.bob | self.carol)

    def test_engine_the_requester_never_decides(self):
        document = self._doc_submitted()
        with self.assertRaises(AccessError):
            self._doc_approve(document, self.requester)
        with self.assertRaises(AccessError):
            self._doc_reject(document, self.requester, "Mine")
        self.assertEqual(document.current_review_id.step_id, self.step_a)
        self.assertEqual(len(self._activities(document)), 3)

    def test_engine_nobody_decides_two_steps(self):
        document = self._doc_submitted()
        self._doc_approve(document, self.alice)
        with self.assertRaisesRegex(AccessError, "approved one of its steps"):
            self._doc_approve(document, self.alice)
        self._doc_approve(document, self.bob)
        self.assertTrue(self._doc_is_approved(document))
        decided = document.review_ids.sorted("sequence")
        self.assertEqual(decided.mapped("state"), ["done", "done"])
        self.assertEqual(decided.decided_by_id, self.alice | self.bob)
        self.assertFalse(self._activities(document))

    def test_engine_marking_the_activity_done_decides_nothing(self):
        """Users close activities with a tick by habit: on a step's activity
        they are told how to decide instead, and nobody removes another
        person's activity."""
        document = self._doc_submitted()
        mine = self._activities(document).filtered(lambda a: a.user_id == self.alice)
        with self.assertRaisesRegex(UserError, "approve, pass or reject"):
            mine.with_user(self.alice).action_done()
        with self.assertRaises(UserError):
            mine.with_user(self.alice).action_feedback(feedback="Looks fine")
        with self.assertRaises(UserError):
            mine.with_user(self.requester).unlink()
        with self.assertRaises(UserError):
            mine.with_user(self.alice).write({"date_deadline": date(2026, 12, 31)})
        self.assertEqual(len(self._activities(document)), 3)
        self.assertEqual(document.current_review_id.state, "pending")
        self.assertFalse(self._doc_is_approved(document))

    def test_engine_a_decision_needs_an_open_step_and_a_text_comment(self):
        with freeze_time(SUBMITTED):
            document = self._doc_new_document(self.requester)
            # not submitted yet: nothing to decide
            with self.assertRaises(UserError):
                document.with_user(self.alice)._approval_approve()
            self.assertFalse(document.review_ids)
            self._doc_submit(document, self.requester)
        with self.assertRaisesRegex(UserError, "comment as text"):
            document.with_user(self.alice)._approval_approve(comment=["Fine"])
        self.assertEqual(document.current_review_id.step_id, self.step_a)
        self.assertEqual(document.current_review_id.state, "pending")

    def test_engine_outsiders_do_not_decide(self):
        document = self._doc_submitted()
        with self.assertRaises(AccessError):
            self._doc_approve(document, self.dave)
        self.assertEqual(document.current_review_id.state, "pending")

    def test_engine_rejection_needs_a_reason_and_cancels_the_rest(self):
        document = self._doc_submitted()
        with self.assertRaises(UserError):
            self._doc_reject(document, self.bob, "  ")
        self.assertEqual(document.current_review_id.step_id, self.step_a)
        self.assertEqual(len(self._activities(document)), 3)
        self._doc_reject(document, self.bob, "The price is below the floor")
        first, second = document.review_ids.sorted("sequence")
        self.assertEqual(first.state, "rejected")
        self.assertEqual(first.decision, "rejected")
        self.assertEqual(first.decided_by_id, self.bob)
        self.assertEqual(first.comment, "The price is below the floor")
        self.assertEqual(second.state, "cancelled")
        self.assertFalse(self._activities(document))
        self.assertTrue(self._doc_is_rejected(document))
        self.assertTrue(
            document.message_ids.filtered(
                lambda m: "The price is below the floor" in m.body
            )
        )

    def test_engine_late_step_is_flagged_and_escalated(self):
        document = self._doc_submitted()
        review = document.current_review_id
        with freeze_time(datetime(2026, 12, 7, 6, 59)):
            self.env["order.review"]._cron_check_sla()
        self.assertFalse(review.sla_breached)
        with freeze_time(datetime(2026, 12, 7, 7, 1)):
            self.env["order.review"]._cron_check_sla()
        self.assertTrue(review.sla_breached)
        late = self._activities(document).filtered(lambda a: a.user_id == self.boss)
        self.assertEqual(len(late), 1)
        self.assertIn("Late", late.summary)
        self.assertIn(self.boss, review.user_ids)
        self.assertTrue(document.message_ids.filtered(lambda m: "is late" in m.body))

    def test_engine_resubmission_is_a_new_round(self):
        document = self._doc_submitted()
        self._doc_approve(document, self.alice)
        self._doc_reject(document, self.bob, "Wrong delivery address")
        self._doc_resubmit(document)
        current = document.current_review_id
        self.assertEqual(current.round, 2)
        self.assertEqual(current.step_id, self.step_a)
        # four eyes count within a round: Alice decides again
        self.assertEqual(current.user_ids, self.alice | self.bob | self.carol)
        self.assertEqual(len(document.review_ids), 4)

    def _doc_resubmit(self, document):
        self._doc_submit(document, self.requester)
