# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractBillingDate(models.Model):
    """One billing date (Abrechnungstermin) of a contract line: the period it
    bills, when it is due, its amount and whether it was billed.

    Billing dates are generated from the contract's term, the template's
    billing interval and timing, the line's price and the pauses
    (``service.contract._sync_billing_dates``). Dates still to bill are
    recomputed when the contract changes; billed ones are never touched.
    """

    _name = "service.contract.billing.date"
    _description = "Service Contract Billing Date"
    _order = "date, contract_id, id"
    _check_company_auto = True

    line_id = fields.Many2one(
        "service.contract.line", required=True, ondelete="cascade", index=True
    )
    contract_id = fields.Many2one(
        related="line_id.contract_id", store=True, index=True
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Partner"
    )
    direction = fields.Selection(related="contract_id.direction", store=True)
    product_id = fields.Many2one(related="line_id.product_id")
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    date = fields.Date(string="Billing Date", required=True, index=True)
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        help="The line's price for this period, prorated for partial periods and pauses."
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    state = fields.Selection(
        [("to_bill", "To Bill"), ("billed", "Billed"), ("cancelled", "Cancelled")],
        required=True,
        default="to_bill",
        index=True,
    )

    _sql_constraints = [
        (
            "period_check",
            "CHECK(period_end >= period_start)",
            "A billing period cannot end before it starts.",
        ),
    ]

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for billing_date in self:
            billing_date.amount = billing_date.currency_id.round(
                billing_date.quantity * billing_date.price_unit
            )

    @api.depends("contract_id", "period_start", "period_end")
    def _compute_display_name(self):
        for billing_date in self:
            billing_date.display_name = (
                f"{billing_date.contract_id.name}: "
                f"{billing_date.period_start} – {billing_date.period_end}"
            )
