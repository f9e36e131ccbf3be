# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import controllers
from .hooks import uninstall_hook
from . import models
from . import report
from . import tools
from . import wizards

# The addon's public names, for the addons that build on it (order_tracking,
# order_kpi): import them from here, never from a model file.
from .models.order_field_policy import OWNER
from .models.sale_order import COMMERCIAL_FIELDS, INTERNAL, UNDER_REVIEW
from .models.sale_order_line import CHECKED_LINE_FIELDS
