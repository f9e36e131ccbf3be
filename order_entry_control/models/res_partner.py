# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner: a notification on a sales order does not write its customer.

Every notification on a portal document (each review step told to its
reviewers, each decision told to the submitter) asks the customer's signup
parameters for the access link, and auth_signup's ``signup_prepare`` writes
``signup_type`` on the customer even when it already holds that value: the
customer's row and, by the commercial sync, its contacts' rows are updated.
Every order of one customer then updates the same rows, and concurrent
submissions and decisions on its orders fail to serialize and are retried
(26 of the 37 retries of a 60-second load). The value is written only where it
changes; the signup token, which does not depend on the row's write date, is
the same."""

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def signup_prepare(self, signup_type="signup"):
        # sudo: signup_type is readable by Access Rights managers only; the
        # caller (auth_signup) already works as superuser
        changed = self.filtered(lambda p: p.sudo().signup_type != signup_type)
        if changed:
            return super(ResPartner, changed).signup_prepare(signup_type=signup_type)
        return True
