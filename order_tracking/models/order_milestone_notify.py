# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who hears of a late milestone beyond its tracker's activity: the order's
chatter (one message per order, principle 7), the customer and the
salesperson (the delay notice, for delivery milestones, a company setting)
and the group chat."""

from markupsafe import Markup

from odoo import models

from odoo.addons.order_entry_control.tools.batch import post_or_log

DELAY_TEMPLATE = "order_tracking.mail_template_order_delay"
LATE_SUBTYPE = "order_tracking.mt_order_milestone_late"
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
        self._order_tracking_log_late()
        # a mail per order, only where the company tells its customers
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

    def _order_tracking_planned_text(self):
        """The planned date of this milestone in its company's time zone
        (digits only: the same in every language, without a locale's cost
        per milestone)."""
        self.ensure_one()
        return self.order_id.company_id._order_local_text(self.date_planned)

    def _order_tracking_log_late(self):
        """Write in each order's chatter which of its milestones went late,
        one message per order, in its company's language, with the
        "Milestone Late" subtype (``post_or_log``)."""
        if not self:
            return
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
            LATE_SUBTYPE, raise_if_not_found=False
        ) or self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        bodies = {}
        for order, late in self.sudo().grouped("order_id").items():
            lang = order.company_id.partner_id.lang or "en_US"
            env = self.with_context(lang=lang).env
            bodies[order.id] = Markup("<br/>").join(
                env._(
                    "Milestone late: %(milestone)s (planned %(date)s)",
                    milestone=milestone.with_env(env).type_id.name,
                    date=milestone._order_tracking_planned_text(),
                )
                for milestone in late.sorted(lambda m: (m.date_planned, m.id))
            )
        post_or_log(self.env["sale.order"].sudo(), bodies, subtype_id)

    def _order_tracking_tell_group_chat(self):
        """Tell each group chat of these late milestones once: one message per
        group-chat target listing them, the earliest planned first (a run of
        the lateness cron finds hundreds, and a group robot takes 20 messages
        a minute); one late milestone reads as its own message."""
        Message = self.env["order.webhook.message"]
        targets = {}
        for milestone in self.sorted(lambda m: (m.date_planned, m.id)):
            order = milestone.order_id.sudo()
            kind, url, team = Message._order_webhook_target(
                order.company_id, order.team_id
            )
            if url:
                key = (order.company_id, team)
                targets.setdefault(key, (kind, []))[1].append(milestone)
        vals_list = []
        for (company, team), (kind, milestones) in targets.items():
            env = self.with_context(lang=company.partner_id.lang or "en_US").env
            base_url = company.get_base_url()
            plain = Message._order_plain
            items = [
                {
                    "milestone": plain(milestone.with_env(env).type_id.name),
                    "order": plain(milestone.order_id.name),
                    "date": milestone._order_tracking_planned_text(),
                    "tracker": plain(
                        (
                            milestone.order_id.sudo().tracker_id
                            or milestone.order_id.sudo().user_id
                        ).name
                    )
                    or "-",
                    "url": f"{base_url}/mail/view?model=sale.order"
                    f"&res_id={milestone.order_id.id}",
                }
                for milestone in milestones
            ]
            if len(items) == 1:
                [item] = items
                title = env._(
                    "Late: %(milestone)s of %(order)s",
                    milestone=item["milestone"],
                    order=item["order"],
                )
                text = env._(
                    "Planned %(date)s\n\nTracker: %(tracker)s\n\n[Open](%(url)s)",
                    date=item["date"],
                    tracker=item["tracker"],
                    url=item["url"],
                )
            else:
                title = env._("Late milestones: %(count)s", count=len(items))
                lines = [
                    env._(
                        "- [%(order)s](%(url)s) %(milestone)s, planned %(date)s, "
                        "tracker %(tracker)s",
                        **item,
                    )
                    for item in items[: Message.DIGEST_LINES]
                ]
                text, _listed = Message._order_digest_text(
                    env, kind, title, lines, len(items)
                )
            # the whole batch queued in one create
            vals_list.append(
                Message._order_message_values(company, team, kind, "late", title, text)
            )
        if vals_list:
            Message._order_send_after_commit(Message.sudo().create(vals_list))
