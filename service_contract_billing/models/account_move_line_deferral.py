# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    service_contract_deferral_invoice_id = fields.Many2one(
        "account.move",
        string="Deferred Invoice",
        related="service_contract_deferral_source_id.move_id",
        store=True,
        index="btree_not_null",
    )
    service_contract_deferral_contract_id = fields.Many2one(
        "service.contract",
        string="Deferred Contract",
        related="service_contract_deferral_source_id.service_contract_id",
        store=True,
        index="btree_not_null",
    )

    @api.model
    def _service_contract_deferred_balances(self, date, companies):
        """Deferred balances at ``date`` per invoice line: a list of dicts
        {invoice_line_id, move_id, contract_id (or False), partner_id, kind
        ('revenue'|'expense'), amount (>0: still deferred, company currency)}
        from the posted deferral-entry lines on the deferral accounts."""
        result = []
        self.flush_model()
        for company in companies:
            kinds = {}
            if company.service_contract_deferred_revenue_account_id:
                kinds[company.service_contract_deferred_revenue_account_id.id] = "revenue"
            if company.service_contract_prepaid_expense_account_id:
                kinds[company.service_contract_prepaid_expense_account_id.id] = "expense"
            if not kinds:
                continue
            self.env.cr.execute(SQL(
                """SELECT d.service_contract_deferral_source_id, d.account_id, SUM(d.balance)
                     FROM account_move_line d
                    WHERE d.company_id = %s AND d.parent_state = 'posted'
                      AND d.account_id IN %s AND d.date <= %s
                      AND d.service_contract_deferral_source_id IS NOT NULL
                 GROUP BY d.service_contract_deferral_source_id, d.account_id""",
                company.id, tuple(kinds), date,
            ))
            rows = self.env.cr.fetchall()
            sources = self.browse([row[0] for row in rows])
            currency = company.currency_id
            for (source_id, account_id, balance), source in zip(rows, sources):
                if currency.is_zero(balance):
                    continue
                kind = kinds[account_id]
                result.append({
                    "invoice_line_id": source_id,
                    "move_id": source.move_id.id,
                    "contract_id": source.service_contract_id.id or False,
                    "partner_id": source.partner_id.id or False,
                    "kind": kind,
                    "amount": currency.round(-balance if kind == "revenue" else balance),
                })
        return result
