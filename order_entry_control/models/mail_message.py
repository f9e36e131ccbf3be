# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The chatter of a controlled document is its audit trail (DESIGN,
principles 7 and 10).

Odoo lets whoever may write a document write and delete every message of its
chatter, and post one in another person's name or with another date. On the
documents the controls cover (a quotation of a company with Order Control
on, a change or closure request, a KPI record ...), a user's login:

- writes and deletes only their own comments (what the chatter's edit and
  delete buttons do), never a message of the workflow or of another person,
  and never changes who wrote a message, when, or of which kind;
- creates a message only in their own name and at the present time (a
  quotation's e-mail may still go out in its salesperson's or company's
  name, as Odoo's quotation template does).

The workflow and the crons write as superuser and are not concerned."""

from odoo import api, models, tools
from odoo.exceptions import AccessError

from .order_field_policy import OWNER

# What makes a message a record of who did what when: nobody rewrites it.
IDENTITY_FIELDS = frozenset(
    {
        "author_id",
        "author_guest_id",
        "date",
        "message_type",
        "subtype_id",
        "tracking_value_ids",
        "email_from",
        "model",
        "res_id",
        "record_name",
    }
)
# What the author of a comment may edit in the chatter.
CONTENT_FIELDS = frozenset({"body", "subject", "attachment_ids", "partner_ids"})


def _workflow_subtype(vals, workflow):
    """Whether the message of ``vals`` has one of the ``workflow`` subtypes."""
    subtype_id = vals.get("subtype_id")
    return isinstance(subtype_id, int) and subtype_id in workflow


class MailMessage(models.Model):
    _inherit = "mail.message"

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._order_check_trail_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (IDENTITY_FIELDS | CONTENT_FIELDS).intersection(vals):
            self._order_check_trail_change(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._order_check_trail_change(None)
        return super().unlink()

    # === AUDIT TRAIL === #

    @api.model
    def _order_trail_documents(self, model, res_ids):
        """Those of the documents ``res_ids`` of ``model`` whose chatter is an
        audit trail (read as superuser: whether a message may change does not
        depend on what the user reads)."""
        if not model or model not in self.env or not res_ids:
            return None
        documents = self.env[model]
        # the models of the field policy (by their method rather than their
        # class: a registry rebuilt around a model of a test or another addon
        # gives the abstract model a new class)
        if not hasattr(documents, "_order_trail_audited"):
            return None
        documents = documents.sudo().browse(res_ids).exists()
        return documents._order_trail_audited()

    def _order_refuse_trail(self, documents):
        raise AccessError(
            self.env._(
                "The messages of %(document)s are its audit trail: you may post "
                "a message in your own name and edit or delete your own comments, "
                "but not change or delete the others, nor post in another "
                "person's name or at another date.",
                document=documents[:1].display_name,
            )
        )

    def _order_check_trail_create(self, vals_list):
        """Refuse messages on an audited document in another person's name or
        with a date."""
        own = self.env.user.partner_id.id
        # the workflow posts its own kinds of message (as their owner)
        workflow = (
            set()
            if self.env.context.get("order_field_owner") is OWNER
            else self._order_workflow_subtypes()
        )
        for vals in vals_list:
            if not (
                vals.get("date")
                or vals.get("author_guest_id")
                or vals.get("author_id", own) != own
                or _workflow_subtype(vals, workflow)
            ):
                # the user's own message, now: nothing to read
                continue
            documents = self._order_trail_documents(
                vals.get("model"), [vals.get("res_id")] if vals.get("res_id") else []
            )
            if not documents:
                continue
            authors = {own} | set(documents._order_trail_authors().ids)
            if (
                vals.get("date")
                or vals.get("author_guest_id")
                or ("author_id" in vals and vals["author_id"] not in authors)
                or _workflow_subtype(vals, workflow)
            ):
                self._order_refuse_trail(documents)

    @api.model
    @tools.ormcache()
    def _order_workflow_subtypes(self):
        """The ids of the addons' message subtypes, read once per registry
        (installing or updating a module clears the cache)."""
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search_fetch(
                [
                    ("model", "=", "mail.message.subtype"),
                    (
                        "module",
                        "in",
                        list(self.env["order.field.policy"]._order_policy_modules()),
                    ),
                ],
                ["res_id"],
            )
        )
        return frozenset(data.mapped("res_id"))

    def _order_check_trail_change(self, vals):
        """Refuse a change (``vals``, or ``None`` for a deletion) of messages
        of audited documents other than the user's own comments."""
        own = self.env.user.partner_id
        by_model = {}
        for message in self.sudo():
            by_model.setdefault(message.model, []).append(message)
        for model, messages in by_model.items():
            documents = self._order_trail_documents(
                model, list({message.res_id for message in messages if message.res_id})
            )
            if not documents:
                continue
            audited = [m for m in messages if m.res_id in documents.ids]
            if vals is not None and IDENTITY_FIELDS.intersection(vals):
                self._order_refuse_trail(documents)
            if any(not m._order_own_comment(own) for m in audited):
                self._order_refuse_trail(
                    documents.browse(
                        next(m.res_id for m in audited if not m._order_own_comment(own))
                    )
                )

    def _order_own_comment(self, partner):
        """Whether this message is a comment ``partner`` wrote, without
        tracked changes and not of a workflow's subtype."""
        self.ensure_one()
        return (
            self.message_type == "comment"
            and self.author_id == partner
            and not self.sudo().tracking_value_ids
            and self.subtype_id.id not in self._order_workflow_subtypes()
        )
