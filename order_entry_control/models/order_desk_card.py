# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Order Desk (订单台): today's work of the order desk on one screen.

Each card is a data record with a ``kind``; the kind's method
``_order_desk_<kind>`` says which list it stands for (model, domain, late
domain, view). Its figures are counted as the current user, so that record
rules give each person the figures of what they may read, and clicking a card
opens the same list. Other addons add kinds (``selection_add``) and methods.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError


class OrderDeskCard(models.Model):
    _name = "order.desk.card"
    _inherit = ["order.field.policy"]
    _description = "Order Desk Card"
    _order = "sequence, id"
    # the managers arrange the desk; the figures are computed, never stored
    _order_user_fields = frozenset(
        {"name", "description", "sequence", "kind", "active", "company_id"}
    )

    name = fields.Char(required=True, translate=True)
    description = fields.Char(translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        selection=[
            ("my_queue", "My queue"),
            ("today_orders", "Today's orders"),
            ("steps_due", "Steps due today"),
            ("to_release", "Waiting for release"),
            ("reservations_expiring", "Reservations expiring today"),
        ],
        required=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to show the card in every company.",
    )
    count = fields.Integer(compute="_compute_figures")
    late_count = fields.Integer(string="Late", compute="_compute_figures")
    detail = fields.Char(compute="_compute_figures")

    # === FIGURES === #

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_figures(self):
        for card in self:
            target = card._order_desk_target()
            model = self.env[target["model"]]
            # the figures are what the user may read: no sudo
            card.count = model.search_count(target["domain"])
            card.late_count = (
                model.search_count(target["domain"] + target["late_domain"])
                if target.get("late_domain")
                else 0
            )
            card.detail = target.get("detail") or False

    def _order_desk_target(self):
        """What this card counts and opens: a dict with ``model``, ``domain``,
        and optionally ``late_domain``, ``detail``, ``view`` (an XML id of a
        list view), ``context``."""
        self.ensure_one()
        method = getattr(self, f"_order_desk_{self.kind}", None)
        if method is None:
            raise UserError(
                self.env._(
                    "The Order Desk card '%(card)s' has no figure of its own; "
                    "archive it or choose another kind.",
                    card=self.name,
                )
            )
        return method()

    @api.model
    def _order_desk_today_bounds(self):
        """Today in the company's time zone: (date, naive UTC end of the day)."""
        company = self.env.company
        tz = company._order_control_tz()
        today = datetime.now(tz).date()
        end = tz.localize(datetime.combine(today + timedelta(days=1), time.min))
        return today, end.astimezone(pytz.utc).replace(tzinfo=None)

    def _order_desk_my_queue(self):
        return {
            "model": "order.review",
            "domain": [("state", "=", "pending"), ("user_ids", "in", self.env.uid)],
            "late_domain": [("sla_breached", "=", True)],
            "view": "order_entry_control.order_review_view_list_queue",
        }

    def _order_desk_steps_due(self):
        _today, end = self._order_desk_today_bounds()
        return {
            "model": "order.review",
            "domain": [("state", "=", "pending"), ("deadline", "<", end)],
            "late_domain": [("sla_breached", "=", True)],
            "view": "order_entry_control.order_review_view_list_queue",
        }

    def _order_desk_today_orders(self):
        today, _end = self._order_desk_today_bounds()
        domain = [
            ("business_date", "=", today),
            ("company_id", "=", self.env.company.id),
        ]
        groups = self.env["sale.order"]._read_group(
            domain, ["review_state"], ["__count"]
        )
        labels = dict(
            self.env["sale.order"]
            ._fields["review_state"]
            ._description_selection(self.env)
        )
        detail = " · ".join(
            f"{labels.get(state, state)} {count}" for state, count in groups
        )
        return {
            "model": "sale.order",
            "domain": domain,
            "detail": detail,
            "context": {"group_by": ["review_state"]},
        }

    def _order_desk_to_release(self):
        return {
            "model": "sale.order",
            "domain": [
                ("review_state", "=", "approved"),
                ("state", "in", ("draft", "sent")),
                ("company_id", "=", self.env.company.id),
            ],
        }

    def _order_desk_reservations_expiring(self):
        _today, end = self._order_desk_today_bounds()
        return {
            "model": "order.stock.reservation",
            "domain": [("state", "=", "active"), ("expiry_date", "<", end)],
        }

    # === ACTIONS === #

    def action_open(self):
        """The list behind the card."""
        self.ensure_one()
        target = self._order_desk_target()
        return self._order_desk_action(target, target["domain"])

    def action_open_late(self):
        """The late part of the list behind the card."""
        self.ensure_one()
        target = self._order_desk_target()
        return self._order_desk_action(
            target, target["domain"] + target.get("late_domain", [])
        )

    def _order_desk_action(self, target, domain):
        view = target.get("view") and self.env.ref(target["view"])
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": target["model"],
            "view_mode": "list,form",
            "views": [(view.id if view else False, "list"), (False, "form")],
            "domain": domain,
            "context": target.get("context", {}),
        }
