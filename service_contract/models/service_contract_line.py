# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractLine(models.Model):
    """What a contract bills: a billing product, quantity and price per
    billing period, valid from start to end (default: the contract's term)."""

    _name = "service.contract.line"
    _description = "Service Contract Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Billing Product", required=True, check_company=True, index=True
    )
    name = fields.Text(
        string="Description", compute="_compute_name", store=True, readonly=False, precompute=True
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True)
    date_start = fields.Date(string="From", help="Empty: from the contract's start.")
    date_end = fields.Date(string="Until", help="Empty: until the contract's end.")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The order line this contract line bills; the sale does not invoice it.",
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.get_product_multiline_description_sale() or line.name

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends("quantity", "price_unit")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.quantity * line.price_unit

    @api.constrains("quantity", "price_unit", "date_start", "date_end")
    def _check_values(self):
        for line in self:
            if line.quantity < 0 or line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: quantity and price of %(product)s cannot be negative.",
                        contract=line.contract_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: the line %(product)s cannot end before it starts.",
                        contract=line.contract_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    def _apply_price_change(self, new_price, date_effective):
        """Apply a billing product's new price from ``date_effective`` on.

        Here the lines simply take the new price; the billing addon extends
        this so that only billing dates not yet invoiced change.
        """
        for line in self:
            old_price = line.price_unit
            line.price_unit = new_price
            line.contract_id.message_post(
                body=self.env._(
                    "Price of %(product)s changed from %(old)s to %(new)s as of %(date)s.",
                    product=line.product_id.display_name,
                    old=old_price,
                    new=new_price,
                    date=date_effective,
                )
            )
