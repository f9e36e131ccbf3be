# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import res_company
from . import res_config_settings
from . import sale_order
from . import order_kpi_work_interval
from . import order_kpi_fact
from . import order_kpi_definition
from . import order_kpi_area
from . import order_kpi_scorecard
from . import order_kpi_scorecard_line
from . import order_kpi_scorecard_area
from . import order_kpi_scorecard_assessment
from . import order_kpi_adjustment
from . import resource_calendar
from . import resource_calendar_attendance
from . import resource_calendar_leaves
from . import resource_calendar_extra_day
