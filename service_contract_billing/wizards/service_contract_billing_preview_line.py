# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractBillingPreviewLine(models.TransientModel):
    """One line of a previewed invoice: the billing date it would bill,
    as the billing run would write it."""

    _name = "service.contract.billing.preview.line"
    _description = "Service Contract Billing Preview Line"
    _order = "preview_id, sequence, id"

    preview_id = fields.Many2one(
        "service.contract.billing.preview", required=True, ondelete="cascade", index=True
    )
    run_id = fields.Many2one(related="preview_id.run_id", store=True)
    company_id = fields.Many2one(related="preview_id.company_id", store=True)
    currency_id = fields.Many2one(related="preview_id.currency_id", store=True)
    partner_id = fields.Many2one(related="preview_id.partner_id", store=True)
    move_type = fields.Selection(related="preview_id.move_type", store=True)
    sequence = fields.Integer()
    billing_date_id = fields.Many2one("service.contract.billing.date")
    contract_id = fields.Many2one("service.contract")
    kind = fields.Selection(related="billing_date_id.kind")
    product_id = fields.Many2one("product.product")
    name = fields.Text(string="Label")
    period_start = fields.Date()
    period_end = fields.Date()
    account_id = fields.Many2one("account.account")
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    tax_ids = fields.Many2many("account.tax", string="Taxes")
    price_subtotal = fields.Monetary(string="Subtotal")
    price_total = fields.Monetary(string="Total")
    price_subtotal_signed = fields.Monetary(
        string="Subtotal Signed",
        compute="_compute_price_subtotal_signed",
        store=True,
        help="Negative for credit notes.",
    )

    @api.depends("move_type", "price_subtotal")
    def _compute_price_subtotal_signed(self):
        for line in self:
            sign = -1 if line.move_type in ("out_refund", "in_refund") else 1
            line.price_subtotal_signed = sign * line.price_subtotal
