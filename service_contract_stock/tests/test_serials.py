# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestDeliveredSerials(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.env["service.contract.template"].search([]).action_archive()
        hotline = cls.env["service.contract.service"].create(
            {
                "name": "Device hotline",
                "kind_id": cls.env.ref("service_contract.service_kind_hotline").id,
                "scope": "device",
                "reaction_time": 4,
            }
        )
        package = cls.env["service.contract.package"].create(
            {"name": "Device care", "line_ids": [Command.create({"service_id": hotline.id})]}
        )
        fee = cls.env["product.product"].create({"name": "Care fee", "type": "service"})
        cls.env["service.contract.template"].create(
            {
                "name": "Device care",
                "package_ids": [Command.set(package.ids)],
                "billing_product_ids": [Command.set(fee.ids)],
            }
        )
        cls.analyser = cls.env["product.product"].create(
            {
                "name": "Blood analyser",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "service_contract_package_ids": [Command.set(package.ids)],
            }
        )
        cls.lamp = cls.env["product.product"].create(
            {
                "name": "Examination lamp",
                "type": "consu",
                "service_contract_package_ids": [Command.set(package.ids)],
            }
        )
        cls.lots = cls.env["stock.lot"].create(
            [{"name": f"BA-{n}", "product_id": cls.analyser.id} for n in (101, 102, 103)]
        )
        for lot in cls.lots:
            cls.env["stock.quant"]._update_available_quantity(cls.analyser, cls.stock, 1, lot_id=lot)
        cls.customer = cls.env["res.partner"].create({"name": "Clinic North"})

    def sell(self, product, quantity):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": quantity})
                ],
            }
        )
        order.action_confirm()
        return order

    def deliver(self, picking, lots, quantity=None):
        """Validate ``picking`` with the given lots (one unit each)."""
        move = picking.move_ids
        move.move_line_ids.unlink()
        move.move_line_ids = [
            Command.create(
                {
                    "lot_id": lot.id,
                    "quantity": 1,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                    "product_id": move.product_id.id,
                }
            )
            for lot in lots
        ]
        move.picked = True
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            Form(
                self.env["stock.backorder.confirmation"].with_context(**result["context"])
            ).save().process()
        return picking

    def test_delivered_serials_fill_the_devices(self):
        order = self.sell(self.analyser, 2)
        contract = order.service_contract_ids
        self.assertEqual(len(contract.device_ids), 2)
        self.assertFalse(any(contract.device_ids.mapped("serial_number")), "not delivered yet")
        self.deliver(order.picking_ids, self.lots[:2])
        self.assertEqual(contract.device_ids.lot_id, self.lots[:2])
        self.assertEqual(sorted(contract.device_ids.mapped("serial_number")), ["BA-101", "BA-102"])
        entitlement = contract.entitlement_ids.filtered(lambda e: e.device_id.lot_id == self.lots[0])
        self.assertIn("BA-101", entitlement.device_id.display_name)
        self.assertIn("Serial numbers delivered", contract.message_ids[0].body)

    def test_partial_delivery_then_backorder(self):
        order = self.sell(self.analyser, 2)
        contract = order.service_contract_ids
        self.deliver(order.picking_ids, self.lots[:1])
        self.assertEqual(contract.device_ids.lot_id, self.lots[:1])
        self.assertEqual(len(contract.device_ids.filtered("lot_id")), 1)
        backorder = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.deliver(backorder, self.lots[1:2])
        self.assertEqual(contract.device_ids.lot_id, self.lots[:2])

    def test_exchanged_unit_gets_the_replacements_serial(self):
        order = self.sell(self.analyser, 1)
        contract = order.service_contract_ids
        picking = self.deliver(order.picking_ids, self.lots[:1])
        return_wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        return_wizard.product_return_moves.quantity = 1
        action = return_wizard.action_create_exchanges()
        self.deliver(self.env["stock.picking"].browse(action["res_id"]), self.lots[:1])
        self.assertFalse(contract.device_ids.lot_id, "the returned unit is no longer covered")
        self.assertFalse(contract.device_ids.serial_number)
        exchange = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
        self.assertEqual(len(exchange), 1)
        self.deliver(exchange, self.lots[2:3])
        self.assertEqual(contract.device_ids.serial_number, "BA-103")
        self.assertEqual(len(contract.device_ids), 1)

    def test_untracked_device_keeps_its_free_text_serial(self):
        order = self.sell(self.lamp, 1)
        device = order.service_contract_ids.device_ids
        device.serial_number = "LAMP-9"
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(device.serial_number, "LAMP-9")
        self.assertFalse(device.lot_id)

    def test_lot_chosen_by_hand_gives_the_serial(self):
        order = self.sell(self.analyser, 1)
        device = order.service_contract_ids.device_ids
        device.lot_id = self.lots[2]
        self.assertEqual(device.serial_number, "BA-103")
