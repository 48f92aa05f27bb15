# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Give the contracts that exist their billing schedule, by the same rule
    as every later change: running ones, and expired ones whose term ended
    (they still owe their periods); not drafts, nor contracts ended early."""
    contracts = env["service.contract"].search([("state", "!=", "draft")])
    contracts._sync_billing_dates()
    # The deferral settings of the companies that have a chart of accounts.
    env["res.company"].search([("chart_template", "!=", False)])._service_contract_set_deferral_defaults()
