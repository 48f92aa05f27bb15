# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractDeferralBalanceWizard(models.TransientModel):
    _name = "service.contract.deferral.balance.wizard"
    _description = "Deferred Balances at a Date"

    date = fields.Date(required=True, default=fields.Date.context_today)
    company_ids = fields.Many2many(
        "res.company", string="Companies", required=True,
        default=lambda self: self.env.companies,
    )

    def _accounts(self):
        return (
            self.company_ids.service_contract_deferred_revenue_account_id
            | self.company_ids.service_contract_prepaid_expense_account_id
        )

    def _domain(self):
        return [
            ("account_id", "in", self._accounts().ids),
            ("parent_state", "=", "posted"),
            ("date", "<=", self.date),
            ("company_id", "in", self.company_ids.ids),
        ]

    def action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deferred Balances at %(date)s", date=self.date),
            "res_model": "account.move.line",
            "view_mode": "list,pivot",
            "views": [(False, "list"), (False, "pivot")],
            "domain": self._domain(),
            "context": {
                "group_by": [
                    "account_id",
                    "service_contract_deferral_contract_id",
                    "service_contract_deferral_invoice_id",
                ],
                "create": False,
                "search_default_posted": 1,
            },
        }
