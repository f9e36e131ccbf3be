# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import models
from . import wizards


def post_init_hook(env):
    """Materialise the companies' working time for the KPI durations."""
    env["order.kpi.work.interval"]._refresh(env["res.company"].search([]))
