# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-addon tests: run by pytest-odoo against the database that
"./oc test" installed the three addons in."""
