from . import test_billing_corrections
from . import test_billing_dates
from . import test_billing_run
from . import test_settings
from . import test_portal
