# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Contracts bill the services themselves: packages and single services at
their catalog price, converted into each line's own billing interval, per
covered device where their scope says so, posted with their own invoicing
products."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestServiceBilling(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tax_19 = cls.company_data["default_tax_sale"]
        cls.tax_7 = tax_19.copy({"name": "Reduced 7 %", "amount": 7.0})
        cls.maintenance_product = cls.env["product.product"].create(
            {"name": "Maintenance", "type": "service", "taxes_id": [Command.set(tax_19.ids)]}
        )
        cls.hotline_product = cls.env["product.product"].create(
            {"name": "Hotline service", "type": "service", "taxes_id": [Command.set(cls.tax_7.ids)]}
        )
        cls.env.ref("service_contract.service_kind_hotline").product_id = cls.hotline_product
        cls.inspection = cls.env["service.contract.service"].create(
            {
                "name": "Annual inspection",
                "kind_id": cls.env.ref("service_contract.service_kind_labour").id,
                "scope": "device",
                "product_id": cls.maintenance_product.id,
                "price": 60.0,
                "cost": 35.0,
            }
        )
        cls.hotline = cls.env["service.contract.service"].create(
            {
                "name": "24/7 Hotline",
                "kind_id": cls.env.ref("service_contract.service_kind_hotline").id,
                "scope": "customer",
                "price": 1200.0,
                "cost": 480.0,
                "price_period": "year",
            }
        )
        cls.gold = cls.env["service.contract.package"].create(
            {
                "name": "Gold",
                "price_source": "fixed",
                "price": 89.0,
                "cost": 50.0,
                "price_period": "month",
                "line_ids": [Command.create({"service_id": cls.inspection.id})],
            }
        )
        cls.device_product = cls.env["product.product"].create({"name": "Analyser", "type": "consu"})
        cls.quarterly = cls.new_template("Quarterly", billing_interval="quarterly")

    def new_service_contract(self, lines, devices=3, template=None, **values):
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.partner_a.id,
                "template_id": (template or self.quarterly).id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create(line) for line in lines],
                "device_ids": [
                    Command.create({"product_id": self.device_product.id, "serial_number": f"SN-{n}"})
                    for n in range(1, devices + 1)
                ],
                **values,
            }
        )
        contract.action_start()
        return contract

    def invoice_lines(self, run):
        return run.move_ids.invoice_line_ids.sorted(lambda line: (line.name, line.id))

    def test_catalog_defaults_reach_the_line(self):
        self.assertEqual(self.hotline.product_id, self.hotline_product, "the kind's invoicing product")
        self.assertEqual(self.gold.product_id, self.maintenance_product, "its services' product")
        self.assertEqual(self.gold.billing_scope, "device", "a per-device service makes it per device")
        contract = self.new_service_contract([{"package_id": self.gold.id}, {"service_id": self.hotline.id}])
        gold, hotline = contract.line_ids
        self.assertEqual(
            [(gold.product_id, gold.name, gold.price_unit, gold.price_period, gold.device_count)],
            [(self.maintenance_product, "Gold", 89.0, "month", 3)],
        )
        self.assertEqual((hotline.price_unit, hotline.price_period, hotline.is_per_device), (1200.0, "year", False))
        self.assertEqual((gold.billing_interval, gold.billing_timing), ("quarterly", "advance"))
        self.assertAlmostEqual(gold.price_subtotal, 267.0)
        self.assertEqual(contract.package_ids, self.gold, "billing a package grants its services")
        self.assertEqual(len(contract.entitlement_ids), 3, "the inspection, for each device")

    def test_gold_per_device_billed_quarterly(self):
        """Gold at 89.00 a month on three devices, billed quarterly in
        advance: each device 267.00 a quarter, 801.00 together, each invoice
        line naming the package, the device and the period; the invoice
        lists them by period, then device."""
        contract = self.new_service_contract([{"package_id": self.gold.id}])
        two_quarters = self.bill(date(2026, 4, 30)).move_ids.invoice_line_ids.sorted("sequence")
        self.assertEqual(
            [(line.service_contract_billing_date_id.period_start.month, line.name.split("S/N ")[1][:4]) for line in two_quarters],
            [(1, "SN-1"), (1, "SN-2"), (1, "SN-3"), (4, "SN-1"), (4, "SN-2"), (4, "SN-3")],
        )
        two_quarters.move_id.unlink()
        run = self.bill(date(2026, 3, 31))
        lines = self.invoice_lines(run)
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines.mapped("price_unit"), [267.0] * 3)
        self.assertEqual(lines.product_id, self.maintenance_product)
        for line, serial in zip(lines, ("SN-1", "SN-2", "SN-3"), strict=True):
            self.assertIn("Gold", line.name)
            self.assertIn(f"Gold – Analyser, S/N {serial}\n", line.name)
            self.assertIn(f"{contract.name}: 01/01/2026 to 03/31/2026", line.name)
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 801.0)

    def test_prices_convert_exactly_into_each_lines_interval(self):
        """1,200.00 a year billed quarterly is 300.00 a quarter; 100.00 a
        month billed yearly is 1,200.00; a partial period is prorated."""
        contract = self.new_service_contract(
            [
                {"service_id": self.hotline.id},
                {"service_id": self.inspection.id, "price_unit": 100.0, "billing_interval": "yearly"},
            ],
            devices=1,
            date_start=date(2026, 2, 15),
        )
        hotline, inspection = contract.line_ids
        first = contract.billing_date_ids.filtered(lambda d: d.line_id == hotline).sorted("period_start")
        self.assertEqual(
            [(str(d.period_start), d.amount) for d in first[:2]],
            [("2026-02-15", 150.0), ("2026-04-01", 300.0)],
            "300.00 a quarter, the first one from 15 February prorated: 300 * 45 / 90 days",
        )
        yearly = contract.billing_date_ids.filtered(lambda d: d.line_id == inspection).sorted("period_start")
        self.assertEqual(
            [(str(d.period_start), str(d.period_end), d.amount) for d in yearly],
            [
                ("2026-02-15", "2026-12-31", 1052.05),  # 1,200.00 * 320 / 365 days
                ("2027-01-01", "2027-02-14", 147.95),  # 1,200.00 * 45 / 365 days
            ],
        )

    def test_each_line_bills_in_its_own_rhythm(self):
        """The hotline yearly in advance, the maintenance quarterly in
        arrears, on one contract: the month-end runs bill each when due."""
        contract = self.new_service_contract(
            [
                {"service_id": self.hotline.id, "billing_interval": "yearly"},
                {"package_id": self.gold.id, "billing_timing": "arrears"},
            ],
            devices=1,
        )
        hotline, gold = contract.line_ids
        january = self.bill(date(2026, 1, 31))
        self.assertEqual(self.invoice_lines(january).mapped("price_unit"), [1200.0])
        self.assertEqual(january.move_ids.invoice_line_ids.service_contract_billing_date_id.line_id, hotline)
        february = self.bill(date(2026, 2, 28))
        self.assertFalse(february.move_ids)
        march = self.bill(date(2026, 3, 31))
        self.assertEqual(self.invoice_lines(march).mapped("price_unit"), [267.0])
        self.assertEqual(march.move_ids.invoice_line_ids.service_contract_billing_date_id.line_id, gold)
        self.assertEqual(
            sorted(set(contract.billing_date_ids.filtered(lambda d: d.line_id == gold).mapped("date")))[:2],
            [date(2026, 3, 31), date(2026, 6, 30)],
        )

    def test_two_tax_rates_on_one_invoice(self):
        self.new_service_contract(
            [{"package_id": self.gold.id}, {"service_id": self.hotline.id}], devices=1
        )
        run = self.bill(date(2026, 1, 31))
        invoice = run.move_ids
        self.assertEqual(len(invoice), 1)
        by_product = {line.product_id: line for line in invoice.invoice_line_ids}
        self.assertEqual(by_product[self.maintenance_product].tax_ids, self.company_data["default_tax_sale"])
        self.assertEqual(by_product[self.hotline_product].tax_ids, self.tax_7)
        self.assertAlmostEqual(invoice.amount_untaxed, 267.0 + 300.0)
        self.assertAlmostEqual(
            invoice.amount_tax,
            267.0 * self.company_data["default_tax_sale"].amount / 100 + 300.0 * 0.07,
        )
        self.assertEqual(len(invoice.line_ids.filtered(lambda line: line.display_type == "tax")), 2)

    def test_device_added_mid_quarter_is_billed_from_that_day(self):
        contract = self.new_service_contract([{"package_id": self.gold.id}], devices=2)
        self.bill(date(2026, 1, 31))
        device = self.env["service.contract.device"]._unlocked().create(
            {
                "contract_id": contract.id,
                "product_id": self.device_product.id,
                "serial_number": "SN-NEW",
                "date_start": date(2026, 3, 1),
            }
        )
        run = self.bill(date(2026, 3, 31))
        line = run.move_ids.invoice_line_ids
        self.assertEqual(len(line), 1, "only the new device's March is due in the first quarter")
        self.assertEqual(line.service_contract_billing_date_id.device_id, device)
        self.assertAlmostEqual(line.price_subtotal, 91.97, msg="267.00 * 31 / 90 days (March)")
        self.assertIn("SN-NEW", line.name)

    def test_device_removed_mid_quarter_is_refunded_from_that_day(self):
        contract = self.new_service_contract([{"package_id": self.gold.id}], devices=2)
        self.bill(date(2026, 1, 31))
        device = contract.device_ids[1]
        with self.assertRaisesRegex(UserError, "Covered Until"):
            device._unlocked().unlink()
        device._unlocked().date_end = date(2026, 2, 28)
        refund = self.bill(date(2026, 1, 31)).move_ids
        self.assertEqual(refund.move_type, "out_refund")
        self.assertAlmostEqual(refund.amount_untaxed, 91.97, msg="267.00 * 31 / 90 days (March)")
        self.assertIn("SN-2", refund.invoice_line_ids.name)
        later = contract.billing_date_ids.filtered(
            lambda d: d.device_id == device and d.period_start > date(2026, 3, 31)
        )
        self.assertFalse(later, "nothing more is billed for the removed device")

    def test_supplier_contract_bills_the_partners_price(self):
        contract = self.new_service_contract(
            [{"package_id": self.gold.id}], devices=2, direction="supplier", partner_id=self.partner_b.id
        )
        self.assertEqual(contract.line_ids.price_unit, 50.0, "a supplier contract takes the cost")
        bill = self.bill(date(2026, 1, 31)).move_ids
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.partner_b)
        self.assertAlmostEqual(bill.amount_untaxed, 2 * 150.0)

    def test_discount_sections_and_notes(self):
        self.new_service_contract(
            [
                {"display_type": "line_section", "name": "Maintenance"},
                {"package_id": self.gold.id, "discount": 10.0},
                {"display_type": "line_note", "name": "Inspections on site"},
            ],
            devices=1,
        )
        lines = self.bill(date(2026, 1, 31)).move_ids.invoice_line_ids
        self.assertEqual(len(lines), 1, "sections and notes bill nothing")
        self.assertEqual((lines.price_unit, lines.discount), (267.0, 10.0))
        self.assertAlmostEqual(lines.price_subtotal, 240.3)

    def test_one_time_payment_of_a_monthly_price(self):
        one_time = self.new_template("Once", billing_interval="one_time", duration=12)
        contract = self.new_service_contract([{"package_id": self.gold.id}], devices=1, template=one_time)
        dates = contract.billing_date_ids
        self.assertEqual(len(dates), 1)
        self.assertEqual(dates.amount, 12 * 89.0)

    def test_bad_input_is_refused(self):
        with self.assertRaisesRegex(UserError, "has no lines"):
            self.new_service_contract([{"display_type": "line_section", "name": "Nothing billed"}])
        with self.assertRaisesRegex(UserError, "per device"):
            self.new_service_contract([{"package_id": self.gold.id}], devices=0)
        self.gold.product_id = False
        self.inspection.product_id = False
        with self.assertRaisesRegex(ValidationError, "names no invoicing product"):
            self.new_service_contract([{"package_id": self.gold.id}])
        with self.assertRaisesRegex(ValidationError, "not both"):
            self.new_service_contract([{"package_id": self.gold.id, "service_id": self.hotline.id}])
        with self.assertRaisesRegex(ValidationError, "discount"):
            self.new_service_contract([{"service_id": self.hotline.id, "discount": 120.0}])
