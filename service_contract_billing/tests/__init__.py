from . import test_billing_corrections
from . import test_billing_dates
from . import test_billing_run
from . import test_billing_run_background
from . import test_invoice_document
from . import test_invoice_grouping
from . import test_settings
from . import test_portal
