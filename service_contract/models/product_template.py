# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
