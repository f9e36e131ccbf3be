# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The release windows of sale.order: an approved order of a company that
releases in windows is confirmed by the cron at its next window (or now, by an
Order Control Manager); a manual confirmation before the window is refused,
and an order the cron cannot confirm goes back to its submitter."""

import logging
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import business_time
from .sale_order import INTERNAL

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === ACTION METHODS === #

    def action_release_now(self):
        """Confirm approved orders now, outside the release windows (managers)."""
        if not self.env.user.has_group(
            "order_entry_control.group_order_control_manager"
        ):
            raise AccessError(
                self.env._("Only Order Control Managers can release an order now.")
            )
        not_approved = self.filtered(lambda o: o.review_state != "approved")
        if not_approved:
            raise UserError(
                self.env._(
                    "Only approved orders can be released: %(orders)s.",
                    orders=", ".join(not_approved.mapped("name")),
                )
            )
        self.with_context(order_release_now=INTERNAL).action_confirm()
        subtype = self.env.ref("order_entry_control.mt_order_released")
        for order in self:
            order._order_as_owner().message_post(
                body=self.env._("Released now by %(user)s.", user=self.env.user.name),
                subtype_id=subtype.id,
            )
        return True

    # === CORE OVERRIDES === #

    def _action_confirm(self):
        # a released controlled order hands its reserved units to its delivery:
        # Odoo's skip_procurement, which a client can put in the context of the
        # confirmation, would release it with no delivery and free the units
        if self.env.context.get("skip_procurement") and any(
            self.mapped("order_control_active")
        ):
            self = self.with_context(skip_procurement=False)
        return super()._action_confirm()

    # === BUSINESS METHODS: RELEASE WINDOWS === #

    def _order_next_release_window(self, moment):
        """The first release window after ``moment`` (naive UTC): a window of
        the day, else closing time, else the next working day's first window."""
        self.ensure_one()
        company = self.company_id
        tz = company._order_control_tz()
        windows = company._order_release_window_hours()
        local = pytz.utc.localize(moment).astimezone(tz)
        start = moment - timedelta(hours=local.hour, minutes=local.minute)
        intervals = company._order_work_intervals(start, start + timedelta(days=15))
        closing_by_day = {}
        for _begin, stop in intervals:
            day = pytz.utc.localize(stop).astimezone(tz)
            closing_by_day[day.date()] = max(closing_by_day.get(day.date(), stop), stop)
        days = sorted(closing_by_day) or [local.date()]
        for day in days:
            if day < local.date():
                continue
            candidates = [
                tz.localize(datetime.combine(day, business_time.float_to_time(hour)))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
                for hour in windows
            ]
            if day in closing_by_day:
                candidates.append(closing_by_day[day])
            later = sorted(c for c in candidates if c > moment)
            if later:
                return later[0]
        return moment

    def _order_release_window_error(self):
        """Refuse a manual confirmation before the order's release window."""
        self.ensure_one()
        if (
            not self.company_id.order_release_windows_enabled
            or self.env.context.get("order_release_now") is INTERNAL
            or not self.release_due
        ):
            return False
        return self.env._(
            "Order %(order)s is approved and will be released in the window of "
            "%(window)s. An Order Control Manager can release it now.",
            order=self.name,
            window=fields.Datetime.to_string(
                fields.Datetime.context_timestamp(self, self.release_due)
            )[:16],
        )

    def _order_release_failed(self, order, window, subtype, error):
        """Tell that ``order`` missed its window; its submitter confirms it."""
        try:
            with self.env.cr.savepoint():
                order._order_release_failed_notify(window, subtype, error)
        except Exception:
            _logger.exception("Release window: %s could not be reported", order)

    def _order_release_failed_notify(self, window, subtype, error):
        self.ensure_one()
        self._order_as_owner().message_post(
            body=self.env._(
                "Not released in the %(window)s window: %(error)s",
                window=window,
                error=error,
            ),
            subtype_id=subtype.id,
        )
        self.sudo().release_due = False
        # nobody else will confirm it now
        self._order_schedule_followups(
            lambda o: o.env._(
                "Not released: confirm %(order)s (%(error)s)",
                order=o.name,
                error=error,
            )
        )

    # === CRON METHODS === #

    @api.model
    def _cron_release_windows(self, limit=200):
        """Confirm the approved orders whose release window has come."""
        due = self.search(
            [
                ("review_state", "=", "approved"),
                ("state", "in", ("draft", "sent")),
                ("release_due", "<=", fields.Datetime.now()),
            ],
            limit=limit,
            order="release_due, id",
        )
        subtype = self.env.ref("order_entry_control.mt_order_released")
        released = 0
        for order in due:
            window = fields.Datetime.context_timestamp(
                order.with_context(tz=order.company_id._order_control_tz().zone),
                order.release_due,
            ).strftime("%H:%M")
            try:
                with self.env.cr.savepoint():
                    order.with_context(order_release_now=INTERNAL).action_confirm()
            except UserError as error:
                self._order_release_failed(order, window, subtype, str(error))
                continue
            except Exception:
                # a bad order must not hold back the others of the window
                _logger.exception("Release window: %s could not be released", order)
                self._order_release_failed(
                    order,
                    window,
                    subtype,
                    self.env._("an unexpected error; see the server log"),
                )
                continue
            order._order_as_owner().message_post(
                body=self.env._("Released in the %(window)s window.", window=window),
                subtype_id=subtype.id,
            )
            released += 1
        if len(due) == limit:
            self.env.ref("order_entry_control.ir_cron_order_release_windows")._trigger()
        return released
