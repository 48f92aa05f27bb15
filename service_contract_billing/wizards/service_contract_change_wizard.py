# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractChangeWizard(models.TransientModel):
    """The changes of a started contract bill from their date: the lines'
    and devices' writes resync the billing dates, and a billed period the
    change touches gets a correction (an extra charge or a refund), so that
    nothing is billed twice. The wizard says how far the contract is billed."""

    _inherit = "service.contract.change.wizard"

    billed_until = fields.Date(
        compute="_compute_billed_until",
        help="The end of the last period billed for the contract, the line or the device.",
    )

    @api.depends("change", "contract_id", "line_id", "device_id")
    def _compute_billed_until(self):
        for wizard in self:
            dates = wizard.contract_id.billing_date_ids
            if wizard.change in ("price", "end_line"):
                dates = dates.filtered(lambda d, w=wizard: d.line_id == w.line_id)
            elif wizard.change == "end_device":
                dates = dates.filtered(lambda d, w=wizard: d.device_id == w.device_id)
            billed = dates.filtered(lambda d: d.state == "billed")
            wizard.billed_until = max(billed.mapped("period_end"), default=False)
