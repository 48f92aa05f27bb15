# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import calendar

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .service_contract_priced_mixin import PERIOD_MONTHS
from .service_contract_template import INTERVAL_MONTHS

#: Months a line without an end (in a contract that runs until terminated)
#: is planned over.
OPEN_ENDED_MONTHS = 12
#: The line's planned figures, all zero for sections and notes.
PLANNED_AMOUNT_FIELDS = (
    "planned_revenue_monthly",
    "planned_cost_monthly",
    "planned_margin_monthly",
    "planned_revenue_term",
    "planned_cost_term",
    "planned_margin_term",
)


def term_months(start, end):
    """Length of the term ``start``–``end`` (both days included) in months:
    whole months, and the days left over as a share of the month they fall
    in; 0 for a term that ends before it starts."""
    if end < start:
        return 0.0
    stop = end + relativedelta(days=1)
    delta = relativedelta(stop, start)
    whole = delta.years * 12 + delta.months
    rest_from = start + relativedelta(months=whole)
    month_days = calendar.monthrange(rest_from.year, rest_from.month)[1]
    return whole + (stop - rest_from).days / month_days


class ServiceContractLineCalculation(models.AbstractModel):
    """Running calculation (laufende Kalkulation) of a contract line: its
    planned cost for one price period and its planned revenue, cost and
    margin per month and over its term.

    A customer contract earns the line's price (net of the discount) and
    costs what the catalog says the package or service costs us (for a
    service delivered by an external partner: the partner's price) or the
    billing product's cost. A supplier contract is the cost side: what we pay
    the supplier is cost, it earns nothing.

    Mixed into ``service.contract.line``, whose fields it reads."""

    _name = "service.contract.line.calculation"
    _description = "Service Contract Line Calculation"

    # Declared for the monetary fields below; the line relates it to its
    # contract's currency.
    currency_id = fields.Many2one("res.currency")
    cost_unit = fields.Monetary(
        string="Unit Cost",
        compute="_compute_cost_unit",
        store=True,
        readonly=False,
        precompute=True,
        help="Planned cost for one price period (see Per): the package's or "
        "service's cost (for a service of an external partner, the partner's "
        "price), or the billing product's cost per billing period. On a "
        "supplier contract the unit price is what we pay, the cost.",
    )
    planned_revenue_monthly = fields.Monetary(
        string="Planned Revenue per Month",
        compute="_compute_planned_amounts",
        store=True,
        help="The price net of the discount for all units, for one month. A "
        "one-time payment priced per billing period is spread over the line's "
        "term. Supplier contracts earn nothing.",
    )
    planned_cost_monthly = fields.Monetary(
        string="Planned Cost per Month",
        compute="_compute_planned_amounts",
        store=True,
        help="The unit cost for all units, for one month; on a supplier "
        "contract what we pay.",
    )
    planned_margin_monthly = fields.Monetary(
        string="Planned Margin per Month",
        compute="_compute_planned_amounts",
        store=True,
    )
    planned_revenue_term = fields.Monetary(
        string="Planned Revenue over the Term",
        compute="_compute_planned_amounts",
        store=True,
        help="The line's term within the contract's. A contract that runs "
        "until terminated: 12 months from the line's start.",
    )
    planned_cost_term = fields.Monetary(
        string="Planned Cost over the Term",
        compute="_compute_planned_amounts",
        store=True,
        help="The line's term within the contract's. A contract that runs "
        "until terminated: 12 months from the line's start.",
    )
    planned_margin_term = fields.Monetary(
        string="Planned Margin over the Term",
        compute="_compute_planned_amounts",
        store=True,
        help="The line's term within the contract's. A contract that runs "
        "until terminated: 12 months from the line's start.",
    )

    # === Compute methods === #
    @api.depends(
        "product_id",
        "package_id",
        "service_id",
        "price_period",
        "billing_interval",
        "contract_id.currency_id",
    )
    def _compute_cost_unit(self):
        """The catalog's cost (per the catalog's price period) or the billing
        product's cost (per billing period), converted into the line's price
        period, and from the company's currency into the contract's at
        today's rate. For a one-time payment the term is read when the cost
        is proposed, and kept when the dates change, like a cost entered by
        hand."""
        today = fields.Date.context_today(self)
        for line in self:
            if line.display_type:
                line.cost_unit = 0.0
                continue
            catalog = line._catalog_item()
            if catalog:
                cost, months = catalog.cost, PERIOD_MONTHS[catalog.price_period or "month"]
            else:
                cost = line.product_id.with_company(line.company_id).standard_price
                months = (
                    INTERVAL_MONTHS.get(line.billing_interval or "monthly")
                    or line._planned_term_months()
                )
            cost = line.company_id.currency_id._convert(
                cost, line.currency_id, line.company_id, today, round=False
            )
            line_months = line._planned_months_per_price()
            if line_months == months or not months:
                line.cost_unit = cost
            else:
                line.cost_unit = cost / months * line_months

    @api.depends(
        "display_type",
        "contract_id.direction",
        "price_subtotal",
        "quantity",
        "cost_unit",
        "is_per_device",
        "device_count",
        "price_period",
        "billing_interval",
        "date_start",
        "date_end",
        "contract_id.date_start",
        "contract_id.date_end",
    )
    def _compute_planned_amounts(self):
        for line in self:
            months_per_price = not line.display_type and line._planned_months_per_price()
            if not months_per_price:
                line.update(dict.fromkeys(PLANNED_AMOUNT_FIELDS, 0.0))
                continue
            term_months = line._planned_term_months()
            if line.contract_id.direction == "supplier":
                revenue, cost = 0.0, line.price_subtotal
            else:
                units = line.device_count if line.is_per_device else 1
                revenue, cost = line.price_subtotal, units * line.quantity * line.cost_unit
            revenue_monthly = revenue / months_per_price
            cost_monthly = cost / months_per_price
            line.planned_revenue_monthly = revenue_monthly
            line.planned_cost_monthly = cost_monthly
            line.planned_margin_monthly = revenue_monthly - cost_monthly
            line.planned_revenue_term = revenue_monthly * term_months
            line.planned_cost_term = cost_monthly * term_months
            line.planned_margin_term = (revenue_monthly - cost_monthly) * term_months

    # === Helpers === #
    def _planned_months_per_price(self):
        """Months one unit price pays for; for a one-time payment priced per
        billing period, the line's term; 0 without a price period."""
        self.ensure_one()
        if not self.price_period:
            return 0.0
        months = self._months_per_price()
        return months if months is not None else self._planned_term_months()

    def _planned_term(self):
        """First and last day of the line's term within the contract's: from
        the later of the two starts to the earlier of the two ends. Without
        an end (a contract that runs until terminated): OPEN_ENDED_MONTHS
        months from the line's start. ``(False, False)`` without a start."""
        start, end = self._billing_term()
        if not start:
            return False, False
        if end is None:
            end = start + relativedelta(months=OPEN_ENDED_MONTHS, days=-1)
        return start, end

    def _planned_term_months(self):
        """Length of the line's term in months: whole months, and the days
        left over as a share of the month they fall in (0 for a line that
        ends before it starts)."""
        start, end = self._planned_term()
        if not start:
            return 0.0
        return term_months(start, end)
