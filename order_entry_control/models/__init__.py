# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The models of Order Control's entry addon, one concern per file."""

from . import res_company
from . import res_company_notify
from . import res_users
from . import crm_team
from . import resource_calendar
from . import res_config_settings
from . import order_field_policy
from . import order_shared_config
from . import order_control_rule
from . import order_control_finding
from . import order_absence
from . import order_approval_mixin
from . import order_review_step
from . import order_review
from . import order_review_notify
from . import order_digest
from . import order_webhook_message
from . import order_stock_reservation
from . import sale_order
from . import sale_order_review
from . import sale_order_checks
from . import sale_order_release
from . import sale_order_notice
from . import sale_order_line
from . import payment_transaction
from . import account_move_line
from . import stock_quant
from . import stock_move
from . import mail_activity
