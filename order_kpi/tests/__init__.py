# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_access
from . import test_controls
from . import test_kpi_fact_view
from . import test_kpi_facts
from . import test_query_count
from . import test_scorecard
from . import test_settings
from . import test_tours
from . import test_display_names
from . import test_extra_working_days
from . import test_processing_timeliness
from . import test_shipping_accuracy
from . import test_settings_layout
from . import test_assessment_areas
from . import test_data_languages
from . import test_work_interval_lookup
from . import test_compute_wizard_company
