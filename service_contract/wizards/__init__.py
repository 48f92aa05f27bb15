from . import service_contract_create_wizard
from . import service_contract_create_wizard_device
from . import service_contract_terminate_wizard
from . import service_contract_price_change_wizard
from . import service_contract_change_wizard
