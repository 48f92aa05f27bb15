# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The deferral settings in a file of their own, beside the billing settings.
# pylint: disable=consider-merging-classes-inherited
from odoo import models

#: Per chart template: the xml ids (without "account.<company id>_") of the
#: deferred revenue (passive Rechnungsabgrenzung) and prepaid expense
#: (aktive Rechnungsabgrenzung) accounts.
DEFERRAL_ACCOUNTS = {
    "de_skr03": ("account_0990", "account_0980"),
    "de_skr04": ("chart_skr04_3900", "chart_skr04_1900"),
    "generic_coa": ("deferred_revenue", "prepaid_expenses"),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    def _service_contract_default_deferral_accounts(self):
        """(deferred revenue account, prepaid expense account) this company's
        chart of accounts proposes: for the German SKR03 and SKR04 the
        accounts of the passive and active Rechnungsabgrenzung, for Odoo's
        generic chart its Deferred Revenue and Prepaid Expenses accounts;
        empty accounts for other charts."""
        self.ensure_one()
        Account = self.env["account.account"]
        xmlids = DEFERRAL_ACCOUNTS.get(self.chart_template)
        if not xmlids:
            return Account, Account
        return tuple(
            self.env.ref(f"account.{self.id}_{xmlid}", raise_if_not_found=False) or Account
            for xmlid in xmlids
        )

    def _service_contract_set_deferral_defaults(self):
        """Fill the deferral settings each company has left empty: the
        accounts its chart proposes and its Miscellaneous journal; never
        overwrites a setting made."""
        for company in self:
            revenue, expense = company._service_contract_default_deferral_accounts()
            vals = {}
            if not company.service_contract_deferred_revenue_account_id and revenue:
                vals["service_contract_deferred_revenue_account_id"] = revenue.id
            if not company.service_contract_prepaid_expense_account_id and expense:
                vals["service_contract_prepaid_expense_account_id"] = expense.id
            if not company.service_contract_deferral_journal_id:
                journal = self.env["account.journal"].search(
                    [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
                    order="sequence, id",
                )
                journal = journal.filtered(lambda j: j.code == "MISC")[:1] or journal.filtered(
                    lambda j: j.company_id == company
                )[:1]
                if journal:
                    vals["service_contract_deferral_journal_id"] = journal.id
            if vals:
                company.write(vals)
