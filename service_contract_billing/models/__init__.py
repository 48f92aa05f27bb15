from . import res_company
from . import res_config_settings
from . import service_contract
from . import service_contract_billing_date
from . import service_contract_line
from . import service_contract_pause
