# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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
    # currency.
    currency_id = fields.Many2one("res.currency")
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
