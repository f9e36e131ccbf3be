# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.order_entry_control.tests.common import (
    CLERK,
    OrderControlFixtures,
)

AUDITOR = "order_kpi.group_order_kpi_auditor"
TRACKER = "order_tracking.group_order_tracker"
MONTH = date(2026, 3, 1)
# "Today" of the tests: the month assessed is over.
TODAY = "2026-04-15 10:00:00"


def sh(*args):
    """Naive UTC datetime of a wall-clock time in Shanghai (UTC+8)."""
    return datetime(*args) - timedelta(hours=8)


class KpiFixtures(OrderControlFixtures):
    """Order Control fixtures plus trackers, an auditor, a team, milestones."""

    @classmethod
    def _setup_kpi(cls):
        cls.startClassPatcher(freeze_time(TODAY))
        cls._setup_order_control()
        cls.env["res.users"].browse(cls.env.uid).tz = "Asia/Shanghai"

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=f"kpi_{login}",
                groups=f"base.group_user,{groups}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                name=f"KPI {login.title()}",
                tz="Asia/Shanghai",
            )

        cls.clerk2 = user("clerk2", CLERK)
        cls.tracker = user("tracker", TRACKER)
        cls.auditor = user("auditor", AUDITOR)
        cls.team = cls.env["crm.team"].create(
            {
                "name": "East China",
                "company_id": cls.company.id,
                "member_ids": [
                    Command.set([cls.clerk.id, cls.clerk2.id, cls.reviewer.id])
                ],
            }
        )
        cls.step_review = cls.env.ref("order_entry_control.step_first_review")
        cls.step_approval = cls.env.ref("order_entry_control.step_approval")
        cls.milestone_types = {
            code: cls._milestone_type(code, sequence)
            for sequence, code in enumerate(("shipped", "delivered", "feedback"))
        }
        cls.Scorecard = cls.env["order.kpi.scorecard"]
        cls.Fact = cls.env["order.kpi.fact"]

    @classmethod
    def _milestone_type(cls, code, sequence):
        existing = cls.env.ref(
            f"order_tracking.milestone_type_{code}", raise_if_not_found=False
        )
        return existing or cls.env["order.milestone.type"].create(
            {"name": code.title(), "code": code, "sequence": sequence}
        )

    @classmethod
    def _kpi_order(cls, user, received, entered, team=None, **vals):
        """An order entered by ``user``, received and entered at given times."""
        order = cls._create_order(
            user=user,
            received_datetime=received,
            team_id=(team or cls.team).id,
            commitment_date=vals.pop("commitment_date", False),
        )
        order.sudo().write({"entered_datetime": entered, **vals})
        return order

    @classmethod
    def _review(
        cls, order, step_type, user, started, decided, deadline, decision, round_=1
    ):
        """Record a decided review step of ``order``."""
        step = cls.step_review if step_type == "review" else cls.step_approval
        return cls.env["order.review"].create(
            {
                "order_id": order.id,
                "step_id": step.id,
                "step_type": step_type,
                "sequence": step.sequence,
                "round": round_,
                "state": "rejected" if decision == "rejected" else "done",
                "decision": decision,
                "started_on": started,
                "deadline": deadline,
                "decided_on": decided,
                "decided_by_id": user.id,
            }
        )

    @classmethod
    def _milestone(cls, order, code, planned, actual):
        return cls.env["order.milestone"].create(
            {
                "order_id": order.id,
                "type_id": cls.milestone_types[code].id,
                "date_planned": planned,
                "date_actual": actual,
            }
        )

    def _score_manual_areas(self, month=None, score=7):
        """The audit group scores every manual area still unscored in ``month``
        (what a lock needs)."""
        rows = self.env["order.kpi.scorecard.area"].search(
            [
                ("scorecard_id.month", "=", month or MONTH),
                ("kind", "=", "manual"),
                ("has_score", "=", False),
            ]
        )
        for row in rows.with_user(self.auditor):
            row._order_kpi_set_score(score, "Scored for the lock of the month")
        return rows

    def _facts(self, orders):
        self.env["order.kpi.work.interval"]._refresh(self.company, MONTH)
        self.env.flush_all()
        facts = self.Fact.search([("order_id", "in", orders.ids)])
        return {fact.order_id: fact for fact in facts}

    @classmethod
    def _build_march(cls):
        """Five orders of March 2026 (and one of April) with known timestamps.

        Calendar: Mon-Fri 9-12 and 13-18, Shanghai; 2 March 2026 is a Monday;
        entry deadline 1 working hour.
        """
        clerk, clerk2 = cls.clerk, cls.clerk2
        # o1: entered in 30 min; reviewed and approved on time; released
        # Monday 11:30; delivered before the committed date; rated 90.
        o1 = cls._kpi_order(
            clerk,
            sh(2026, 3, 2, 9, 0),
            sh(2026, 3, 2, 9, 30),
            commitment_date=sh(2026, 3, 10, 18, 0),
            submitted_datetime=sh(2026, 3, 2, 9, 40),
            approved_datetime=sh(2026, 3, 2, 11, 0),
            approved_by_id=cls.approver.id,
            released_datetime=sh(2026, 3, 2, 11, 30),
            customer_feedback_score=90,
            tracker_id=cls.tracker.id,
        )
        cls._review(
            o1,
            "review",
            cls.reviewer,
            sh(2026, 3, 2, 9, 40),
            sh(2026, 3, 2, 10, 30),
            sh(2026, 3, 2, 11, 40),
            "passed",
        )
        cls._review(
            o1,
            "approval",
            cls.approver,
            sh(2026, 3, 2, 10, 30),
            sh(2026, 3, 2, 11, 0),
            sh(2026, 3, 3, 10, 30),
            "approved",
        )
        cls._milestone(o1, "shipped", sh(2026, 3, 6, 12, 0), sh(2026, 3, 7, 9, 0))
        cls._milestone(o1, "delivered", sh(2026, 3, 9, 12, 0), sh(2026, 3, 9, 8, 0))
        cls._milestone(o1, "feedback", sh(2026, 3, 12, 12, 0), sh(2026, 3, 11, 9, 0))
        # o2: received Monday 17:30 (after the cutoff: business date Tuesday),
        # entered Tuesday 9:45; rejected once, then passed late and approved;
        # released Wednesday 10:00.
        o2 = cls._kpi_order(
            clerk,
            sh(2026, 3, 2, 17, 30),
            sh(2026, 3, 3, 9, 45),
            submitted_datetime=sh(2026, 3, 3, 10, 0),
            approved_datetime=sh(2026, 3, 4, 9, 30),
            approved_by_id=cls.approver.id,
            released_datetime=sh(2026, 3, 4, 10, 0),
            review_rejection_count=1,
            review_round=2,
        )
        cls._review(
            o2,
            "review",
            cls.reviewer,
            sh(2026, 3, 3, 10, 0),
            sh(2026, 3, 3, 11, 0),
            sh(2026, 3, 3, 12, 0),
            "rejected",
        )
        cls._review(
            o2,
            "review",
            cls.reviewer,
            sh(2026, 3, 3, 14, 0),
            sh(2026, 3, 3, 17, 0),
            sh(2026, 3, 3, 16, 0),
            "passed",
            round_=2,
        )
        cls._review(
            o2,
            "approval",
            cls.approver,
            sh(2026, 3, 3, 17, 0),
            sh(2026, 3, 4, 9, 30),
            sh(2026, 3, 4, 17, 0),
            "approved",
            round_=2,
        )
        # o3: entered in 20 min; passed and approved on time; released Monday
        # 9 March 14:00; a change request caused by an entry error; delivered
        # after the committed date.
        o3 = cls._kpi_order(
            clerk2,
            sh(2026, 3, 6, 11, 0),
            sh(2026, 3, 6, 11, 20),
            commitment_date=sh(2026, 3, 12, 18, 0),
            submitted_datetime=sh(2026, 3, 6, 11, 30),
            approved_datetime=sh(2026, 3, 9, 11, 0),
            approved_by_id=cls.approver.id,
            released_datetime=sh(2026, 3, 9, 14, 0),
            tracker_id=cls.tracker.id,
        )
        cls._review(
            o3,
            "review",
            cls.reviewer,
            sh(2026, 3, 6, 11, 30),
            sh(2026, 3, 6, 13, 30),
            sh(2026, 3, 6, 14, 30),
            "passed",
        )
        cls._review(
            o3,
            "approval",
            cls.approver,
            sh(2026, 3, 6, 13, 30),
            sh(2026, 3, 9, 11, 0),
            sh(2026, 3, 9, 13, 30),
            "approved",
        )
        cls._milestone(o3, "delivered", sh(2026, 3, 12, 12, 0), sh(2026, 3, 13, 9, 0))
        cls.env["order.change.request"].create(
            {
                "order_id": o3.id,
                "cause": "entry_error",
                "reason": "Wrong bracket size entered",
                "state": "submitted",
            }
        )
        # o4: entered on time, not submitted yet.
        o4 = cls._kpi_order(clerk2, sh(2026, 3, 10, 10, 0), sh(2026, 3, 10, 10, 30))
        # o5: cancelled, does not count; o6: April, another month.
        o5 = cls._kpi_order(clerk, sh(2026, 3, 11, 10, 0), sh(2026, 3, 11, 13, 0))
        o5.sudo().write({"state": "cancel"})
        o6 = cls._kpi_order(clerk, sh(2026, 4, 1, 10, 0), sh(2026, 4, 1, 13, 0))
        cls.o1, cls.o2, cls.o3, cls.o4, cls.o5, cls.o6 = o1, o2, o3, o4, o5, o6
