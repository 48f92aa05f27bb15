# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Months in each price period.
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
PRICE_PERIODS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


class ServiceContractPricedMixin(models.AbstractModel):
    """Price and cost per month, quarter or year, with their conversions.

    A price is entered for one period (``price_period``); the per-month,
    per-quarter and per-year figures are derived from it, so services and
    packages priced in different periods can be added up.
    """

    _name = "service.contract.priced.mixin"
    _description = "Service Contract Price per Period"

    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True
    )
    price = fields.Monetary(help="Sales price for one price period.")
    cost = fields.Monetary(help="Cost for one price period, for calculation.")
    price_period = fields.Selection(
        PRICE_PERIODS, required=True, default="month", string="Per"
    )
    product_id = fields.Many2one(
        "product.product",
        string="Invoicing Product",
        domain="[('type', '=', 'service')]",
        check_company=True,
        help="The product of the invoice lines that bill this on contracts: its "
        "income and expense accounts and taxes post them.",
    )
    price_per_month = fields.Monetary(compute="_compute_period_prices")
    price_per_quarter = fields.Monetary(compute="_compute_period_prices")
    price_per_year = fields.Monetary(compute="_compute_period_prices")
    cost_per_month = fields.Monetary(compute="_compute_period_prices")
    cost_per_year = fields.Monetary(compute="_compute_period_prices")

    @api.depends("company_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = (
                record.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends("price", "cost", "price_period")
    def _compute_period_prices(self):
        for record in self:
            months = PERIOD_MONTHS[record.price_period or "month"]
            monthly_price = record.price / months
            monthly_cost = record.cost / months
            record.price_per_month = monthly_price
            record.price_per_quarter = monthly_price * 3
            record.price_per_year = monthly_price * 12
            record.cost_per_month = monthly_cost
            record.cost_per_year = monthly_cost * 12

    @api.constrains("price", "cost")
    def _check_price_not_negative(self):
        for record in self:
            if record.price < 0 or record.cost < 0:
                raise ValidationError(
                    self.env._(
                        "Price and cost of %(name)s cannot be negative.",
                        name=record.display_name,
                    )
                )
