# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_business_time
from . import test_business_clock
from . import test_checks
from . import test_review_flow
from . import test_security
from . import test_query_count
from . import test_i18n
from . import test_reservation
from . import test_concurrency
from . import test_online_payment
from . import test_fuzz
from . import test_audit
from . import test_access_matrix
from . import test_tours
from . import test_onboarding
from . import test_reservation_security
from . import test_record_rules
