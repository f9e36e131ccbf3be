# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_settings
from . import test_change_request
from . import test_closure_request
from . import test_concurrency
from . import test_query_count
from . import test_tours
