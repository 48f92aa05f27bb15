# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import ServiceContractCommon


class TestSaleCreatesContract(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template.search([]).action_archive()
        # A package priced by its services but without invoicing product, as
        # before packages had one (demo data gives the service kinds one): the
        # contract bills the template's fee. See test_sale_package.py for
        # packages that bill themselves.
        cls.package.product_id = False
        cls.other_package = cls.Package.create(
            {"name": "Other", "line_ids": [Command.create({"service_id": cls.hotline.id})]}
        )
        cls.generic = cls.Template.create(
            cls.template_vals(name="Generic", sequence=1, package_ids=[Command.set(cls.other_package.ids)])
        )
        cls.matching = cls.Template.create(
            cls.template_vals(name="Matching", sequence=2, price_formula="order_amount_untaxed / 20")
        )
        cls.device = cls.env["product.product"].create(
            {
                "name": "Air conditioner",
                "type": "consu",
                "list_price": 2000,
                "service_contract_package_ids": [Command.set(cls.package.ids)],
            }
        )
        cls.cable = cls.env["product.product"].create({"name": "Cable", "type": "consu", "list_price": 10})
        cls.customer = cls.env["res.partner"].create({"name": "Office Tower"})

    def order(self, *lines):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )

    def test_confirmation_creates_a_running_contract(self):
        order = self.order((self.device, 2), (self.cable, 5))
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(len(contract), 1)
        self.assertEqual(order.service_contract_count, 1)
        self.assertEqual(contract.sale_order_id, order)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.template_id, self.matching, "the template with the sold package")
        self.assertEqual(contract.package_ids, self.package)
        self.assertEqual(contract.state, "running")
        self.assertEqual(len(contract.device_ids), 2)
        self.assertEqual(contract.device_ids.product_id, self.device)
        # order_amount_untaxed / 20 = (2 * 2000 + 5 * 10) / 20
        self.assertAlmostEqual(contract.line_ids.price_unit, 202.5)
        self.assertEqual(contract.line_ids.product_id, self.fee)
        self.assertEqual(len(contract.entitlement_ids), 1 + 2, "hotline + one visit per device")
        action = order.action_view_service_contracts()
        self.assertEqual(action["res_id"], contract.id)
        self.assertEqual(contract.action_view_sale_order()["res_id"], order.id)

    def test_confirming_twice_creates_one_contract(self):
        order = self.order((self.device, 1))
        order.action_confirm()
        with self.assertRaises(UserError):
            order.action_confirm()
        order._create_service_contracts()
        self.assertEqual(len(order.service_contract_ids), 1)
        self.assertEqual(self.env["service.contract"].search_count([("sale_order_id", "=", order.id)]), 1)

    def test_order_without_packages(self):
        order = self.order((self.cable, 1))
        order.action_confirm()
        self.assertFalse(order.service_contract_ids)

    def test_no_template_offered_leaves_a_draft_to_complete(self):
        (self.generic | self.matching).write({"validity_formula": "False"})
        order = self.order((self.device, 1))
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.line_ids)
        self.assertEqual(len(contract.device_ids), 1)
        self.assertTrue(contract.activity_ids)

    def test_sale_invoice_does_not_bill_the_contract(self):
        order = self.order((self.device, 1))
        order.action_confirm()
        order.order_line.qty_delivered = 1
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.device)
        self.assertNotIn(self.fee, invoice.invoice_line_ids.product_id)

    def test_sold_fee_becomes_the_contract_line_and_is_not_invoiced_by_the_sale(self):
        order = self.order((self.device, 1), (self.fee, 2))
        fee_line = order.order_line.filtered(lambda line: line.product_id == self.fee)
        fee_line.write({"price_unit": 120, "discount": 10})
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.line_ids.product_id, self.fee)
        self.assertEqual(contract.line_ids.quantity, 2)
        self.assertAlmostEqual(contract.line_ids.price_unit, 108, msg="the order's discounted price")
        self.assertEqual(contract.line_ids.sale_line_id, fee_line)
        self.assertTrue(fee_line.is_billed_by_service_contract)
        self.assertEqual(fee_line.qty_to_invoice, 0)
        self.assertEqual(fee_line.untaxed_amount_to_invoice, 0)
        self.assertEqual(contract.device_ids.sale_line_id.product_id, self.device)
        order.order_line.filtered(lambda line: line.product_id == self.device).qty_delivered = 1
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.device, "the fee is the contract's")

    def test_wizard_from_the_order(self):
        order = self.order((self.cable, 1))
        order.action_confirm()
        action = order.action_new_service_contract()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(wizard.sale_order_id, order)
        wizard.print_document = False
        result = wizard.action_create()
        contract = self.env["service.contract"].browse(result["res_id"])
        self.assertEqual(contract.sale_order_id, order)
        self.assertEqual(order.service_contract_ids, contract)

    def test_salesperson_without_contract_rights_confirms(self):
        salesman = new_test_user(
            self.env, login="sc_salesman", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(salesman.has_group("service_contract.service_contract_group_user"))
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": self.device.id, "product_uom_qty": 1}),
                        Command.create({"product_id": self.fee.id, "product_uom_qty": 1}),
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        contract = order.sudo().service_contract_ids
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.state, "running")
        self.assertEqual(contract.template_id, self.matching)
        self.assertEqual(contract.company_id, order.company_id)
        self.assertEqual(contract.user_id, salesman)
        self.assertEqual(contract.line_ids.product_id, self.fee)
        fee_line = order.order_line.filtered(lambda line: line.product_id == self.fee)
        self.assertTrue(fee_line.is_billed_by_service_contract)
        self.assertEqual(fee_line.qty_to_invoice, 0)
