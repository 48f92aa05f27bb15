# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Give the contracts that already run their billing schedule."""
    from .models.service_contract_billing_date_schedule import BILLED_STATES

    contracts = env["service.contract"].search([("state", "in", BILLED_STATES)])
    contracts._sync_billing_dates()
