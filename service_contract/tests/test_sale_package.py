# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ServiceContractCommon


class SalePackageCommon(ServiceContractCommon):
    """A device carrying the package Gold (89.00 per month per device), and
    Hotline flat (10.00 per month, once per contract)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template.search([]).action_archive()
        cls.template = cls.Template.create(cls.template_vals())
        cls.gold_product = cls.env["product.product"].create(
            {"name": "Maintenance Gold", "type": "service", "list_price": 0}
        )
        cls.gold = cls.Package.create(
            {
                "name": "Gold",
                "price_source": "fixed",
                "price": 89,
                "price_period": "month",
                "billing_scope": "device",
                "product_id": cls.gold_product.id,
                "line_ids": [Command.create({"service_id": cls.visit.id})],
            }
        )
        cls.hotline_flat = cls.Package.create(
            {
                "name": "Hotline flat",
                "price_source": "fixed",
                "price": 10,
                "price_period": "month",
                "billing_scope": "contract",
                "product_id": cls.gold_product.id,
                "line_ids": [Command.create({"service_id": cls.hotline.id})],
            }
        )
        cls.device = cls.env["product.product"].create(
            {
                "name": "Air conditioner",
                "type": "consu",
                "list_price": 2000,
                "service_contract_package_ids": [Command.set(cls.gold.ids)],
            }
        )
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

    def _money(self, amount):
        return self.env.company.currency_id.format(amount)


class TestSalePackage(SalePackageCommon):
    """Selling a device that carries priced packages: the contract bills the
    packages, the sale only the device, the quotation shows what the
    packages will bill."""

    def test_sold_package_bills_per_device_on_the_contract(self):
        order = self.order((self.device, 3))
        self.assertEqual(order.amount_untaxed, 6000, "the packages are not part of the sale")
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.state, "running")
        self.assertEqual(len(contract.device_ids), 3)
        line = contract.line_ids
        self.assertEqual(line.package_id, self.gold, "the package only, not the template's fee")
        self.assertEqual(line.line_type, "package")
        self.assertEqual(line.product_id, self.gold_product)
        self.assertEqual(line.quantity, 1)
        self.assertEqual(line.price_unit, 89)
        self.assertEqual(line.price_period, "month")
        self.assertTrue(line.is_per_device)
        self.assertEqual(line.device_count, 3)
        self.assertAlmostEqual(line.price_subtotal, 267)
        self.assertFalse(line.sale_line_id, "the device's order line stays the sale's to invoice")
        self.assertFalse(order.order_line.is_billed_by_service_contract)
        order.order_line.qty_delivered = 3
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.device)
        self.assertEqual(invoice.amount_untaxed, 6000)

    def test_package_billed_once_per_contract(self):
        self.device.service_contract_package_ids = self.gold | self.hotline_flat
        order = self.order((self.device, 2))
        order.action_confirm()
        lines = order.service_contract_ids.line_ids
        self.assertEqual(lines.package_id, self.gold | self.hotline_flat)
        flat = lines.filtered(lambda line: line.package_id == self.hotline_flat)
        self.assertFalse(flat.is_per_device)
        self.assertEqual(flat.price_period, "month")
        self.assertAlmostEqual(flat.price_subtotal, 10, msg="once, whatever the devices")

    def test_sold_fee_is_billed_next_to_the_packages(self):
        order = self.order((self.device, 1), (self.fee, 1))
        order.action_confirm()
        lines = order.service_contract_ids.line_ids
        fee_line = order.order_line.filtered(lambda line: line.product_id == self.fee)
        self.assertEqual(lines.package_id, self.gold)
        self.assertEqual(lines.filtered(lambda line: not line.package_id).sale_line_id, fee_line)
        self.assertEqual(len(lines), 2, "no second fee from the template")
        self.assertEqual(fee_line.qty_to_invoice, 0)

    def test_quotation_shows_the_recurring_price(self):
        self.device.service_contract_package_ids = self.gold | self.hotline_flat
        order = self.order((self.device, 3), (self.fee, 1))
        device_line, fee_line = order.order_line
        self.assertEqual(
            device_line.service_contract_recurring_text.splitlines(),
            [
                f"Gold: {self._money(89)} per month per device",
                f"Hotline flat: {self._money(10)} per month",
            ],
        )
        self.assertIn("89.00", device_line.service_contract_recurring_text)
        self.assertFalse(fee_line.service_contract_recurring_text)
        salesman = new_test_user(
            self.env, login="sc_salesman", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(salesman.has_group("service_contract.service_contract_group_user"))
        own_order = self.order((self.device, 1))
        own_order.user_id = salesman
        self.assertIn(
            "Gold:", own_order.with_user(salesman).order_line.service_contract_recurring_text
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn(f"Gold: {self._money(89)} per month per device", html)
        self.assertIn(f"Hotline flat: {self._money(10)} per month<", html)
        self.assertEqual(order.amount_untaxed, 3 * 2000 + 100, "the devices and the fee only")

    def test_package_without_price_keeps_the_template_fee(self):
        self.gold.price = 0
        order = self.order((self.device, 2))
        self.assertFalse(order.order_line.service_contract_recurring_text)
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.state, "running")
        self.assertEqual(contract.line_ids.product_id, self.fee)
        self.assertFalse(contract.line_ids.package_id)
        self.assertEqual(contract.package_ids, self.gold | self.package)

    def test_priced_package_without_invoicing_product_is_not_dropped_silently(self):
        # Standard is priced by its services; it names no invoicing product.
        self.package.product_id = False
        self.assertTrue(self.package.price)
        self.device.service_contract_package_ids = self.gold | self.package
        order = self.order((self.device, 1))
        self.assertNotIn("Standard", order.order_line.service_contract_recurring_text)
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.line_ids.package_id, self.gold)
        self.assertEqual(contract.state, "draft", "waits until the package is billed too")
        activity = contract.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("Standard", activity.note)
        self.assertIn("no invoicing product", activity.note)

    def test_no_template_keeps_the_package_lines_in_a_draft(self):
        self.template.active = False
        order = self.order((self.device, 2))
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.line_ids.package_id, self.gold)
        self.assertAlmostEqual(contract.line_ids.price_subtotal, 178)
        self.assertIn("check the contract", contract.activity_ids.note)


@tagged("post_install", "-at_install")
class TestSalePackagePortal(HttpCase, SalePackageCommon):
    def test_customer_sees_the_recurring_price_in_the_portal(self):
        order = self.order((self.device, 3))
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"Gold: {self._money(89)} per month per device", response.text)
