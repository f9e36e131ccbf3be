# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Configuration shared between companies (DESIGN, principle 10).

A configuration record without a company (a review step, an entry check, a
milestone type, a KPI definition) applies to every company. Mixing in
``order.shared.config`` lets only the system administrator, or a user allowed
in every company, create, change or delete such a record: another company's
manager cannot archive the approval step that guards the first company's
quotations. Records of one company are guarded by their company rule.
"""

from odoo import api, models
from odoo.exceptions import AccessError


class OrderSharedConfig(models.AbstractModel):
    _name = "order.shared.config"
    _description = "Order Control: configuration shared between companies"

    def _order_may_edit_shared(self):
        """Whether the current user may change records that have no company."""
        if self.env.su or self.env.user._is_system():
            return True
        companies = self.env["res.company"].sudo().search([])
        return not (companies - self.env.user.company_ids)

    def _check_shared_config_access(self, vals=None):
        """Refuse changes of shared records to users not allowed everywhere."""
        shared = self.filtered(lambda record: not record.company_id)
        makes_shared = (
            vals is not None and "company_id" in vals and not vals["company_id"]
        )
        if (shared or makes_shared) and not self._order_may_edit_shared():
            raise AccessError(
                self.env._(
                    "%(records)s applies to every company: only an administrator, "
                    "or a manager allowed in every company, may change it. Create "
                    "a record for your own company instead.",
                    records=", ".join(shared.mapped("display_name"))
                    or self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "company_id" in vals:
                company = vals["company_id"]
            else:
                company = self.default_get(["company_id"]).get("company_id")
            if not company:
                self.browse()._check_shared_config_access({"company_id": False})
        return super().create(vals_list)

    def write(self, vals):
        self._check_shared_config_access(vals)
        return super().write(vals)

    def unlink(self):
        self._check_shared_config_access()
        return super().unlink()

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # translations are written in SQL, past write(): the same guard
        self._check_shared_config_access()
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
