# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the printed forms show of the approval engine: the decisions of a
record's current round, and the signature boxes (who and when, or blank for a
pen) that the forms fill from them."""

from odoo import models


class OrderApprovalMixin(models.AbstractModel):
    _inherit = "order.approval.mixin"

    def _approval_report_decisions(self, step_types=None):
        """The decided steps of this record's current round (of ``step_types``,
        when given), in their order: what its printed form lists and signs."""
        self.ensure_one()
        # the reader may print the record: the steps are read as the engine
        # reads them (a decider may not read the other steps)
        self.check_access("read")
        return self._approval_reviews().filtered(
            lambda r: (
                r.round == self.review_round
                and r.state in ("done", "rejected")
                and (not step_types or r.step_type in step_types)
            )
        )

    def _approval_report_entry(self, user, when):
        """One signature of a box: who (and for whom) and when."""
        return {"name": user.name or "", "when": when or False}

    def _approval_report_box(self, label, reviews):
        """A signature box named ``label`` signed by the deciders of ``reviews``
        (passed or approved); blank when there are none."""
        entries = []
        for review in reviews.filtered(lambda r: r.state == "done"):
            entry = self._approval_report_entry(review.decided_by_id, review.decided_on)
            if review.decided_for_id:
                entry["name"] = self.env._(
                    "%(user)s for %(absent)s",
                    user=review.decided_by_id.name,
                    absent=review.decided_for_id.name,
                )
            entries.append(entry)
        return {"label": label, "entries": entries}

    def _get_report_signature_boxes(self):
        """The signature boxes of this record's printed form, in their order:
        override to add or rename boxes."""
        self.ensure_one()
        return [
            self._approval_report_box(
                self.env._("Reviewed by"),
                self._approval_report_decisions(("review",)),
            ),
            self._approval_report_box(
                self.env._("Approved by"),
                self._approval_report_decisions(("approval",)),
            ),
        ]
