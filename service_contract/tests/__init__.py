from . import test_service_kind
from . import test_settings
from . import test_translation
