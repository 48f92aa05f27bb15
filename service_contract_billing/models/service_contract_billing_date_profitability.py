# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ServiceContractBillingDate(models.Model):
    _inherit = "service.contract.billing.date"

    def _prepare_invoice_line_vals(self):
        """The invoice (vendor-bill) line carries the contract's analytic
        distribution (``service.contract._analytic_distribution``); a running
        contract without analytic account gets one now."""
        vals = super()._prepare_invoice_line_vals()
        vals["analytic_distribution"] = self.contract_id.sudo()._analytic_distribution()
        return vals
