# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    service_contract_billing_run_id = fields.Many2one(
        "service.contract.billing.run", string="Billing Run", copy=False, readonly=True, index="btree_not_null"
    )
    service_contract_invoice_report_id = fields.Many2one(
        "ir.actions.report",
        string="Contract Invoice Document",
        copy=False,
        readonly=True,
        help="The contract template's invoice document, used to print this "
        "invoice; empty: the partner's or Odoo's standard invoice.",
    )

    def _service_contract_billing_dates(self):
        return self.line_ids.service_contract_billing_date_id

    def button_cancel(self):
        billing_dates = self._service_contract_billing_dates()
        result = super().button_cancel()
        billing_dates._reopen()
        return result

    def unlink(self):
        billing_dates = self._service_contract_billing_dates()
        result = super().unlink()
        billing_dates.exists()._reopen()
        return result
