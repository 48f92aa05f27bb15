# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ServiceContractBillingDate(models.Model):
    _inherit = "service.contract.billing.date"

    def _prepare_invoice_line_vals(self):
        """The invoice line of a billing date carries the period it bills as
        its service period: a regular date its own period, a correction the
        period it corrects (``period_start``/``period_end`` of a correction
        are those of the billed period), on invoices, vendor bills and the
        credit notes of negative corrections alike. Every path of the billing
        run (batch, invoice by invoice, billing on creation, preview) builds
        its lines here."""
        vals = super()._prepare_invoice_line_vals()
        vals["service_start_date"] = self.period_start
        vals["service_end_date"] = self.period_end
        return vals
