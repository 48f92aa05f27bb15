# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ServiceContractPause(models.Model):
    _inherit = "service.contract.pause"

    @api.model_create_multi
    def create(self, vals_list):
        pauses = super().create(vals_list)
        pauses.contract_id._sync_billing_dates()
        return pauses

    def write(self, vals):
        result = super().write(vals)
        self.contract_id._sync_billing_dates()
        return result

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts._sync_billing_dates()
        return result
