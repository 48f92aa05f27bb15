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

    def _service_contract_rebillable_dates(self):
        """The billed dates of these posted invoices and vendor bills that a
        credit note may send back to billing. Credit notes (also the ones
        the billing run makes for corrections) never re-open anything."""
        moves = self.filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "in_invoice")
        )
        return self.env["service.contract.billing.date"]._billed_by(moves.line_ids)

    def button_cancel(self):
        BillingDate = self.env["service.contract.billing.date"]
        billed = BillingDate._billed_by(self.line_ids)
        credited = BillingDate._credited_by(self)
        result = super().button_cancel()
        billed._release()
        credited._uncredit()
        return result

    def button_draft(self):
        """A cancelled invoice reset to draft bills its contract periods again,
        unless they were billed elsewhere meanwhile (then it is refused); a
        cancelled credit note that billed periods again credits them again."""
        BillingDate = self.env["service.contract.billing.date"]
        cancelled = self.filtered(lambda m: m.state == "cancel")
        BillingDate._check_take_back(cancelled.line_ids)
        result = super().button_draft()
        BillingDate._take_back(cancelled.line_ids)
        BillingDate._recredit(cancelled)
        return result

    def unlink(self):
        credited = self.env["service.contract.billing.date"]._credited_by(self)
        result = super().unlink()
        credited.exists()._uncredit(forget=True)
        return result
