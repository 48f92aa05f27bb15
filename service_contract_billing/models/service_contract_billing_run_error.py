# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractBillingRunError(models.Model):
    """A contract a billing run skipped, and why."""

    _name = "service.contract.billing.run.error"
    _description = "Billing Run Error"
    _order = "id"

    run_id = fields.Many2one("service.contract.billing.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade")
    message = fields.Text()
