# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .service_contract import ACTIVE_STATES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    service_contract_package_ids = fields.Many2many(
        "service.contract.package",
        "product_template_service_contract_package_rel",
        "product_tmpl_id",
        "package_id",
        string="Service Packages",
        help="Packages that come with this product when it is sold: confirming "
        "the sale brings them into a service contract.",
    )
    service_contract_price_change_ids = fields.One2many(
        "service.contract.price.change", "product_tmpl_id"
    )
    service_contract_pending_price_change_id = fields.Many2one(
        "service.contract.price.change",
        compute="_compute_service_contract_pending_price_change_id",
    )

    @api.depends("service_contract_price_change_ids.state")
    @api.depends_context("company")
    def _compute_service_contract_pending_price_change_id(self):
        """The question waiting for the current company's decision."""
        for product in self:
            product.service_contract_pending_price_change_id = (
                product.service_contract_price_change_ids.filtered(
                    lambda change: change.state == "pending"
                    and change.company_id == self.env.company
                )[:1]
            )

    def write(self, vals):
        old_prices = {}
        if "list_price" in vals:
            old_prices = {product: product.list_price for product in self}
        result = super().write(vals)
        changed = self.filtered(
            lambda product: product in old_prices
            and product.currency_id.compare_amounts(product.list_price, old_prices[product])
        )
        if changed:
            changed._register_service_contract_price_change(old_prices)
        return result

    def _register_service_contract_price_change(self, old_prices):
        """Record a pending price change for each product and company whose
        running contracts bill it, so that each company is asked whether to
        apply it to its contracts."""
        Line = self.env["service.contract.line"].sudo()
        Change = self.env["service.contract.price.change"].sudo()
        for product in self:
            lines = Line.search(
                [
                    ("product_id.product_tmpl_id", "=", product.id),
                    ("line_type", "=", "product"),
                    ("contract_id.state", "in", ACTIVE_STATES),
                ]
            )
            Change._ask(
                product, lines, {"old_price": old_prices[product], "new_price": product.list_price}
            )

    def action_decide_service_contract_price_change(self):
        self.ensure_one()
        return self.service_contract_pending_price_change_id._action_decide()
