# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import date
from pathlib import Path

from odoo import Command
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestAnalyticAccount(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref("service_contract_billing.analytic_plan_service_contracts")
        cls.chiller = cls.env["product.product"].create({"name": "Chiller", "type": "consu"})

    def distribution(self, *accounts_and_shares):
        return {str(account.id): share for account, share in accounts_and_shares}

    def test_started_contract_gets_its_analytic_account(self):
        draft = self.env["service.contract"].create(
            {"partner_id": self.partner_a.id, "template_id": self.template.id, "date_start": date(2026, 1, 1)}
        )
        self.assertFalse(draft.analytic_account_id, "a draft has none")
        contract = self.new_contract()
        account = contract.analytic_account_id
        self.assertEqual(account.plan_id, self.plan)
        self.assertEqual(account.name, contract.name)
        self.assertEqual(account.partner_id, self.partner_a)
        self.assertEqual(account.company_id, contract.company_id)
        self.assertFalse(contract.copy().analytic_account_id, "not copied")

    def test_invoice_lines_carry_the_distribution(self):
        contract = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(
            run.move_ids.invoice_line_ids.analytic_distribution,
            self.distribution((contract.analytic_account_id, 100)),
        )

    def test_distribution_with_analytic_models(self):
        """An analytic distribution model sends the invoice through create():
        the contract's distribution is kept."""
        other_plan = self.env["account.analytic.plan"].create({"name": "Regions"})
        region = self.env["account.analytic.account"].create({"name": "North", "plan_id": other_plan.id})
        self.env["account.analytic.distribution.model"].create(
            {"partner_id": self.partner_a.id, "analytic_distribution": {str(region.id): 100}}
        )
        contract = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(
            run.move_ids.invoice_line_ids.analytic_distribution,
            self.distribution((contract.analytic_account_id, 100)),
        )

    def test_running_contract_without_account_gets_one_when_billed(self):
        contract = self.new_contract()
        contract.analytic_account_id = False
        run = self.bill(date(2026, 1, 31))
        self.assertTrue(contract.analytic_account_id)
        self.assertEqual(
            run.move_ids.invoice_line_ids.analytic_distribution,
            self.distribution((contract.analytic_account_id, 100)),
        )

    def test_supplier_contract_split_over_covered_contracts(self):
        first = self.new_contract()
        second = self.new_contract(self.partner_b)
        supplier = self.new_contract(self.partner_b, direction="supplier")
        supplier.covered_contract_ids = first | second
        run = self.bill(date(2026, 1, 31))
        bill = run.move_ids.filtered(lambda m: m.move_type == "in_invoice")
        self.assertEqual(
            bill.invoice_line_ids.analytic_distribution,
            self.distribution((first.analytic_account_id, 50), (second.analytic_account_id, 50)),
        )

    def test_supplier_contract_split_by_covered_devices(self):
        first = self.new_contract(
            device_ids=[Command.create({"product_id": self.chiller.id, "serial_number": f"A{n}"}) for n in range(3)]
        )
        second = self.new_contract(
            self.partner_b, device_ids=[Command.create({"product_id": self.chiller.id, "serial_number": "B1"})]
        )
        supplier = self.new_contract(self.partner_b, direction="supplier")
        supplier.covered_contract_ids = first | second
        supplier.covered_device_ids = first.device_ids | second.device_ids
        self.assertEqual(
            supplier._analytic_distribution(),
            self.distribution((first.analytic_account_id, 75), (second.analytic_account_id, 25)),
        )

    def test_supplier_contract_without_covered_contracts(self):
        supplier = self.new_contract(self.partner_b, direction="supplier")
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(
            run.move_ids.invoice_line_ids.analytic_distribution,
            self.distribution((supplier.analytic_account_id, 100)),
        )

    def test_migration_gives_running_contracts_an_account(self):
        contract = self.new_contract()
        draft = self.env["service.contract"].create(
            {"partner_id": self.partner_a.id, "template_id": self.template.id, "date_start": date(2026, 1, 1)}
        )
        contract.analytic_account_id = False
        path = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("sc_billing_post_migrate_1_1", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        contract.invalidate_recordset()
        self.assertTrue(contract.analytic_account_id)
        self.assertFalse(draft.analytic_account_id)

    def test_usage_cost_on_the_analytic_account(self):
        kind = self.env["service.contract.service.kind"].search([], limit=1)
        part = self.env["product.product"].create({"name": "Visit", "type": "service", "standard_price": 80})
        visit = self.env["service.contract.service"].create(
            {"name": "Visit", "kind_id": kind.id, "scope": "customer", "included_quantity": 4, "price": 100, "product_id": part.id}
        )
        package = self.env["service.contract.package"].create(
            {"name": "Visits", "line_ids": [Command.create({"service_id": visit.id})]}
        )
        contract = self.new_contract(package_ids=[Command.set(package.ids)])
        entitlement = contract.entitlement_ids.filtered(lambda e: e.service_id == visit)
        usage = self.env["service.contract.usage"].create(
            {"entitlement_id": entitlement.id, "date": date(2026, 2, 3), "quantity": 2}
        )
        self.assertEqual(usage.cost, 160, "quantity times the product's cost")
        line = usage.analytic_line_id
        self.assertEqual(line.amount, -160)
        self.assertEqual(line.date, date(2026, 2, 3))
        self.assertEqual(line[self.plan._column_name()], contract.analytic_account_id)
        usage.cost = 50
        self.assertEqual(line.amount, -50)
        usage.unlink()
        self.assertFalse(line.exists())
