# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ServiceContractDevice(models.Model):
    """A device covered by a contract: the product sold, its serial number
    and where it is installed."""

    _name = "service.contract.device"
    _inherit = ["service.contract.lock.mixin"]
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
    date_start = fields.Date(
        string="Covered From",
        help="Empty: from the contract's start. A per-device package or service "
        "bills this device from this day; a day in a billed period is billed "
        "by a correction.",
    )
    date_end = fields.Date(
        string="Covered Until",
        help="Empty: until the contract's end. Set it to remove the device from "
        "the contract: what was billed beyond it is refunded.",
    )
    note = fields.Char()
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The order line that sold this device.",
    )

    @api.constrains("date_start", "date_end")
    def _check_coverage_dates(self):
        for device in self:
            if device.date_start and device.date_end and device.date_end < device.date_start:
                raise ValidationError(
                    self.env._(
                        "Device %(device)s cannot be covered until %(end)s: its coverage "
                        "starts on %(start)s.",
                        device=device.display_name,
                        end=device.date_end,
                        start=device.date_start,
                    )
                )

    def _coverage_term(self, start, end):
        """The part of the term ``start``–``end`` (end None: open) in which
        this device is covered, as (start, end); None when it is not covered
        at all."""
        self.ensure_one()
        start = max(filter(None, [start, self.date_start]))
        ends = [day for day in (end, self.date_end) if day]
        end = min(ends) if ends else None
        if end is not None and end < start:
            return None
        return start, end

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
