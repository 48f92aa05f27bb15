# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ServiceContractBillingDate(models.Model):
    _inherit = "service.contract.billing.date"

    def _prepare_invoice_line_vals(self):
        """What the month-end close needs on the invoice line of a billing
        date: its service period, for the deferrals (a regular date its own
        period, a correction the period it corrects: ``period_start`` and
        ``period_end`` of a correction are those of the billed period), and
        the contract's analytic distribution, for the post-calculation (a
        running contract without analytic account gets one now). Every path
        of the billing run (batch, invoice by invoice, billing on creation,
        preview) builds its lines here."""
        vals = super()._prepare_invoice_line_vals()
        vals["service_start_date"] = self.period_start
        vals["service_end_date"] = self.period_end
        vals["analytic_distribution"] = self.contract_id.sudo()._analytic_distribution()
        return vals
