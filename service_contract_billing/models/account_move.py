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

    def _service_contract_rebillable_dates(self):
        """The billed dates of these posted invoices and vendor bills that a
        credit note may send back to billing. Credit notes (also the ones
        the billing run makes for corrections) never re-open anything."""
        moves = self.filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "in_invoice")
        )
        return moves._service_contract_billing_dates().filtered(lambda d: d.state == "billed")

    def _service_contract_credited_dates(self):
        return self.env["service.contract.billing.date"].sudo().search(
            [("credit_move_id", "in", self.ids)]
        )

    def button_cancel(self):
        billing_dates = self._service_contract_billing_dates()
        credited = self._service_contract_credited_dates()
        result = super().button_cancel()
        billing_dates._reopen()
        credited._uncredit()
        return result

    def unlink(self):
        billing_dates = self._service_contract_billing_dates()
        credited = self._service_contract_credited_dates()
        result = super().unlink()
        billing_dates.exists()._reopen()
        credited.exists()._uncredit()
        return result
