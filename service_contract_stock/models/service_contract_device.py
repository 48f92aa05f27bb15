# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractDevice(models.Model):
    _inherit = "service.contract.device"

    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        index="btree_not_null",
        help="The lot or serial number delivered; filled in when the delivery "
        "of a sales order that created the contract is validated.",
    )
    serial_number = fields.Char(compute="_compute_serial_number", store=True, readonly=False)

    @api.depends("lot_id")
    def _compute_serial_number(self):
        """A device with a lot shows the lot's name; one without keeps the
        serial number typed in."""
        for device in self.filtered("lot_id"):
            device.serial_number = device.lot_id.name
