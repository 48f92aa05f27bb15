# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _get_default_pdf_report_id(self, move):
        """Contract invoices print with their template's invoice document:
        in *Print*, *Send & Print* and when sent by the scheduled action."""
        return move.service_contract_invoice_report_id or super()._get_default_pdf_report_id(move)
