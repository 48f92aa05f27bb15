# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestProfitability(BillingCommon):
    """A contract of 100.00 a month whose fee costs 40.00 a month (plan),
    billed and posted for January and February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["service.contract.profitability.report"]
        cls.env.company.service_contract_auto_post = True
        cls.fee.standard_price = 40
        cls.kind = cls.env["service.contract.service.kind"].search([], limit=1)
        cls.visit = cls.env["service.contract.service"].create(
            {"name": "Visit", "kind_id": cls.kind.id, "scope": "customer", "included_quantity": 4, "price": 100}
        )
        cls.package = cls.env["service.contract.package"].create(
            {"name": "Visits", "line_ids": [Command.create({"service_id": cls.visit.id})]}
        )

    def rows(self, contract, **domain):
        return self.Report.search(
            [("contract_id", "=", contract.id), *((key, "=", value) for key, value in domain.items())]
        )

    def figures(self, contract, month):
        """Summed figures of a month."""
        rows = self.rows(contract, date=month)
        return {
            name: round(sum(rows.mapped(name)), 2)
            for name in ("revenue", "cost", "margin", "planned_revenue", "planned_cost", "planned_margin", "deviation")
        }

    def test_actual_against_planned(self):
        contract = self.new_contract()
        self.bill(date(2026, 1, 31))
        self.bill(date(2026, 2, 28))
        self.assertEqual(
            self.figures(contract, date(2026, 1, 1)),
            {
                "revenue": 100.0,
                "cost": 0.0,
                "margin": 100.0,
                "planned_revenue": 100.0,
                "planned_cost": 40.0,
                "planned_margin": 60.0,
                "deviation": 40.0,
            },
        )
        self.assertEqual(self.figures(contract, date(2026, 12, 1))["planned_revenue"], 100.0)
        self.assertFalse(self.rows(contract, date=date(2027, 1, 1)), "planned for the term only")
        row = self.rows(contract, date=date(2026, 1, 1)).filtered("revenue")
        self.assertEqual(row.partner_id, self.partner_a)
        self.assertEqual(row.template_id, self.template)
        self.assertEqual(row.company_id, contract.company_id)
        self.assertEqual(row.currency_id, contract.company_id.currency_id)

    def test_costs_of_usage_and_covering_supplier_contract(self):
        contract = self.new_contract(package_ids=[Command.set(self.package.ids)])
        supplier = self.new_contract(self.partner_b, direction="supplier")
        supplier.covered_contract_ids = contract
        self.bill(date(2026, 1, 31))
        entitlement = contract.entitlement_ids.filtered(lambda e: e.service_id == self.visit)
        entitlement.usage_ids = [Command.create({"date": date(2026, 1, 20), "quantity": 1, "cost": 30})]
        january = self.figures(contract, date(2026, 1, 1))
        self.assertEqual((january["revenue"], january["cost"], january["margin"]), (100.0, 130.0, -30.0))
        usage_row = self.rows(contract, date=date(2026, 1, 1), service_kind_id=self.kind.id)
        self.assertEqual(usage_row.cost, 30, "a usage cost has its service's kind")
        self.assertFalse(self.rows(supplier).filtered("planned_cost"), "a covering supplier contract is not planned")

    def test_revenue_follows_a_deferral_entry(self):
        """A deferral-like entry (HA's engine) moves 50.00 of January's
        invoice line into the deferred revenue account, with the invoice
        line's distribution and a link to it: January's revenue drops, and
        the row keeps the service kind of the line it defers."""
        contract = self.new_contract(
            line_ids=[Command.create({"product_id": self.fee.id, "service_id": self.visit.id, "price_unit": 100})],
        )
        run = self.bill(date(2026, 1, 31))
        invoice_line = run.move_ids.invoice_line_ids
        self.assertEqual(invoice_line.service_contract_billing_date_id.line_id.service_id, self.visit)
        deferred = self.env["account.account"].create(
            {"code": "HC4990", "name": "Deferred revenue", "account_type": "liability_current"}
        )
        distribution = invoice_line.analytic_distribution
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": date(2026, 1, 31),
                "line_ids": [
                    Command.create(
                        {
                            "name": "Deferral",
                            "account_id": invoice_line.account_id.id,
                            "debit": 50,
                            "analytic_distribution": distribution,
                            "service_contract_deferral_source_id": invoice_line.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Deferral",
                            "account_id": deferred.id,
                            "credit": 50,
                            "analytic_distribution": distribution,
                            "service_contract_deferral_source_id": invoice_line.id,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        january = self.rows(contract, date=date(2026, 1, 1)).filtered("revenue")
        self.assertEqual(january.revenue, 50.0, "the deferred half is not January's revenue")
        self.assertEqual(january.service_kind_id, self.kind, "the deferral item keeps the service kind")
        release = entry._reverse_moves([{"date": date(2026, 2, 28)}])
        release.action_post()
        self.assertEqual(self.figures(contract, date(2026, 2, 1))["revenue"], 50.0, "released in February")

    def test_margin_percent_of_groups(self):
        contract = self.new_contract(package_ids=[Command.set(self.package.ids)])
        self.bill(date(2026, 1, 31))
        self.bill(date(2026, 2, 28))
        entitlement = contract.entitlement_ids.filtered(lambda e: e.service_id == self.visit)
        entitlement.usage_ids = [Command.create({"date": date(2026, 1, 20), "quantity": 1, "cost": 90})]
        # January 10 %, February 100 %: the contract's is 55 %, not their average
        groups = self.Report.read_group(
            [("contract_id", "=", contract.id)], ["margin_percent", "revenue"], ["contract_id"]
        )
        self.assertAlmostEqual(groups[0]["margin_percent"], 55.0)

    def test_smart_button(self):
        contract = self.new_contract()
        action = contract.action_view_profitability()
        self.assertEqual(action["res_model"], "service.contract.profitability.report")
        self.assertEqual(action["domain"], [("contract_id", "=", contract.id)])
        self.assertIn("pivot", action["view_mode"])
