# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A contract's pricelist and currency: proposed from the customer, its
lines priced in its currency."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import ServiceContractCommon, create_pricelists


@freeze_time("2026-03-10")
class TestContractCurrency(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        # 1 unit of the company's currency is 1.25 units of the other one.
        other_code = "EUR" if cls.currency.name != "EUR" else "USD"
        cls.other = cls.setup_other_currency(other_code, rates=[("2026-01-01", 1.25)])
        cls.default_pricelist, cls.foreign_pricelist = create_pricelists(
            cls.env, cls.currency, cls.other, cls.fee
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Clinique Lyon", "property_product_pricelist": cls.foreign_pricelist.id}
        )
        cls.local = cls.env["res.partner"].create({"name": "Local practice"})
        cls.hotline.product_id = cls.env["product.product"].create(
            {"name": "Hotline fee", "type": "service"}
        )
        cls.Template.search([]).action_archive()
        cls.template = cls.Template.create(cls.template_vals())

    def new_contract(self, partner, **values):
        return self.Contract.create(
            {
                "partner_id": partner.id,
                "template_id": self.template.id,
                "date_start": date(2026, 4, 1),
                "line_ids": [
                    Command.create({"product_id": self.fee.id}),
                    Command.create({"service_id": self.hotline.id}),
                ],
                **values,
            }
        )

    def test_customer_pricelist_gives_currency_and_prices(self):
        contract = self.new_contract(self.customer)
        self.assertEqual(contract.pricelist_id, self.foreign_pricelist)
        self.assertEqual(contract.currency_id, self.other)
        fee_line, hotline_line = contract.line_ids.sorted("id")
        # 100.00 less the pricelist's 10 %, converted: 100 * 1.25 * 0.9
        self.assertAlmostEqual(fee_line.price_unit, 112.5)
        # The catalog's 30.00 a month, converted.
        self.assertAlmostEqual(hotline_line.price_unit, 37.5)
        self.assertEqual(hotline_line.price_period, "month")
        self.assertEqual(hotline_line.currency_id, self.other)
        # The running calculation compares like with like: the catalog's
        # cost of 12.00 a month, converted.
        self.assertAlmostEqual(hotline_line.cost_unit, 15)
        self.assertAlmostEqual(hotline_line.planned_margin_monthly, 22.5)

    def test_local_customer_stays_in_company_currency(self):
        contract = self.new_contract(self.local)
        self.assertEqual(contract.pricelist_id, self.default_pricelist)
        self.assertEqual(contract.currency_id, self.currency)
        self.assertEqual(contract.line_ids.mapped("price_unit"), [100, 30])

    def test_draft_follows_the_customer_started_contract_keeps_its_currency(self):
        with Form(self.Contract) as form:
            form.partner_id = self.customer
            form.template_id = self.template
            with form.line_ids.new() as line:
                line.product_id = self.fee
            self.assertEqual(form.currency_id, self.other)
            form.partner_id = self.local
            self.assertEqual(form.currency_id, self.currency)
            with form.line_ids.edit(0) as line:
                self.assertEqual(line.price_unit, 100, "repriced in the new currency")
            form.partner_id = self.customer
        contract = form.record
        self.assertEqual(contract.currency_id, self.other)
        contract.action_start()
        contract._unlocked().partner_id = self.local
        self.assertEqual(contract.pricelist_id, self.foreign_pricelist)
        self.assertEqual(contract.currency_id, self.other)
        self.assertAlmostEqual(contract.line_ids.price_unit, 112.5)

    def test_supplier_contract_has_no_pricelist_and_may_choose_its_currency(self):
        contract = self.new_contract(self.customer, direction="supplier")
        self.assertFalse(contract.pricelist_id)
        self.assertEqual(contract.currency_id, self.currency)
        self.assertEqual(contract.line_ids.sorted("id")[1].price_unit, 12, "the hotline's cost")
        contract.currency_id = self.other
        self.assertAlmostEqual(contract.line_ids.sorted("id")[1].price_unit, 15, "converted")
        self.assertAlmostEqual(contract.line_ids.sorted("id")[0].price_unit, 125, "sales price, no pricelist")

    def test_currency_must_match_the_pricelist(self):
        with self.assertRaisesRegex(ValidationError, "must be in"):
            self.new_contract(self.customer, currency_id=self.currency.id)
        with self.assertRaisesRegex(ValidationError, "must be in"):
            self.new_contract(self.local, pricelist_id=False, currency_id=self.other.id)
        contract = self.new_contract(self.local, direction="supplier", currency_id=self.other.id)
        self.assertEqual(contract.currency_id, self.other)

    def test_wizard_prices_in_the_customer_currency(self):
        wizard = self.env["service.contract.create.wizard"].create(
            {"partner_id": self.customer.id, "template_id": self.template.id}
        )
        self.assertEqual(wizard.pricelist_id, self.foreign_pricelist)
        self.assertEqual(wizard.currency_id, self.other)
        self.assertAlmostEqual(wizard.price_unit, 112.5)
        self.template.price_formula = "product_price * 2"
        wizard = self.env["service.contract.create.wizard"].create(
            {"partner_id": self.customer.id, "template_id": self.template.id}
        )
        self.assertAlmostEqual(wizard.price_unit, 250, "the formula's 200.00, converted")
        wizard.action_create()
        contract = self.Contract.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(contract.currency_id, self.other)
        self.assertAlmostEqual(contract.line_ids.price_unit, 250)

    def test_renewal_offer_in_the_contract_currency(self):
        contract = self.new_contract(self.customer)
        contract.action_start()
        contract._create_renewal_offer()
        order = contract.renewal_order_id
        self.assertEqual(order.pricelist_id, self.foreign_pricelist)
        self.assertEqual(order.currency_id, self.other)
        self.assertAlmostEqual(
            order.order_line.sorted("id")[0].price_unit, 1350, msg="12 months at 112.50"
        )

    def test_sales_order_gives_its_pricelist_and_prices(self):
        device = self.env["product.product"].create(
            {
                "name": "Air conditioner",
                "type": "consu",
                "service_contract_package_ids": [Command.set(self.package.ids)],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": device.id}),
                    Command.create({"product_id": self.fee.id, "price_unit": 90}),
                ],
            }
        )
        self.assertEqual(order.currency_id, self.other)
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(contract.pricelist_id, self.foreign_pricelist)
        self.assertEqual(contract.currency_id, self.other)
        package_line = contract.line_ids.filtered("package_id")
        self.assertEqual((contract.line_ids - package_line).price_unit, 90, "the order's price, not converted")
        # The package's 60.00 a month (hotline 30.00, visits 360.00 a year), converted.
        self.assertAlmostEqual(package_line.price_unit, 75)
        # Without a priced package or a fee on the order: the template's
        # billing product at the pricelist's price in the order's currency.
        unpriced = self.Package.create({"name": "Unpriced", "price_source": "fixed", "price": 0})
        device.service_contract_package_ids = unpriced
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": device.id})]}
        )
        order.action_confirm()
        self.assertAlmostEqual(order.service_contract_ids.line_ids.price_unit, 112.5)
