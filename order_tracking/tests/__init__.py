# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_settings
from . import test_change_request
from . import test_closure_request
from . import test_concurrency
from . import test_release
from . import test_actuals
from . import test_lateness
from . import test_payment_gate
from . import test_exceptions
from . import test_access
from . import test_reports
from . import test_query_count
from . import test_request_query_count
from . import test_tours
from . import test_request_policy
from . import test_released_lock
from . import test_controls
