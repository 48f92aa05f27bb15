# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(
            lambda move: move.state == "done" and move.sale_line_id and move.has_tracking != "none"
        )._sync_service_contract_serials()
        return moves

    def _sync_service_contract_serials(self):
        """Give the covered devices of the sold units the lots delivered to
        the customer, and take back the lots the customer returned, so that
        a replacement unit's serial number can take their place."""
        Device = self.env["service.contract.device"].sudo()._unlocked()
        recorded = defaultdict(list)
        for move in self:
            devices = Device.search([("sale_line_id", "=", move.sale_line_id.id)], order="id")
            if not devices:
                continue
            lots = move.move_line_ids.lot_id
            if move.location_id.usage == "customer":
                returned = devices.filtered(lambda device, lots=lots: device.lot_id in lots)
                returned.write({"lot_id": False, "serial_number": False})
                continue
            if move.location_dest_id.usage != "customer":
                continue
            free = devices.filtered(lambda device: not device.lot_id)
            for move_line in move.move_line_ids.filtered("lot_id"):
                if move_line.lot_id in devices.lot_id:
                    continue
                units = max(int(move_line.quantity_product_uom), 1)
                taken, free = free[:units], free[units:]
                taken.lot_id = move_line.lot_id
                for device in taken:
                    recorded[device.contract_id].append(device.display_name)
        for contract, names in recorded.items():
            contract.message_post(
                body=self.env._(
                    "Serial numbers delivered: %(devices)s", devices=", ".join(names)
                )
            )
