# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who hears of a late milestone beyond its tracker's activity: the customer
and the salesperson (the delay notice, for delivery milestones, a company
setting) and the group chat."""

import json

from odoo import models
from odoo.tools.misc import format_datetime

DELAY_TEMPLATE = "order_tracking.mail_template_order_delay"
# The milestones whose delay the customer hears of.
DELIVERY_CODES = ("shipped", "delivered")


class OrderMilestone(models.Model):
    _inherit = "order.milestone"

    def _order_tracking_notify_late(self):
        # one delay notice per order: the first delivery milestone that is late
        told = set(
            self.order_id.milestone_ids.filtered(
                lambda m: m.code in DELIVERY_CODES and m.late_notified
            ).order_id.ids
        )
        res = super()._order_tracking_notify_late()
        for milestone in self:
            order = milestone.order_id.sudo()
            company = order.company_id
            if (
                milestone.code in DELIVERY_CODES
                and company.order_customer_delay
                and order.id not in told
            ):
                told.add(order.id)
                order._order_post_customer_notice(
                    DELAY_TEMPLATE,
                    self.env._("delay notice"),
                    source=milestone,
                    partners=order.user_id.partner_id,
                )
        self._order_tracking_tell_group_chat()
        return res

    def _order_tracking_tell_group_chat(self):
        """Queue the group-chat messages of these late milestones, in one
        create for the batch."""
        Message = self.env["order.webhook.message"]
        vals_list = []
        for milestone in self:
            order = milestone.order_id.sudo()
            company = order.company_id
            kind, url, team = Message._order_webhook_target(company, order.team_id)
            if not url:
                continue
            env = milestone.with_context(lang=company.partner_id.lang or "en_US").env
            planned = format_datetime(
                env,
                milestone.date_planned,
                tz=company._order_control_tz().zone,
                dt_format="yyyy-MM-dd HH:mm",
            )
            link = (
                f"{milestone.get_base_url()}/mail/view?model=sale.order"
                f"&res_id={order.id}"
            )
            title = env._(
                "Late: %(milestone)s of %(order)s",
                milestone=milestone.with_env(env).type_id.name,
                order=order.name,
            )
            text = env._(
                "Planned %(date)s\n\nTracker: %(tracker)s\n\n[Open](%(url)s)",
                date=planned,
                tracker=(order.tracker_id or order.user_id).name or "-",
                url=link,
            )
            # what ``_order_enqueue`` queues, for the whole batch in one create
            vals_list.append(
                {
                    "company_id": company.id,
                    "team_id": team.id,
                    "kind": kind,
                    "event": "late",
                    "title": title,
                    "payload": json.dumps(
                        Message._order_webhook_payload(kind, title, text),
                        ensure_ascii=False,
                    ),
                }
            )
        if vals_list:
            Message._order_send_after_commit(Message.sudo().create(vals_list))
