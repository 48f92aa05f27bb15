# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import ServiceContractCommon


class TestPackage(ServiceContractCommon):
    def test_price_is_the_sum_of_services(self):
        # hotline 30/month + visit 360/year = 60/month
        self.assertAlmostEqual(self.package.price, 60)
        self.assertAlmostEqual(self.package.cost, 12 + 20)
        self.package.price_period = "year"
        self.assertAlmostEqual(self.package.price, 720)
        self.assertAlmostEqual(self.package.price_per_month, 60)

    def test_line_overrides(self):
        line = self.package.line_ids.filtered(lambda line: line.service_id == self.visit)
        self.assertEqual(line.included_quantity, 2)
        self.assertEqual(line.coverage_percent, 100)
        line.write({"included_quantity": 4, "price_per_month": 50, "coverage_percent": 50})
        self.assertAlmostEqual(self.package.price, 80)
        self.assertEqual(self.visit.included_quantity, 2, "the service keeps its own values")

    def test_fixed_price(self):
        self.package.write({"price_source": "fixed", "price": 45, "cost": 20})
        self.package.line_ids[0].price_per_month = 1000
        self.assertEqual(self.package.price, 45)
        self.assertEqual(self.package.cost, 20)

    def test_form_creates_package(self):
        with Form(self.Package.with_user(self.contract_manager)) as form:
            form.name = "Hotline only"
            with form.line_ids.new() as line:
                line.service_id = self.hotline
            self.assertAlmostEqual(form.price, 30)
        self.assertEqual(form.record.service_ids, self.hotline)

    def test_service_once_per_package(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.package.write({"line_ids": [Command.create({"service_id": self.hotline.id})]})

    def test_negative_overrides_are_refused(self):
        line = self.package.line_ids[0]
        for bad in ({"price_per_month": -1}, {"included_quantity": -1}, {"coverage_percent": 120}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    line.write(bad)
                    line.flush_recordset()

    def test_products_carry_packages(self):
        device = self.env["product.template"].create({"name": "Chiller", "type": "consu"})
        self.package.product_tmpl_ids = device
        self.assertEqual(device.service_contract_package_ids, self.package)
        self.assertEqual(self.Package.search([("service_ids", "in", self.visit.ids)]), self.package)

    def test_service_in_package_cannot_be_deleted(self):
        with self.assertRaises(Exception), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.visit.unlink()
        self.assertTrue(self.visit.exists())
