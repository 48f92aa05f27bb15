# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import format_amount


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    service_contract_line_ids = fields.One2many(
        "service.contract.line", "sale_line_id", string="Service Contract Lines"
    )
    service_contract_renewed_line_id = fields.Many2one(
        "service.contract.line",
        string="Renews Contract Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The contract line whose next term this line of a renewal offer "
        "prices: confirming the offer gives the contract line its price.",
    )
    service_contract_renewal_periods = fields.Float(
        string="Renewed Periods",
        copy=False,
        readonly=True,
        help="How many price periods of the contract line (months, quarters, years) "
        "the unit price of this line of a renewal offer pays for: the next term's.",
    )
    is_billed_by_service_contract = fields.Boolean(
        string="Billed by Contract",
        compute="_compute_is_billed_by_service_contract",
        help="A recurring fee that a service contract bills: the sale does not "
        "invoice it, so that it is never billed twice.",
    )
    service_contract_recurring_text = fields.Text(
        string="Recurring Price",
        compute="_compute_service_contract_recurring_text",
        help="What the service packages the product carries will bill on the "
        "service contract the order creates, e.g. Gold: 89.00 per month per "
        "device. The order does not invoice it and its total does not include it. "
        "On a renewal offer: how the contract bills the line's price.",
    )

    @api.depends(
        "display_type",
        "product_id.service_contract_package_ids.price",
        "product_id.service_contract_package_ids.price_period",
        "product_id.service_contract_package_ids.billing_scope",
        "order_id.currency_id",
        "order_id.company_id",
        "order_id.date_order",
        "service_contract_renewed_line_id.billing_interval",
    )
    @api.depends_context("lang")
    def _compute_service_contract_recurring_text(self):
        """One text line per package that the sale bills on its contract,
        its price converted into the order's currency; on a renewal offer,
        the rhythm in which the contract bills the line. Salespeople without
        rights on contracts and portal customers see it too."""
        for line in self:
            order = line.order_id
            texts = []
            renewed = line.sudo().service_contract_renewed_line_id
            if renewed:
                texts.append(renewed._renewal_billing_text())
            elif line.product_id and not line.display_type:
                packages = order._get_service_contract_packages(line.product_id)
                date = fields.Date.to_date(order.date_order or fields.Datetime.now())
                for package in packages._filter_billed_on_sale(order.company_id).sorted():
                    price = package.currency_id._convert(
                        package.price, order.currency_id, order.company_id, date
                    )
                    amount = format_amount(self.env, price, order.currency_id)
                    texts.append(package._get_recurring_price_text(amount))
            line.service_contract_recurring_text = "\n".join(texts) or False

    @api.depends(
        "service_contract_line_ids",
        "product_id",
        "order_id.renewed_contract_id.line_ids.product_id",
    )
    def _compute_is_billed_by_service_contract(self):
        # Salespeople without rights on contracts sell and invoice too.
        for line in self:
            line_sudo = line.sudo()
            renewed = line_sudo.order_id.renewed_contract_id
            line.is_billed_by_service_contract = bool(line_sudo.service_contract_line_ids) or (
                bool(renewed) and line.product_id in renewed.line_ids.product_id
            )

    def _service_contract_renewal_price(self):
        """The price per price period this line of a renewal offer gives the
        contract line it renews: its unit price (for the renewed periods;
        offers made before: for one) net of its discount, stated for the
        discount the contract line keeps."""
        self.ensure_one()
        contract_line = self.service_contract_renewed_line_id
        periods = self.service_contract_renewal_periods or 1.0
        net = self.price_unit * (1 - (self.discount or 0.0) / 100) / periods
        kept = 1 - (contract_line.discount or 0.0) / 100
        price = net / kept if kept else self.price_unit / periods
        return contract_line.currency_id.round(price)

    @api.depends("is_billed_by_service_contract")
    def _compute_qty_to_invoice(self):
        result = super()._compute_qty_to_invoice()
        self.filtered("is_billed_by_service_contract").qty_to_invoice = 0.0
        return result

    @api.depends("is_billed_by_service_contract")
    def _compute_untaxed_amount_to_invoice(self):
        result = super()._compute_untaxed_amount_to_invoice()
        self.filtered("is_billed_by_service_contract").untaxed_amount_to_invoice = 0.0
        return result
