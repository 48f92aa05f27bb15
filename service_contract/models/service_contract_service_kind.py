# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractServiceKind(models.Model):
    """Kind flag of a single service (Leistungskennzeichen).

    Labour, travel, spare parts, hotline, replacement device and shipping
    costs are delivered as data; users add their own.
    """

    _name = "service.contract.service.kind"
    _description = "Service Kind"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short technical key, unique, used by formulas and integrations.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    product_id = fields.Many2one(
        "product.product",
        string="Invoicing Product",
        domain="[('type', '=', 'service')]",
        help="Default product for the invoice lines of services of this kind: "
        "its income and expense accounts and taxes post them.",
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(code)",
            "A service kind with this code already exists.",
        ),
    ]
