# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractType(models.Model):
    """Type of contract template: service contract, subscription, insurance, ..."""

    _name = "service.contract.type"
    _description = "Service Contract Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    requires_device = fields.Boolean(
        string="Requires a Device",
        help="Contracts of this type must name the covered device, e.g. an "
        "insurance for one machine.",
    )
