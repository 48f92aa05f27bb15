# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Price changes of service packages and single services ask, like a
billing product's, whether running contracts take the new price: customer
contracts for the sales price, supplier contracts for the cost, each line
in its own price period, each company for its own contracts."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common import ServiceContractCommon


@freeze_time("2026-01-05")
class TestCatalogPriceChange(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Practice West"})
        cls.vendor = cls.env["res.partner"].create({"name": "Service Partner North"})
        cls.invoicing = cls.env["product.product"].create({"name": "Maintenance", "type": "service"})
        cls.hotline.product_id = cls.invoicing
        cls.visit.product_id = cls.invoicing
        cls.gold = cls.Package.create(
            {
                "name": "Gold",
                "price_source": "fixed",
                "price": 89.0,
                "cost": 50.0,
                "price_period": "month",
                "product_id": cls.invoicing.id,
                "line_ids": [Command.create({"service_id": cls.hotline.id})],
            }
        )
        cls.template = cls.Template.create(cls.template_vals())
        cls.device = cls.env["product.product"].create({"name": "Autoclave", "type": "consu"})
        cls.monthly = cls.new_contract([{"package_id": cls.gold.id}])
        cls.yearly = cls.new_contract(
            [{"package_id": cls.gold.id, "price_period": "year", "price_unit": 1068.0}]
        )
        cls.draft = cls.new_contract([{"package_id": cls.gold.id}], start=False)
        cls.supplier = cls.new_contract(
            [{"package_id": cls.gold.id}], partner_id=cls.vendor.id, direction="supplier"
        )

    @classmethod
    def new_contract(cls, lines, start=True, **values):
        contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create(line) for line in lines],
                "device_ids": [Command.create({"product_id": cls.device.id})],
                **values,
            }
        )
        if start:
            contract.action_start()
        return contract

    def wizard(self, record, env=None):
        action = record.with_env(env or record.env).action_decide_price_change()
        Wizard = (env or self.env)[action["res_model"]].with_context(**action["context"])
        return Wizard.create({})

    def prices(self, *contracts):
        return [contract.line_ids.price_unit for contract in contracts]

    def test_package_price_change_is_asked_and_applied(self):
        self.assertEqual(self.monthly.line_ids.price_unit, 89.0)
        self.gold.price = 99.0
        change = self.gold.pending_price_change_id
        self.assertEqual(
            (change.old_price, change.old_price_period, change.new_price, change.new_price_period),
            (89.0, "month", 99.0, "month"),
        )
        self.assertEqual(change.direction, "customer")
        self.assertEqual(
            change.line_ids,
            (self.monthly | self.yearly).line_ids,
            "the running customer contracts' lines of the package, whatever their own price",
        )
        self.assertIn("Gold", change.summary)
        self.assertEqual(change.currency_id, self.gold.currency_id)
        self.assertEqual(len(self.gold.price_change_ids), 1, "the cost did not change")
        wizard = self.wizard(self.gold)
        self.assertEqual(wizard.line_count, 2)
        wizard.date_effective = date(2026, 4, 1)
        wizard.action_apply()
        self.assertEqual(
            self.prices(self.monthly, self.yearly, self.draft, self.supplier),
            [99.0, 1188.0, 89.0, 50.0],
            "each line in its own price period; drafts and supplier contracts unchanged",
        )
        self.assertEqual(self.yearly.line_ids.price_period, "year")
        self.assertEqual((change.state, change.date_effective), ("applied", date(2026, 4, 1)))
        self.assertFalse(self.gold.pending_price_change_id)
        with self.assertRaisesRegex(UserError, "already been decided"):
            wizard.action_keep()

    def test_one_time_payment_per_billing_period_changes_in_proportion(self):
        """A line paying its whole term at once for a price per billing
        period has no months to convert by: 89.00 -> 99.00 a month makes
        its 1,068.00 1,188.00."""
        contract = self.new_contract(
            [
                {
                    "package_id": self.gold.id,
                    "billing_interval": "one_time",
                    "price_period": "period",
                    "price_unit": 1068.0,
                }
            ],
            date_end=date(2026, 12, 31),
        )
        self.gold.price = 99.0
        self.wizard(self.gold).action_apply()
        self.assertEqual(contract.line_ids.price_unit, 1188.0)

    def test_keep_prices(self):
        self.gold.price = 99.0
        change = self.gold.pending_price_change_id
        self.wizard(self.gold).action_keep()
        self.assertEqual(change.state, "kept")
        self.assertEqual(self.prices(self.monthly, self.yearly), [89.0, 1068.0])

    def test_second_change_updates_the_question(self):
        self.gold.price = 99.0
        self.gold.write({"price": 300.0, "price_period": "quarter"})
        change = self.gold.price_change_ids.filtered(lambda c: c.direction == "customer")
        self.assertEqual(len(change), 1)
        self.assertEqual(
            (change.old_price, change.old_price_period, change.new_price, change.new_price_period),
            (89.0, "month", 300.0, "quarter"),
        )

    def test_price_period_change_is_a_price_change(self):
        self.gold.write({"price": 267.0, "cost": 150.0, "price_period": "quarter"})
        self.assertFalse(self.gold.price_change_ids, "89.00 a month is 267.00 a quarter")
        self.gold.price_period = "year"
        self.assertEqual(
            sorted(self.gold.price_change_ids.mapped("direction")),
            ["customer", "supplier"],
            "the period changes what price and cost mean",
        )
        customer = self.gold.price_change_ids.filtered(lambda c: c.direction == "customer")
        self.assertEqual(
            (customer.old_price, customer.old_price_period, customer.new_price, customer.new_price_period),
            (267.0, "quarter", 267.0, "year"),
        )
        wizard = self.env["service.contract.price.change.wizard"].create({"price_change_id": customer.id})
        wizard.action_apply()
        self.assertEqual(self.prices(self.monthly, self.yearly), [22.25, 267.0])
        self.assertEqual(self.monthly.line_ids.price_period, "month")
        self.assertEqual(self.gold.pending_price_change_id.direction, "supplier")
        self.wizard(self.gold).action_apply()
        self.assertEqual(self.supplier.line_ids.price_unit, 12.5, "150.00 a year is 12.50 a month")

    def test_supplier_lines_follow_the_cost(self):
        self.gold.cost = 55.0
        change = self.gold.pending_price_change_id
        self.assertEqual(change.direction, "supplier")
        self.assertEqual(change.line_ids, self.supplier.line_ids)
        self.assertEqual(len(self.gold.price_change_ids), 1, "the sales price did not change")
        self.assertIn("cost", change.summary)
        self.wizard(self.gold).action_apply()
        self.assertEqual(self.prices(self.monthly, self.supplier), [89.0, 55.0])

    def test_single_service_price_change(self):
        contract = self.new_contract([{"service_id": self.visit.id}])
        self.assertEqual((contract.line_ids.price_unit, contract.line_ids.price_period), (360.0, "year"))
        self.visit.write({"price": 40.0, "price_period": "month"})
        change = self.visit.pending_price_change_id
        self.assertEqual(change.line_ids, contract.line_ids)
        self.wizard(self.visit).action_apply()
        self.assertEqual(contract.line_ids.price_unit, 480.0, "40.00 a month is 480.00 a year")

    def test_service_price_change_reaches_a_package_priced_by_its_services(self):
        own_price = self.Package.create(
            {
                "name": "Negotiated",
                "product_id": self.invoicing.id,
                "line_ids": [Command.create({"service_id": self.hotline.id, "price_per_month": 25.0})],
            }
        )
        standard_contract = self.new_contract([{"package_id": self.package.id}])
        negotiated_contract = self.new_contract([{"package_id": own_price.id}])
        hotline_contract = self.new_contract([{"service_id": self.hotline.id}])
        self.assertEqual(self.package.price, 60.0, "hotline 30.00 and visit 30.00 a month")
        self.hotline.price = 45.0
        self.assertEqual(self.package.price, 75.0)
        self.assertEqual(own_price.price, 25.0, "the package's own price for the service stays")
        self.assertEqual(self.gold.price, 89.0, "a fixed price stays")
        change = self.package.pending_price_change_id
        self.assertEqual((change.old_price, change.new_price), (60.0, 75.0))
        self.assertEqual(change.line_ids, standard_contract.line_ids)
        self.assertFalse(own_price.price_change_ids | self.gold.price_change_ids)
        self.assertEqual(self.hotline.pending_price_change_id.line_ids, hotline_contract.line_ids)
        self.wizard(self.package).action_apply()
        self.assertEqual(self.prices(standard_contract, negotiated_contract), [75.0, 25.0])
        self.assertEqual(hotline_contract.line_ids.price_unit, 30.0, "its own question is pending")

    def test_no_question_without_running_contracts(self):
        unused = self.Package.create(
            {"name": "Unused", "price_source": "fixed", "price": 10.0, "product_id": self.invoicing.id}
        )
        unused.price = 20.0
        self.assertFalse(unused.price_change_ids)
        self.gold.name = "Gold Plus"
        self.assertFalse(self.gold.price_change_ids)

    def test_each_company_decides_for_its_own(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Service Company B"})
        template_b = self.Template.create(self.template_vals(company_id=company_b.id))
        contract_b = self.new_contract(
            [{"package_id": self.gold.id}], company_id=company_b.id, template_id=template_b.id
        )
        self.gold.price = 99.0
        changes = self.gold.price_change_ids
        self.assertEqual(changes.company_id, company_a | company_b)
        change_b = changes.filtered(lambda change: change.company_id == company_b)
        self.assertEqual(change_b.line_ids, contract_b.line_ids)
        env_a = self.env(context=dict(self.env.context, allowed_company_ids=company_a.ids))
        env_ab = self.env(context=dict(self.env.context, allowed_company_ids=(company_a | company_b).ids))
        self.assertEqual(self.gold.with_env(env_a).pending_price_change_id, changes - change_b)
        self.wizard(self.gold, env_a).action_apply()
        self.assertEqual(self.prices(self.monthly, contract_b), [99.0, 89.0])
        self.assertEqual(change_b.state, "pending")
        wizard = env_ab["service.contract.price.change.wizard"].create({"price_change_id": change_b.id})
        with self.assertRaisesRegex(UserError, "Service Company B"):
            wizard.action_apply()
        env_b = self.env(context=dict(self.env.context, allowed_company_ids=company_b.ids))
        self.wizard(self.gold, env_b).action_apply()
        self.assertEqual(contract_b.line_ids.price_unit, 99.0)

    @mute_logger("odoo.sql_db")
    def test_a_change_concerns_one_thing(self):
        Change = self.env["service.contract.price.change"]
        for items in (
            {},
            {"package_id": self.gold.id, "service_id": self.hotline.id},
            {"package_id": self.gold.id, "product_tmpl_id": self.fee.product_tmpl_id.id},
        ):
            with self.subTest(items=items), self.assertRaises(IntegrityError), self.cr.savepoint():
                Change.create({"old_price": 1.0, "new_price": 2.0, **items})
