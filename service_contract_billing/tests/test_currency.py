# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer billed in another currency gets invoices in that currency."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_contract.tests.common import create_pricelists

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingCurrency(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_currency = cls.company_data["currency"]
        # 1.00 in the company's currency is 1.25 in the other currency.
        cls.other = cls.setup_other_currency(
            "EUR" if company_currency.name != "EUR" else "USD", rates=[("2026-01-01", 1.25)]
        )
        _default, cls.pricelist = create_pricelists(cls.env, company_currency, cls.other, cls.fee)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Customer abroad", "property_product_pricelist": cls.pricelist.id}
        )
        cls.package = cls.env["service.contract.package"].create(
            {
                "name": "Care",
                "price_source": "fixed",
                "price": 100,
                "price_period": "month",
                "billing_scope": "contract",
                "product_id": cls.fee.id,
            }
        )

    def test_invoice_in_the_contract_currency(self):
        foreign = self.new_contract(
            self.customer,
            line_ids=[
                Command.create({"package_id": self.package.id}),
                Command.create({"product_id": self.fee.id}),
            ],
        )
        self.assertEqual(foreign.currency_id, self.other)
        package_line, fee_line = foreign.line_ids.sorted("id")
        self.assertAlmostEqual(package_line.price_unit, 125, "100.00 a month, converted")
        self.assertAlmostEqual(fee_line.price_unit, 112.5, "the pricelist's 10 % off, converted")
        self.assertEqual(foreign.billing_date_ids.currency_id, self.other)
        # The same customer's contract in the company's currency.
        local = self.new_contract(self.customer, pricelist_id=False)
        self.assertEqual(local.currency_id, self.company_data["currency"])

        run = self.bill(date(2026, 2, 28))
        self.assertEqual(len(run.move_ids), 2, "one invoice per currency")
        invoice = run.move_ids.filtered(lambda m: m.currency_id == self.other)
        self.assertEqual(invoice.invoice_line_ids.service_contract_id, foreign)
        by_product = {}
        for line in invoice.invoice_line_ids.sorted("id"):
            by_product.setdefault(line.service_contract_billing_date_id.line_id, []).append(line)
        for contract_line, amount, balance in ((package_line, 125, 100), (fee_line, 112.5, 90)):
            lines = by_product[contract_line]
            self.assertEqual(len(lines), 2, "January and February")
            for line in lines:
                self.assertAlmostEqual(line.price_unit, amount)
                self.assertAlmostEqual(line.amount_currency, -amount)
                self.assertAlmostEqual(line.balance, -balance, msg="in the company's currency at the rate")
        self.assertAlmostEqual(invoice.amount_untaxed, 475)
        self.assertAlmostEqual(invoice.amount_untaxed_signed, 380)
        local_invoice = run.move_ids - invoice
        self.assertEqual(local_invoice.currency_id, self.company_data["currency"])
        self.assertEqual(local_invoice.invoice_line_ids.service_contract_id, local)
        self.assertAlmostEqual(local_invoice.amount_untaxed, 200)
        self.assertAlmostEqual(run.amount_invoiced, 380 + 200, msg="in the company's currency")

    def test_supplier_bills_us_in_its_currency(self):
        supplier = self.new_contract(self.partner_b, direction="supplier", currency_id=self.other.id)
        self.assertAlmostEqual(supplier.line_ids.price_unit, 100, "the given price, in its currency")
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "in_invoice")
        self.assertEqual(run.move_ids.currency_id, self.other)
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 100)
        self.assertAlmostEqual(run.move_ids.amount_untaxed_signed, -80)
