# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractTerminateWizard(models.TransientModel):
    """Terminate a contract: when it ends (not before its earliest end, see
    the contract's termination rule), why, and a comment."""

    _name = "service.contract.terminate.wizard"
    _description = "Terminate Service Contract"

    contract_id = fields.Many2one("service.contract", required=True)
    earliest_end_date = fields.Date(related="contract_id.earliest_end_date")
    term_rule = fields.Char(related="contract_id.term_rule")
    date_end = fields.Date(
        string="Ends on",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    reason_id = fields.Many2one("service.contract.termination.reason", required=True)
    comment = fields.Text()

    @api.depends("contract_id")
    def _compute_date_end(self):
        for wizard in self:
            wizard.date_end = wizard.contract_id.earliest_end_date

    def action_terminate(self):
        self.ensure_one()
        self.contract_id.terminate(self.date_end, self.comment, self.reason_id.id)
        return {"type": "ir.actions.act_window_close"}
