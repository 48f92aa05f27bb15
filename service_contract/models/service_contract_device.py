# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractDevice(models.Model):
    """A device covered by a contract: the product sold, its serial number
    and where it is installed."""

    _name = "service.contract.device"
    _description = "Covered Device"
    _order = "contract_id, id"
    _check_company_auto = True
    _rec_names_search = ["product_id", "serial_number"]

    contract_id = fields.Many2one(
        "service.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "product.product", string="Device", required=True, check_company=True
    )
    serial_number = fields.Char(index="btree_not_null")
    location_partner_id = fields.Many2one(
        "res.partner",
        string="Installation Address",
        help="Where the device is installed, a contact or address of the customer.",
    )
    installation_date = fields.Date()
    note = fields.Char()

    @api.depends("product_id", "serial_number")
    def _compute_display_name(self):
        for device in self:
            device.display_name = (
                f"{device.product_id.display_name} ({device.serial_number})"
                if device.serial_number
                else device.product_id.display_name
            )
