# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import res_company
from . import res_config_settings
from . import order_department
from . import order_allocation
from . import order_milestone_type
from . import order_milestone
from . import order_exception
from . import order_request_mixin
from . import order_change_request
from . import order_change_request_line
from . import order_revision
from . import order_closure_request
from . import sale_order
from . import sale_order_allocation
from . import stock_picking
from . import account_move
from . import procurement_group
