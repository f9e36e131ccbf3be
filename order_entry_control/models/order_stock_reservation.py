# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock held for quotations (order.stock.reservation): what an order
reserves and when it expires, taking the stock under a lock, giving it back
(rejection, cancellation, a change of lines in 'on entry' mode), the notes in
the orders' chatter, the expiry cron, the transfers between warehouses, and
the free and held quantities that the stock check reads.

sale.order keeps thin entry points (_order_reserve_stock, _order_release_stock,
_order_entry_reservation_sync) for the code that calls them by name."""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round

from .sale_order import INTERNAL
from .stock_quant import QuantReservationBatch

_logger = logging.getLogger(__name__)

RESERVATION_LOCATION = "order_entry_control.stock_location_order_reservation"


class OrderStockReservation(models.Model):
    """Stock held for a quotation from entry or submission until confirmation.

    Each reservation owns a stock move out of the warehouse's stock location
    that is confirmed and assigned: its move lines hold real quants, so the
    free quantity drops for everyone else. The move is never done; it is
    unreserved and cancelled when the reservation ends.
    """

    _name = "order.stock.reservation"
    _inherit = ["order.field.policy"]
    _description = "Order Stock Reservation"
    _order = "state, expiry_date, id"
    _rec_name = "product_id"

    # Users only read reservations: the reservation actions own every field.
    _order_owned_fields = frozenset(
        {
            "order_id",
            "sale_line_id",
            "product_id",
            "product_qty",
            "reserved_qty",
            "shortfall_qty",
            "warehouse_id",
            "location_id",
            "move_id",
            "is_other_warehouse",
            "expiry_date",
            "state",
            "ended_on",
            "end_reason",
            "company_id",
        }
    )

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, readonly=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    product_qty = fields.Float(
        string="Requested",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity wanted, in the product's unit.",
    )
    reserved_qty = fields.Float(
        string="Reserved",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity actually held in stock, in the product's unit.",
    )
    shortfall_qty = fields.Float(
        string="Short",
        digits="Product Unit of Measure",
        compute="_compute_shortfall_qty",
        store=True,
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse", required=True, readonly=True
    )
    location_id = fields.Many2one(
        comodel_name="stock.location", required=True, readonly=True
    )
    move_id = fields.Many2one(comodel_name="stock.move", readonly=True, index=True)
    is_other_warehouse = fields.Boolean(
        string="Other Warehouse",
        readonly=True,
        help="Reserved in another warehouse of the company; an inter-warehouse "
        "transfer is created when the order is confirmed.",
    )
    expiry_date = fields.Datetime(string="Expires On", readonly=True, index=True)
    state = fields.Selection(
        selection=[
            ("active", "Active"),
            ("consumed", "Handed to delivery"),
            ("released", "Released"),
            ("expired", "Expired"),
        ],
        required=True,
        default="active",
        readonly=True,
        index=True,
    )
    ended_on = fields.Datetime(readonly=True)
    end_reason = fields.Char(readonly=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)

    # === COMPUTE METHODS === #

    @api.depends("order_id.name", "product_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for reservation in self:
            reservation.display_name = " · ".join(
                filter(
                    None,
                    [reservation.order_id.name, reservation.product_id.display_name],
                )
            )

    @api.depends("product_qty", "reserved_qty", "state")
    def _compute_shortfall_qty(self):
        for reservation in self:
            reservation.shortfall_qty = (
                max(reservation.product_qty - reservation.reserved_qty, 0.0)
                if reservation.state == "active"
                else 0.0
            )

    # === BUSINESS METHODS: ORDERS === #
    # What sale.order asks of its reservations (through its entry points
    # _order_reserve_stock, _order_release_stock, _order_entry_reservation_sync).

    @api.model
    def _expiry_date_for(self, order):
        """When a reservation made now for ``order`` expires: the approval SLA
        plus the margin."""
        order.ensure_one()
        company = order.company_id
        return company._order_add_working_hours(
            fields.Datetime.now(),
            company.order_approval_sla_hours + company.order_reservation_margin_hours,
        )

    @api.model
    def _get_reservation_requests(self, orders):
        """What to reserve for ``orders``: one request per storable line not
        reserved yet; override to reserve more or less."""
        requests = []
        for order in orders:
            reserved_lines = order.reservation_ids.filtered(
                lambda r: r.state == "active"
            ).sale_line_id
            for line in order._order_check_lines_of():
                product = line.product_id
                if (
                    not product.is_storable
                    or line in reserved_lines
                    or line.product_uom_qty <= 0
                ):
                    continue
                requests.append(
                    {
                        "order": order,
                        "line": line,
                        "product": product,
                        "qty": line.product_uom._compute_quantity(
                            line.product_uom_qty, product.uom_id
                        ),
                        "warehouse": order.warehouse_id,
                    }
                )
        return requests

    @api.model
    def _reserve_orders(self, orders):
        """Reserve the storable lines of ``orders`` in their warehouses and
        return the new reservations."""
        orders = orders.filtered(
            lambda o: (
                o.order_control_active
                and o.company_id.order_reservation_mode != "never"
                and o.state in ("draft", "sent")
            )
        )
        missing = orders.filtered(lambda o: not o.warehouse_id)
        if missing.filtered(
            lambda o: any(p.is_storable for p in o.order_line.product_id)
        ):
            raise UserError(
                self.env._(
                    "Choose a warehouse on %(orders)s to reserve its stock.",
                    orders=", ".join(missing.mapped("name")),
                )
            )
        requests = self._get_reservation_requests(orders)
        if not requests:
            return self.browse()
        expiry = self._expiry_date_for(orders[:1])
        reservations = self._reserve(requests, expiry)
        bodies = {}
        for order in reservations.order_id:
            mine = reservations.filtered(lambda r, o=order: r.order_id == o)
            short = mine.filtered(lambda r: r.shortfall_qty > 0)
            bodies[order.id] = self.env._(
                "Stock reserved until %(expiry)s: %(lines)s.",
                expiry=order.company_id._order_local_text(expiry),
                lines=", ".join(
                    f"{r.product_id.display_name} {r.reserved_qty:g}/{r.product_qty:g}"
                    for r in mine
                ),
            ) + (
                " "
                + self.env._(
                    "Short: %(products)s.",
                    products=", ".join(short.product_id.mapped("display_name")),
                )
                if short
                else ""
            )
        self._log_on_orders(reservations.order_id, bodies)
        return reservations

    @api.model
    def _release_orders(self, orders, state, reason):
        """End the active reservations of ``orders``."""
        active = orders.reservation_ids.filtered(lambda r: r.state == "active")
        if not active:
            return
        active._end(state, reason)
        body = self.env._("Stock reservation released: %(reason)s", reason=reason)
        self._log_on_orders(active.order_id, dict.fromkeys(active.order_id.ids, body))

    @api.model
    def _log_on_orders(self, orders, bodies):
        """Log what happened to the reservations of ``orders`` in their chatter
        (``bodies``: by order id), under the reservation subtype, without
        notifying anyone (a note in the audit timeline, not news for the
        followers)."""
        if not bodies:
            return
        messages = orders._message_log_batch(bodies)
        messages.subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "order_entry_control.mt_order_reservation", raise_if_not_found=True
        )

    @api.model
    def _sync_entry_orders(self, orders):
        """In 'on entry' mode, keep a draft's reservation equal to its lines."""
        orders = orders.filtered(
            lambda o: (
                o.order_control_active
                and o.company_id.order_reservation_mode == "entry"
                and o.state in ("draft", "sent")
                and o.review_state in ("draft", "rejected")
            )
        )
        if not orders:
            return
        active = orders.reservation_ids.filtered(lambda r: r.state == "active")
        active._end("released", self.env._("Order changed"))
        self._reserve_orders(orders)

    # === BUSINESS METHODS: STOCK === #

    @api.model
    def _reserve(self, requests, expiry_date):
        """Reserve stock for ``requests`` and return the new reservations.

        ``requests`` is a list of dicts with ``order``, ``line`` (or False),
        ``product``, ``qty`` (in the product's unit) and ``warehouse``. Quants
        of the products are locked first, so two transactions never reserve
        the same units: the second waits, then retries on fresh data.
        """
        if not requests:
            return self.browse()
        destination = self.env.ref(RESERVATION_LOCATION)
        by_warehouse = defaultdict(list)
        for request in requests:
            warehouse = request["warehouse"]
            if not warehouse.lot_stock_id:
                raise UserError(
                    self.env._(
                        "Warehouse %(warehouse)s has no stock location: stock for "
                        "%(order)s cannot be reserved there.",
                        warehouse=warehouse.name,
                        order=request["order"].name,
                    )
                )
            by_warehouse[warehouse].append(request)
        self._lock_quants(
            {r["product"].id for r in requests},
            [w.lot_stock_id.id for w in by_warehouse],
        )
        move_vals = []
        for warehouse, batch in by_warehouse.items():
            for request in batch:
                order = request["order"]
                move_vals.append(
                    {
                        "name": self.env._(
                            "Reservation for %(order)s", order=order.name
                        ),
                        "origin": order.name,
                        "reference": order.name,
                        "product_id": request["product"].id,
                        "product_uom": request["product"].uom_id.id,
                        "product_uom_qty": request["qty"],
                        "location_id": warehouse.lot_stock_id.id,
                        "location_dest_id": destination.id,
                        "company_id": order.company_id.id,
                        "warehouse_id": warehouse.id,
                        "procure_method": "make_to_stock",
                    }
                )
        moves = self.env["stock.move"].sudo().create(move_vals)
        moves._action_confirm(merge=False)
        self._assign_in_batch(moves, [w.lot_stock_id for w in by_warehouse])
        flat = [r for batch in by_warehouse.values() for r in batch]
        return self.sudo().create(
            [
                {
                    "order_id": request["order"].id,
                    "sale_line_id": request["line"].id if request["line"] else False,
                    "product_id": request["product"].id,
                    "product_qty": request["qty"],
                    "reserved_qty": move.quantity,
                    "warehouse_id": request["warehouse"].id,
                    "location_id": request["warehouse"].lot_stock_id.id,
                    "move_id": move.id,
                    "is_other_warehouse": request.get("other_warehouse", False),
                    "expiry_date": expiry_date,
                }
                for request, move in zip(flat, moves, strict=True)
            ]
        )

    def _assign_in_batch(self, moves, stock_locations):
        """Reserve ``moves`` (in the product's unit, from the locked quants) with
        one read of the quants, one insert of move lines and one quant write,
        whatever the number of moves. Odoo's own ``_action_assign`` does the
        same work move by move."""
        Quant = self.env["stock.quant"].sudo()
        quants = Quant.search(
            [
                ("product_id", "in", moves.product_id.ids),
                ("location_id", "child_of", [loc.id for loc in stock_locations]),
                ("owner_id", "=", False),
            ],
            order="in_date, id",
        )
        available = {q: q.quantity - q.reserved_quantity for q in quants}
        by_product = defaultdict(list)
        for quant in quants:
            by_product[quant.product_id.id].append(quant)
        line_vals = []
        for move in moves:
            need = move.product_qty
            rounding = move.product_id.uom_id.rounding
            root = move.location_id.parent_path
            for quant in by_product[move.product_id.id]:
                if float_compare(need, 0.0, precision_rounding=rounding) <= 0:
                    break
                if not quant.location_id.parent_path.startswith(root):
                    continue
                take = min(need, available[quant])
                if float_compare(take, 0.0, precision_rounding=rounding) <= 0:
                    continue
                available[quant] -= take
                need -= take
                line_vals.append(
                    {
                        "move_id": move.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_id.uom_id.id,
                        "quantity": take,
                        "location_id": quant.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": quant.lot_id.id,
                        "package_id": quant.package_id.id,
                        "company_id": move.company_id.id,
                    }
                )
        self._apply_quant_batch(
            lambda model: model.env["stock.move.line"].sudo().create(line_vals), quants
        )
        moves.invalidate_recordset(["quantity", "state", "move_line_ids"])

    def _apply_quant_batch(self, func, quants):
        """Run ``func(model)`` (``model``: this model in a batch context) and
        collect the quant reservations it makes, then write them at once."""
        batch = QuantReservationBatch()
        result = func(self.with_context(order_reservation_batch=batch))
        by_key = {
            (
                q.product_id.id,
                q.location_id.id,
                q.lot_id.id,
                q.package_id.id,
                q.owner_id.id,
            ): q
            for q in quants
        }
        for product_id, location_id, lot_id, package_id, owner_id, qty in batch:
            quant = by_key.get((product_id, location_id, lot_id, package_id, owner_id))
            if quant is None:
                self.env["stock.quant"].sudo()._update_reserved_quantity(
                    self.env["product.product"].browse(product_id),
                    self.env["stock.location"].browse(location_id),
                    qty,
                    lot_id=self.env["stock.lot"].browse(lot_id),
                    package_id=self.env["stock.quant.package"].browse(package_id),
                    owner_id=self.env["res.partner"].browse(owner_id),
                )
                continue
            quant.reserved_quantity = max(quant.reserved_quantity + qty, 0.0)
        return result

    def _lock_quants(self, product_ids, stock_location_ids):
        """Lock the quants of these products below these stock locations."""
        if not product_ids or not stock_location_ids:
            return
        self.env["stock.quant"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT q.id
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                  JOIN stock_location root ON root.id IN %s
                 WHERE q.product_id IN %s
                   AND l.parent_path LIKE root.parent_path || %s
              ORDER BY q.id
                   FOR NO KEY UPDATE OF q
                """,
                tuple(stock_location_ids),
                tuple(product_ids),
                "%",
            )
        )

    def _end(self, state, reason):
        """Give the held stock back: unreserve and cancel the moves."""
        active = self.filtered(lambda r: r.state == "active")
        if not active:
            return
        moves = active.move_id.filtered(lambda m: m.state not in ("done", "cancel"))
        if moves:
            self._lock_quants(set(moves.product_id.ids), active.location_id.ids)
            quants = (
                self.env["stock.quant"]
                .sudo()
                .search(
                    [
                        ("product_id", "in", moves.product_id.ids),
                        ("location_id", "child_of", active.location_id.ids),
                    ]
                )
            )
            ending = moves.sudo().with_context(order_reservation_ending=INTERNAL)
            # the batch of this call, whatever the caller's context holds
            self._apply_quant_batch(
                lambda model: ending.with_context(
                    order_reservation_batch=model.env.context["order_reservation_batch"]
                )._do_unreserve(),
                quants,
            )
            ending._action_cancel()
        active.sudo().write(
            {
                "state": state,
                "reserved_qty": 0.0,
                "ended_on": fields.Datetime.now(),
                "end_reason": reason,
            }
        )

    def _create_transfers(self):
        """Inter-warehouse transfers for what was reserved in other warehouses."""
        pickings = self.env["stock.picking"]
        by_route = defaultdict(lambda: self.browse())
        for reservation in self.filtered("is_other_warehouse"):
            key = (reservation.warehouse_id, reservation.order_id)
            by_route[key] |= reservation
        for (warehouse, order), reservations in by_route.items():
            target = order.warehouse_id
            picking = (
                self.env["stock.picking"]
                .sudo()
                .create(
                    {
                        "picking_type_id": warehouse.int_type_id.id,
                        "location_id": warehouse.lot_stock_id.id,
                        "location_dest_id": target.lot_stock_id.id,
                        "origin": order.name,
                        "company_id": order.company_id.id,
                        "move_ids": [
                            fields.Command.create(
                                {
                                    "name": order.name,
                                    "product_id": r.product_id.id,
                                    "product_uom": r.product_id.uom_id.id,
                                    "product_uom_qty": r.product_qty,
                                    "location_id": warehouse.lot_stock_id.id,
                                    "location_dest_id": target.lot_stock_id.id,
                                    "company_id": order.company_id.id,
                                }
                            )
                            for r in reservations
                        ],
                    }
                )
            )
            picking.action_confirm()
            picking.action_assign()
            pickings |= picking
            order.message_post(
                body=self.env._(
                    "Transfer %(picking)s brings the stock reserved in %(from)s to "
                    "%(to)s.",
                    picking=picking.name,
                    **{"from": warehouse.name, "to": target.name},
                )
            )
        return pickings

    @api.model
    def _cron_expire(self, limit=500):
        """Release the reservations past their expiry date, order by order: each
        order in its own savepoint, so that one that fails is logged and left
        active while the others are released."""
        now = fields.Datetime.now()
        expired = self.search(
            [("state", "=", "active"), ("expiry_date", "<", now)], limit=limit
        )
        if not expired:
            return 0
        done = 0
        for order in expired.order_id:
            mine = expired.filtered(lambda r, o=order: r.order_id == o)
            try:
                with self.env.cr.savepoint():
                    mine._expire()
            except Exception:
                _logger.exception(
                    "Stock reservations %s of order %s could not be released at "
                    "their expiry; they stay active until the next run.",
                    mine.ids,
                    order.id,
                )
                continue
            done += len(mine)
        if done and len(expired) == limit:
            self.env.ref(
                "order_entry_control.ir_cron_order_reservation_expiry"
            )._trigger()
        return done

    def _expire(self):
        """End these reservations (of one order) at their expiry and say so in
        the order's chatter."""
        self._end("expired", self.env._("Expired"))
        for order in self.order_id:
            mine = self.filtered(lambda r, o=order: r.order_id == o)
            order._order_as_owner().message_post(
                body=self.env._(
                    "The stock reservation expired: %(products)s are free again.",
                    products=", ".join(mine.product_id.mapped("display_name")),
                ),
                subtype_id=self.env.ref("order_entry_control.mt_order_reservation").id,
            )

    @api.model
    def _held_by_orders(self, orders):
        """Active reserved quantities, by (order id, product id, warehouse id)."""
        held = defaultdict(float)
        if not orders.ids:
            return held
        rows = self.sudo()._read_group(
            [("order_id", "in", orders.ids), ("state", "=", "active")],
            ["order_id", "product_id", "warehouse_id"],
            ["reserved_qty:sum"],
        )
        for order, product, warehouse, qty in rows:
            held[order.id, product.id, warehouse.id] += qty
        return held

    @api.model
    def _free_quantities(self, products, warehouse):
        """Free quantity of ``products`` in ``warehouse``, by product id: Odoo's
        ``free_qty`` from one sum of quants, without the incoming and outgoing
        move sums that computing the field also runs."""
        locations = products.with_context(
            warehouse_id=warehouse.id
        )._get_domain_locations()[0]
        sums = {
            product.id: quantity - reserved
            for product, quantity, reserved in self.env["stock.quant"]
            .with_context(active_test=False)
            ._read_group(
                [("product_id", "in", products.ids), *locations],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        }
        return {
            product.id: float_round(
                sums.get(product.id, 0.0), precision_rounding=product.uom_id.rounding
            )
            for product in products
        }
