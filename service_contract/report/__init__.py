from . import service_contract_calculation_report
from . import service_contract_mrr_report
