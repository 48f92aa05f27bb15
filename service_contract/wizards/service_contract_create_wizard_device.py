# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractCreateWizardDevice(models.TransientModel):
    """A device entered in the "New service contract" wizard; it becomes a
    covered device of the new contract."""

    _name = "service.contract.create.wizard.device"
    _description = "New Service Contract: Covered Device"

    wizard_id = fields.Many2one(
        "service.contract.create.wizard", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", string="Device", required=True)
    serial_number = fields.Char()
    location_partner_id = fields.Many2one(
        "res.partner",
        string="Installation Address",
        help="Where the device is installed, a contact or address of the partner.",
    )
    date_start = fields.Date(
        string="Covered From", help="Empty: from the contract's start."
    )

    def _prepare_device_vals(self):
        """The values of the contract's covered device; extension hook."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "serial_number": self.serial_number,
            "location_partner_id": self.location_partner_id.id,
            "date_start": self.date_start,
        }
