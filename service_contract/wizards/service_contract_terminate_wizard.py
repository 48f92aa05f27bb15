# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractTerminateWizard(models.TransientModel):
    _name = "service.contract.terminate.wizard"
    _description = "Terminate Service Contract"

    contract_id = fields.Many2one("service.contract", required=True)
    earliest_end_date = fields.Date(related="contract_id.earliest_end_date")
    date_end = fields.Date(
        string="Ends on",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    reason = fields.Char()

    @api.depends("contract_id")
    def _compute_date_end(self):
        for wizard in self:
            wizard.date_end = wizard.contract_id.earliest_end_date

    def action_terminate(self):
        self.ensure_one()
        self.contract_id.terminate(self.date_end, self.reason)
        return {"type": "ir.actions.act_window_close"}
