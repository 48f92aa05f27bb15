from . import test_serials
