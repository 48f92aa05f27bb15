# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ServiceContractDevice(models.Model):
    """A covered device changes what per-device packages and services bill:
    added, removed or covered from or until another day, its contract's
    billing dates follow (corrections for periods already billed)."""

    _inherit = "service.contract.device"

    billing_date_ids = fields.One2many("service.contract.billing.date", "device_id")

    @api.model_create_multi
    def create(self, vals_list):
        devices = super().create(vals_list)
        devices.contract_id._sync_billing_dates()
        return devices

    def write(self, vals):
        contracts = self.contract_id
        result = super().write(vals)
        if {"date_start", "date_end", "contract_id"} & vals.keys():
            (contracts | self.contract_id)._sync_billing_dates()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        """A device something was billed for stays on the contract: ending
        its coverage refunds what was billed beyond the end instead. (Its
        dates still to bill that no invoice line names are gone by now.)"""
        held = self.sudo().billing_date_ids
        if held:
            raise UserError(
                self.env._(
                    "%(device)s was billed on contract %(contract)s and cannot be removed: "
                    "set the day its coverage ends (Covered Until) instead; what was billed "
                    "beyond it is refunded.",
                    device=held[0].device_id.display_name,
                    contract=held[0].contract_id.display_name,
                )
            )

    def unlink(self):
        contracts = self.contract_id
        dates = self.sudo().billing_date_ids
        to_bill = dates.filtered(lambda d: d.state == "to_bill")
        (to_bill - to_bill._referenced_by_invoice_lines()).unlink()
        result = super().unlink()
        contracts._sync_billing_dates()
        return result
