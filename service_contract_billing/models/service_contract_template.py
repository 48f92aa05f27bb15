# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractTemplate(models.Model):
    _inherit = "service.contract.template"

    invoice_per_contract = fields.Boolean(
        help="The billing run makes one invoice per contract instead of one per "
        "customer."
    )
    # Only invoice reports: Odoo's Send & Print refuses any other.
    invoice_report_id = fields.Many2one(
        domain="[('model', '=', 'account.move'), ('is_invoice_report', '=', True)]"
    )
