from . import service_contract_device
from . import stock_move
