# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_contract_auto_post = fields.Boolean(
        string="Post Contract Invoices Automatically",
        help="Post the invoices and vendor bills of the billing run at once "
        "instead of leaving them as drafts for review.",
    )
