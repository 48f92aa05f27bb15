# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A package's new price, applied to running contracts from a date, bills
the billing dates from that date on; the quarter already billed keeps its
price."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestCatalogPriceChangeBilling(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maintenance = cls.env["product.product"].create(
            {
                "name": "Maintenance",
                "type": "service",
                "taxes_id": [Command.set(cls.company_data["default_tax_sale"].ids)],
            }
        )
        hotline = cls.env["service.contract.service"].create(
            {
                "name": "24/7 Hotline",
                "kind_id": cls.env.ref("service_contract.service_kind_hotline").id,
                "scope": "customer",
                "product_id": cls.maintenance.id,
            }
        )
        cls.gold = cls.env["service.contract.package"].create(
            {
                "name": "Gold",
                "price_source": "fixed",
                "price": 89.0,
                "cost": 50.0,
                "price_period": "month",
                "line_ids": [Command.create({"service_id": hotline.id})],
            }
        )
        cls.quarterly = cls.new_template("Quarterly", billing_interval="quarterly")

    def test_new_price_bills_the_quarters_not_yet_billed(self):
        contract = self.new_contract(
            template=self.quarterly,
            line_ids=[
                Command.create({"package_id": self.gold.id}),
                Command.create({"package_id": self.gold.id, "price_period": "year", "price_unit": 1068.0}),
            ],
        )
        monthly, yearly = contract.line_ids
        first = self.bill(date(2026, 3, 31))
        self.assertAlmostEqual(first.move_ids.amount_untaxed, 2 * 267.0, msg="89.00 a month, a quarter")
        self.gold.price = 99.0
        change = self.gold.pending_price_change_id
        self.assertEqual(change.line_ids, contract.line_ids)
        action = self.gold.action_decide_price_change()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        wizard.date_effective = date(2026, 4, 1)
        wizard.action_apply()
        self.assertEqual((monthly.price_unit, yearly.price_unit), (99.0, 1188.0))
        for line in (monthly, yearly):
            dates = {d.period_start: d for d in line.billing_date_ids.filtered(lambda d: d.kind == "regular")}
            q1, q2 = dates[date(2026, 1, 1)], dates[date(2026, 4, 1)]
            self.assertEqual((q1.state, q1.amount), ("billed", 267.0), "the billed quarter keeps its price")
            self.assertEqual((q2.state, q2.amount), ("to_bill", 297.0), "99.00 a month from April")
        self.assertFalse(
            contract.billing_date_ids.filtered(lambda d: d.kind == "correction"),
            "nothing billed from the effective date on, so nothing to correct",
        )
        second = self.bill(date(2026, 6, 30))
        self.assertAlmostEqual(second.move_ids.amount_untaxed, 2 * 297.0)
        self.assertAlmostEqual(first.move_ids.amount_untaxed, 2 * 267.0)
