# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    service_contract_line_ids = fields.One2many(
        "service.contract.line", "sale_line_id", string="Service Contract Lines"
    )
    is_billed_by_service_contract = fields.Boolean(
        string="Billed by Contract",
        compute="_compute_is_billed_by_service_contract",
        help="A recurring fee that a service contract bills: the sale does not "
        "invoice it, so that it is never billed twice.",
    )

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
