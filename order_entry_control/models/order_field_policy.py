# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The field policy (DESIGN, principle 10): which stored fields the workflow
or the system owns, and the one guard that keeps users from writing them.

A model mixes in ``order.field.policy`` and declares, in one place:

- ``_order_owned_fields``: stored fields that only the action owning the
  transition writes (states, decisions, who/when stamps, KPI inputs, gate
  overrides). Stored computed fields without an inverse of the model's own
  addons are owned as well, without being listed.
- ``_order_user_fields``: stored fields its users edit (access rights, record
  rules and the model's own constraints still apply).

No user writes an owned field through ``write``, ``create``, ``copy`` or a
``default_*`` key of the context. The owning actions write them as superuser
after their own checks, or through ``_order_as_owner()`` when core code of the
same action writes them (a sentinel object a client cannot send in JSON).
``tests/test_field_policy.py`` reads these declarations and tries every owned
field for every role; it fails when a stored field is in neither list.
"""

from odoo import api, models
from odoo.exceptions import AccessError

# Set in the context by the action that owns a transition. An RPC client sends
# JSON, and no JSON value is this object.
OWNER = object()
# Stored fields every model has, written by the ORM itself.
MAGIC_FIELDS = frozenset({"id", "create_uid", "create_date", "write_uid", "write_date"})


class OrderFieldPolicy(models.AbstractModel):
    _name = "order.field.policy"
    _description = "Order Control: fields owned by the workflow"

    # Stored fields only the action owning the transition writes.
    _order_owned_fields = frozenset()
    # Stored fields the model's users edit.
    _order_user_fields = frozenset()

    # === POLICY === #

    @api.model
    def _order_policy_modules(self):
        """The addons whose stored computed fields are owned implicitly."""
        return ("order_entry_control", "order_tracking", "order_kpi")

    def _order_owned_field_names(self, vals=None):
        """Owned fields of these records (or of the record ``vals`` creates,
        ``{}`` when the values are not known yet);
        override when ownership depends on the record, as for a controlled order,
        or to add an extension's own fields with ``super() | {...}``."""
        modules = self._order_policy_modules()
        computed = {
            name
            for name, field in self._fields.items()
            if field.store
            and field.compute
            and not field.inverse
            and field._module in modules
        }
        return self._order_owned_fields | computed

    @api.model
    def _order_user_field_names(self):
        """Stored fields the model's users edit; an extension adds its own with
        ``super() | {...}``."""
        return self._order_user_fields

    def _order_owned_write_allowed(self, name, value):
        """Whether a user may write ``value`` into the owned field ``name`` of
        these records; override for a harmless exception."""
        return False

    def _order_policy_bypassed(self):
        """Whether the action owning the transition is writing."""
        return self.env.su or self.env.context.get("order_field_owner") is OWNER

    def _order_as_owner(self):
        """These records for the action that owns their transition (server code
        only: the sentinel cannot come from a client)."""
        return self.with_context(order_field_owner=OWNER)

    def _order_same_value(self, name, value, current):
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return not value
        try:
            record = self[:1] or self.browse()
            return field.convert_to_cache(
                value, record, validate=False
            ) == field.convert_to_cache(current, record, validate=False)
        except (TypeError, ValueError):
            return False

    def _order_refuse_owned(self, names):
        fields_desc = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )
        raise AccessError(
            self.env._(
                "%(fields)s of %(model)s change only through the action that owns "
                "them; they cannot be set directly.",
                fields=fields_desc,
                model=self._description,
            )
        )

    def _order_check_owned_create(self, vals_list):
        """Refuse owned fields given to ``create`` (or to ``copy`` as defaults)
        with another value than their default."""
        for vals in vals_list:
            owned = self._order_owned_field_names(vals).intersection(vals)
            if not owned:
                continue
            defaults = self.default_get(list(owned))
            forged = [
                name
                for name in owned
                if not self._order_same_value(name, vals[name], defaults.get(name))
            ]
            if forged:
                self._order_refuse_owned(forged)

    def _order_check_owned_write(self, vals):
        """Refuse writes of owned fields that change a value."""
        owned = self._order_owned_field_names().intersection(vals)
        forged = [
            name
            for name in owned
            if not self._order_owned_write_allowed(name, vals[name])
            and not all(
                record._order_same_value(name, vals[name], record[name])
                for record in self
            )
        ]
        if forged:
            self._order_refuse_owned(forged)

    def _order_check_message_values(self, kwargs):
        """Refuse what a user's message_post would forge in the audit trail:
        tracking values and a date (DESIGN, principle 7)."""
        if self.env.su:
            return
        forged = [
            key
            for key in ("tracking_value_ids", "date", "create_date", "write_date")
            if kwargs.get(key)
        ]
        if forged:
            raise AccessError(
                self.env._(
                    "A message is posted now, with the changes it records: "
                    "%(values)s cannot be given.",
                    values=", ".join(forged),
                )
            )
        if self._order_policy_bypassed():
            return
        # the workflow's own kinds of message (approved, released, closed,
        # late ...) are posted by the workflow only
        if kwargs.get("subtype_xmlid"):
            workflow = (
                str(kwargs["subtype_xmlid"]).partition(".")[0]
                in self._order_policy_modules()
            )
        else:
            subtype_id = kwargs.get("subtype_id")
            workflow = (
                isinstance(subtype_id, int)
                and subtype_id in self.env["mail.message"]._order_workflow_subtypes()
            )
        if workflow:
            raise AccessError(
                self.env._(
                    "Only the workflow posts its own kinds of message (approved, "
                    "released, late ...): post a note or a comment instead."
                )
            )

    def message_post(self, **kwargs):
        self._order_check_message_values(kwargs)
        return super().message_post(**kwargs)

    def _order_trail_audited(self):
        """Those of these records whose chatter is an audit trail (see
        ``mail_message.py``); override when the controls cover only some."""
        return self

    def _order_trail_authors(self):
        """Partners besides the user's own in whose name a user may post on
        these records (an e-mail sent from a template in another's name)."""
        return self.env["res.partner"]

    # === CRUD METHODS === #

    @api.model
    def _order_owned_default_names(self):
        """Owned fields whose context and user defaults are never taken, whatever
        record is created; override to add fields owned only for some records
        (the company of the record is not known yet)."""
        return self._order_owned_field_names({})

    @api.model
    def default_get(self, fields_list):
        if self._order_policy_bypassed():
            return super().default_get(fields_list)
        owned = self._order_owned_default_names()
        context = self.env.context
        keys = {f"default_{name}" for name in owned if f"default_{name}" in context}
        if keys:
            clean = {k: v for k, v in context.items() if k not in keys}
            self = self.with_env(self.env(context=clean))
        # nor the defaults a user sets for themselves (ir.default, "Set
        # Default"): the field's own default stands
        personal = owned.intersection(
            self.env["ir.default"]._get_model_defaults(self._name)
        ).intersection(fields_list)
        defaults = super().default_get([f for f in fields_list if f not in personal])
        for name in personal:
            field = self._fields[name]
            if field.default:
                value = field.convert_to_cache(
                    field.default(self), self, validate=False
                )
                defaults[name] = field.convert_to_write(value, self)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        if not self._order_policy_bypassed():
            self._order_check_owned_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self._order_policy_bypassed():
            self._order_check_owned_write(vals)
        return super(OrderFieldPolicy, self._order_audited(vals)).write(vals)

    def _order_audited(self, vals):
        """These records, tracking the owned fields ``vals`` writes whatever
        tracking flag a client put in the context of the action (DESIGN,
        principle 7): the owning action's, and a user's where the policy lets
        them write one (who carries out a request and by when, a quotation
        sent). Call it before ``mail.thread``'s write: a model lists this mixin
        first, an extension of a core model calls it in its write."""
        if self._order_audit_skipped(vals):
            return self.with_context(tracking_disable=False, mail_notrack=False)
        return self

    def _order_audit_skipped(self, vals):
        """Whether the context would skip the tracking of owned tracked fields."""
        context = self.env.context
        if not (context.get("tracking_disable") or context.get("mail_notrack")):
            return False
        return any(
            getattr(self._fields[name], "tracking", False)
            for name in self._order_owned_field_names().intersection(vals)
        )
