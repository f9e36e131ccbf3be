# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Followers added in one batch, on every document of the engine.

Odoo subscribes an activity's assignee to its document when it creates the
activity, one ``message_subscribe`` per assignee and model: five queries per
person. A batch of activities (a step's two hundred reviewers, a late
milestone's tracker on five hundred orders, an order's allocation owners)
subscribes its assignees first, in one read and one insert
(``_order_subscribe_pairs``), and tells the activities' creation so
(``order_review_subscribed``)."""

from odoo import Command, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # The activities of a batch (``mail.activity._order_schedule``) have
        # their assignees subscribed in one batch first: skip each activity's
        # own subscription. (A frozenset cannot come from a client's JSON or
        # XML-RPC context.)
        done = self.env.context.get("order_review_subscribed")
        if (
            isinstance(done, frozenset)
            and partner_ids
            and not subtype_ids
            and done.issuperset(partner_ids)
        ):
            return True
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _order_subscribe_pairs(self, assignees):
        """Make the users of ``assignees`` (``{record: users}``, records of
        this model) follow the record they are given an activity on, and that
        record only, with Odoo's default subtypes, in one read and one create
        whatever their number. Return their partners' ids: the
        ``order_review_subscribed`` context that spares each activity's own
        subscription (five queries per assignee)."""
        partners = self.env["res.users"].union(*assignees.values()).partner_id
        if not partners:
            return frozenset()
        records = self.browse([record.id for record in assignees])
        existing = {
            (res_id, partner.id)
            for res_id, partner in self.env["mail.followers"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", records.ids),
                    ("partner_id", "in", partners.ids),
                ],
                ["res_id", "partner_id"],
            )
        }
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        vals_list = []
        for record, users in assignees.items():
            for partner in users.partner_id:
                if (record.id, partner.id) in existing:
                    continue
                existing.add((record.id, partner.id))
                subtypes = external if partner.partner_share else default
                vals_list.append(
                    {
                        "res_model": self._name,
                        "res_id": record.id,
                        "partner_id": partner.id,
                        "subtype_ids": [Command.set(subtypes.ids)],
                    }
                )
        if vals_list:
            self.env["mail.followers"].sudo().with_context(
                default_partner_id=False
            ).create(vals_list)
        return frozenset(partners.ids)
