from . import account_move_reversal
from . import service_contract_billing_preview
from . import service_contract_billing_preview_line
from . import service_contract_change_wizard
from . import service_contract_analysis_xlsx
from . import service_contract_deferral_run_wizard
from . import service_contract_deferral_balance_wizard
