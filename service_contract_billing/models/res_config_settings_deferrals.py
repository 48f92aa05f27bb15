# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The deferral settings in a file of their own, beside the billing settings.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_contract_deferred_revenue_account_id = fields.Many2one(
        related="company_id.service_contract_deferred_revenue_account_id",
        readonly=False,
        domain="[('account_type', 'in', ('liability_current', 'liability_non_current'))]",
    )
    service_contract_prepaid_expense_account_id = fields.Many2one(
        related="company_id.service_contract_prepaid_expense_account_id",
        readonly=False,
        domain="[('account_type', 'in', ('asset_current', 'asset_prepayments', 'asset_non_current'))]",
    )
    service_contract_deferral_journal_id = fields.Many2one(
        related="company_id.service_contract_deferral_journal_id",
        readonly=False,
        domain="[('type', '=', 'general')]",
    )
    service_contract_deferral_method = fields.Selection(
        related="company_id.service_contract_deferral_method",
        readonly=False,
    )
    service_contract_deferral_moment = fields.Selection(
        related="company_id.service_contract_deferral_moment",
        readonly=False,
    )
