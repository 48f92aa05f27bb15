# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The order line that sold this device.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        devices = super().create(vals_list)
        devices.contract_id._sync_entitlements()
        return devices

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["service.contract.usage"].sudo().search(
            [("entitlement_id.device_id", "in", self.ids)], limit=1
        )
        if used:
            raise UserError(
                self.env._(
                    "Usage was recorded for device %(device)s; it cannot be removed "
                    "from the contract.",
                    device=used.entitlement_id.device_id.display_name,
                )
            )

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts._sync_entitlements()
        return result

    @api.depends("product_id", "serial_number")
    def _compute_display_name(self):
        for device in self:
            device.display_name = (
                f"{device.product_id.display_name} ({device.serial_number})"
                if device.serial_number
                else device.product_id.display_name
            )
