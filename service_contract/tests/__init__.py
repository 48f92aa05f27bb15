from . import test_contract
from . import test_package
from . import test_price_change
from . import test_service
from . import test_service_kind
from . import test_settings
from . import test_template
from . import test_translation
