# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import order_control_reason_wizard
from . import order_milestone_log_wizard
from . import order_payment_gate_wizard
from . import sale_advance_payment_inv
from . import order_customer_rating_wizard
from . import order_change_approve_wizard
