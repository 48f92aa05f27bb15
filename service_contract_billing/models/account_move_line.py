# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    service_contract_billing_date_id = fields.Many2one(
        "service.contract.billing.date",
        string="Contract Billing Date",
        copy=False,
        index="btree_not_null",
        readonly=True,
    )
    service_contract_id = fields.Many2one(
        related="service_contract_billing_date_id.contract_id", string="Service Contract"
    )

    def init(self):
        # A billing date is on at most one invoice line that is not cancelled:
        # a second one is refused by PostgreSQL itself, whoever creates it.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (service_contract_billing_date_id) "
                "WHERE service_contract_billing_date_id IS NOT NULL AND parent_state != 'cancel'",
                SQL.identifier("account_move_line_service_contract_billing_date_once"),
                SQL.identifier(self._table),
            )
        )

    def unlink(self):
        billing_dates = self.service_contract_billing_date_id
        result = super().unlink()
        billing_dates.exists()._reopen()
        return result
