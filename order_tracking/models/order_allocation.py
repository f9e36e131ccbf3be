# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class OrderAllocation(models.Model):
    """One line of an order's allocation table (订单分配表).

    Field policy: trackers plan the lines (order, department, owner, task, due
    date, note); their progress (state, done date) moves through the actions.
    """

    _name = "order.allocation"
    _description = "Order Allocation"
    _inherit = ["order.field.policy", "mail.thread", "mail.activity.mixin"]
    _order = "order_id, date_due, id"
    _order_owned_fields = frozenset({"state", "date_done"})
    _order_user_fields = frozenset(
        {"order_id", "department_id", "user_id", "task", "date_due", "note"}
    )

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    # computed before the INSERT (precompute): a release inserts its
    # allocation lines without updating them
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        comodel_name="order.department", ondelete="restrict", index=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        tracking=True,
        help="Who carries the task out: the department's manager, else the "
        "order's tracker (empty while nobody tracks the order).",
    )
    task = fields.Char(
        required=True,
        translate=True,
        help="Left as its department's default task, it reads in each reader's "
        "language.",
    )
    date_due = fields.Datetime(string="Due", required=True, tracking=True)
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    state = fields.Selection(
        selection=[
            ("todo", "To Do"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="todo",
        tracking=True,
        index=True,
    )
    note = fields.Text()
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    is_unassigned = fields.Boolean(
        string="Unassigned",
        compute="_compute_is_unassigned",
        store=True,
        index=True,
        precompute=True,
        help="An open allocation without a department or without an owner: "
        "nobody answers for it yet.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )

    # === COMPUTE METHODS === #

    @api.depends("order_id.name", "department_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for allocation in self:
            allocation.display_name = " · ".join(
                filter(None, [allocation.order_id.name, allocation.department_id.name])
            )

    @api.depends("department_id", "user_id", "state")
    def _compute_is_unassigned(self):
        for allocation in self:
            allocation.is_unassigned = allocation.state in ("todo", "in_progress") and (
                not allocation.department_id or not allocation.user_id
            )

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for allocation in self:
            allocation.is_overdue = bool(
                allocation.state in ("todo", "in_progress")
                and allocation.date_due
                and allocation.date_due < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        domain = [
            ("state", "in", ("todo", "in_progress")),
            ("date_due", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        allocations = super().create(vals_list)
        allocations._order_tracking_task_languages(created=True)
        allocations._order_tracking_schedule_owner(replace=False)
        return allocations

    def write(self, vals):
        if vals.get("state") == "done" and "date_done" not in vals:
            vals = dict(vals, date_done=fields.Datetime.now())
        res = super().write(vals)
        if {"task", "department_id"}.intersection(vals):
            self._order_tracking_task_languages()
        if {"user_id", "date_due"}.intersection(vals):
            self.filtered(
                lambda a: a.state in ("todo", "in_progress")
            )._order_tracking_schedule_owner()
        if vals.get("state") in ("done", "cancelled"):
            self._order_tracking_unlink_todos()
        return res

    # === ACTION METHODS === #

    def action_start(self):
        """Mark these allocation lines as started."""
        self.check_access("write")
        self.filtered(lambda a: a.state == "todo")._order_as_owner().write(
            {"state": "in_progress"}
        )
        return True

    def action_done(self):
        """Mark these allocation lines as done."""
        self.check_access("write")
        self.filtered(
            lambda a: a.state in ("todo", "in_progress")
        )._order_as_owner().write({"state": "done"})
        return True

    # === BUSINESS METHODS === #

    def _order_tracking_task_languages(self, created=False):
        """Give each of these lines its task in every language: a line whose
        task is its department's default task (or name) reads it in each
        reader's language, as the department has it; a task a person typed
        reads as typed, whatever the language (an edit made in one language
        does not leave the others on the old text). Two queries at most,
        whatever the number of lines; on ``created`` lines, one."""
        defaults = self.filtered(
            lambda a: (
                a.department_id
                and a.task == (a.department_id.default_task or a.department_id.name)
            )
        )
        # a line created with a typed task has it in English, which the other
        # languages fall back to, and in the current one
        typed = self.browse() if created else self - defaults
        if not defaults and not typed:
            return
        self.env["order.department"].flush_model(["name", "default_task"])
        self.flush_recordset(["task", "department_id"])
        if defaults:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE order_allocation allocation
                       SET task = CASE
                               WHEN COALESCE(department.default_task->>'en_US', '')
                                    = ''
                               THEN department.name
                               ELSE department.default_task
                           END
                      FROM order_department department
                     WHERE department.id = allocation.department_id
                       AND allocation.id = ANY(%s)
                    """,
                    defaults.ids,
                )
            )
        if typed:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE order_allocation
                       SET task = jsonb_build_object('en_US', task->>%s)
                     WHERE id = ANY(%s)
                       AND task - 'en_US' - %s != '{}'::jsonb
                    """,
                    self.env.lang or "en_US",
                    typed.ids,
                    self.env.lang or "en_US",
                )
            )
        self.invalidate_recordset(["task"])

    def _order_tracking_unlink_todos(self):
        """Remove the owners' to-dos of these allocation lines (created in a
        batch, they are not "automated": activity_unlink would miss them)."""
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        if not self or not activity_type_id:
            return
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type_id),
            ]
        ).unlink()

    def _order_tracking_schedule_owner(self, replace=True):
        """Give each owner a to-do activity on the allocation, due on its due
        date, in one batch (the assignee sees it in their activities)."""
        if replace:
            self._order_tracking_unlink_todos()
        # the assignee sees it in the activities menu at once, and no e-mail
        # repeats it
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        )._order_schedule(
            [
                (allocation, allocation.user_id, allocation._owner_todo_values)
                for allocation in self
                if allocation.user_id and not allocation.user_id.share
            ],
            "mail.mail_activity_data_todo",
        )

    def _owner_todo_values(self, env):
        """The values of the owner's to-do on this allocation line, written
        with ``env`` (in the owner's language)."""
        allocation = self.with_env(env)
        return {
            "summary": env._(
                "%(task)s for %(order)s",
                task=allocation.task,
                order=allocation.order_id.name,
            ),
            "date_deadline": allocation.company_id._order_local_date(
                allocation.date_due
            ),
            # created in a batch, removed by _order_tracking_unlink_todos
            "automated": False,
        }
