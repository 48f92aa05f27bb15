# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..tools.deferral import month_end


class ResCompany(models.Model):
    # The list form: this part's own file, not merged into res_company.py.
    _inherit = ["res.company"]

    service_contract_deferral_last_date = fields.Date(
        string="Last Scheduled Deferral Month",
        readonly=True,
        help="The last month end the scheduled deferral run has booked. Month ends after "
        "it that were missed are booked by its next call, oldest first.",
    )

    def _service_contract_deferral_configured(self):
        self.ensure_one()
        return bool(
            self.service_contract_deferred_revenue_account_id
            and self.service_contract_prepaid_expense_account_id
            and self.service_contract_deferral_journal_id
        )

    def _service_contract_deferral_due_month(self, today):
        """The oldest month end the scheduled run still has to book by ``today``."""
        self.ensure_one()
        due = month_end(today) if today == month_end(today) else today.replace(day=1) - timedelta(days=1)
        last = self.service_contract_deferral_last_date
        if not last:
            return due
        if last >= due:
            return False
        return month_end(last + timedelta(days=1))

    @api.model
    def _cron_service_contract_deferrals(self):
        """Scheduled action: one batch of the deferral run of each company
        whose month end is due (the last day of the month, or a missed one)."""
        today = fields.Date.context_today(self)
        Move = self.env["account.move"]
        done = remaining = 0
        for company in self.search([("service_contract_deferral_journal_id", "!=", False)]):
            if not company._service_contract_deferral_configured():
                continue
            month = company._service_contract_deferral_due_month(today)
            if not month:
                continue
            batch_done, batch_remaining, _entry = Move._service_contract_deferral_run_batch(company, month)
            done += batch_done
            if batch_remaining:
                remaining += batch_remaining
            else:
                company.service_contract_deferral_last_date = month
                done += 1  # a month end booked is progress, even with no line
                if company._service_contract_deferral_due_month(today):
                    remaining += 1
        self.env["ir.cron"]._service_contract_notify_progress(done=done, remaining=remaining)
