# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

#: Help of the running figures, in the company's currency.
RUNNING_HELP = (
    "While the contract runs (running, paused, to renew, terminated but not "
    "yet ended): its planned figure per month, in the company's currency at the "
    "rate of its start date; 0 for drafts and expired contracts. These figures "
    "add up across contracts and currencies."
)
#: Help of the figures over the term.
TERM_HELP = (
    "Each line over its term within the contract's term. A contract that runs "
    "until terminated: over 12 months."
)


class ServiceContractCalculation(models.AbstractModel):
    """Running calculation (laufende Kalkulation) of a contract: the planned
    revenue, cost and margin of its lines, per month and over the term.

    Mixed into ``service.contract``, whose lines it adds up."""

    _name = "service.contract.calculation"
    _description = "Service Contract Calculation"

    # Declared for the monetary fields below; the contract computes its
    # currency and defines its company.
    currency_id = fields.Many2one("res.currency")
    company_id = fields.Many2one("res.company")
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    planned_revenue_monthly = fields.Monetary(
        string="Planned Revenue per Month",
        compute="_compute_planned_amounts",
        store=True,
        help="The lines' prices net of discounts, for one month. A supplier "
        "contract earns nothing.",
    )
    planned_cost_monthly = fields.Monetary(
        string="Planned Cost per Month",
        compute="_compute_planned_amounts",
        store=True,
        help="The lines' costs for one month: the services' costs, the "
        "external partners' prices, the billing products' costs; on a supplier "
        "contract what we pay.",
    )
    planned_margin_monthly = fields.Monetary(
        string="Planned Margin per Month",
        compute="_compute_planned_amounts",
        store=True,
    )
    planned_margin_percent_monthly = fields.Float(
        string="Planned Margin (%) per Month",
        compute="_compute_planned_amounts",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Planned margin per month in percent of the planned revenue per month.",
    )
    planned_revenue_term = fields.Monetary(
        string="Planned Revenue over the Term",
        compute="_compute_planned_amounts",
        store=True,
        help=TERM_HELP,
    )
    planned_cost_term = fields.Monetary(
        string="Planned Cost over the Term",
        compute="_compute_planned_amounts",
        store=True,
        help=TERM_HELP,
    )
    planned_margin_term = fields.Monetary(
        string="Planned Margin over the Term",
        compute="_compute_planned_amounts",
        store=True,
        help=TERM_HELP,
    )
    planned_margin_percent_term = fields.Float(
        string="Planned Margin (%) over the Term",
        compute="_compute_planned_amounts",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Planned margin over the term in percent of the planned revenue "
        "over the term.",
    )

    running_revenue_monthly = fields.Monetary(
        string="Running Revenue per Month",
        compute="_compute_running_amounts",
        store=True,
        currency_field="company_currency_id",
        help=RUNNING_HELP,
    )
    running_cost_monthly = fields.Monetary(
        string="Running Cost per Month",
        compute="_compute_running_amounts",
        store=True,
        currency_field="company_currency_id",
        help=RUNNING_HELP,
    )
    running_margin_monthly = fields.Monetary(
        string="Running Margin per Month",
        compute="_compute_running_amounts",
        store=True,
        currency_field="company_currency_id",
        help=RUNNING_HELP,
    )

    @api.depends(
        "line_ids.planned_revenue_monthly",
        "line_ids.planned_cost_monthly",
        "line_ids.planned_revenue_term",
        "line_ids.planned_cost_term",
    )
    def _compute_planned_amounts(self):
        for contract in self:
            lines = contract.line_ids
            for period in ("monthly", "term"):
                revenue = sum(lines.mapped(f"planned_revenue_{period}"))
                cost = sum(lines.mapped(f"planned_cost_{period}"))
                margin = revenue - cost
                contract[f"planned_revenue_{period}"] = revenue
                contract[f"planned_cost_{period}"] = cost
                contract[f"planned_margin_{period}"] = margin
                contract[f"planned_margin_percent_{period}"] = (
                    margin / revenue * 100 if revenue else 0.0
                )

    @api.depends(
        "state",
        "date_start",
        "currency_id",
        "company_id",
        "planned_revenue_monthly",
        "planned_cost_monthly",
    )
    def _compute_running_amounts(self):
        # Imported here: the contract's module defines the contract model,
        # which must be defined after this mixin.
        from .service_contract import ACTIVE_STATES  # pylint: disable=import-outside-toplevel

        for contract in self:
            if contract.state not in ACTIVE_STATES:
                contract.running_revenue_monthly = 0.0
                contract.running_cost_monthly = 0.0
                contract.running_margin_monthly = 0.0
                continue
            company = contract.company_id
            revenue, cost = (
                contract.currency_id._convert(
                    amount,
                    company.currency_id,
                    company,
                    contract.date_start or fields.Date.context_today(contract),
                )
                for amount in (contract.planned_revenue_monthly, contract.planned_cost_monthly)
            )
            contract.running_revenue_monthly = revenue
            contract.running_cost_monthly = cost
            contract.running_margin_monthly = revenue - cost
