# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import order_kpi_compute_wizard
from . import order_kpi_weight_wizard
from . import order_kpi_month_wizard
from . import order_kpi_area_score_wizard
