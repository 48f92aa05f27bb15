# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Started contracts get their analytic account.

18.0.1.1.0 gives each contract an analytic account in the plan *Service
Contracts* when it starts (post-calculation). Contracts started before the
update get theirs now, so that their next invoices carry it; invoices
already made are left as they are.
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.service_contract.models.states import ACTIVE_STATES


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    contracts = (
        env["service.contract"]
        .with_context(active_test=False)
        .search([("state", "in", ACTIVE_STATES), ("analytic_account_id", "=", False)])
    )
    contracts._ensure_analytic_account()
