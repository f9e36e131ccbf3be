# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import order_control_reason_wizard
from . import order_stockout_wizard
from . import sale_advance_payment_inv
from . import order_holiday_import_wizard
