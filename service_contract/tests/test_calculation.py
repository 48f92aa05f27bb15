# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

from .common import ServiceContractCommon


class TestCalculation(ServiceContractCommon):
    """Running calculation: planned revenue, cost and margin of contract
    lines and contracts, and the report by template, customer and kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.Report = cls.env["service.contract.calculation.report"]
        cls.customer = cls.env["res.partner"].create({"name": "Clinic West", "is_company": True})
        cls.service_partner = cls.env["res.partner"].create(
            {"name": "Cooling Experts", "is_company": True}
        )
        cls.invoicing = cls.env["product.product"].create(
            {"name": "Maintenance services", "type": "service"}
        )
        cls.device_product = cls.env["product.product"].create(
            {"name": "Infusion pump", "type": "consu"}
        )
        cls.remote = cls.new_service(
            "Remote diagnosis", cls.kind_hotline, price=29, cost=20, scope="device"
        )
        cls.maintenance = cls.new_service(
            "Preventive maintenance", cls.kind_labour, price=60, cost=30, scope="device"
        )
        cls.gold = cls.Package.create(
            {
                "name": "Gold",
                "line_ids": [
                    Command.create({"service_id": cls.remote.id}),
                    Command.create({"service_id": cls.maintenance.id}),
                ],
            }
        )
        cls.inspection = cls.new_service(
            "Annual inspection", cls.kind_labour, price=1200, cost=600, price_period="year"
        )
        cls.cooling = cls.new_service(
            "Cooling repair",
            cls.kind_labour,
            price=40,
            cost=25,
            provider="partner",
            partner_id=cls.service_partner.id,
        )
        cls.fee.standard_price = 40
        cls.template = cls.Template.create(
            cls.template_vals(package_ids=[Command.set(cls.gold.ids)])
        )

    @classmethod
    def new_service(cls, name, kind, price, cost, **values):
        return cls.Service.create(
            {
                "name": name,
                "kind_id": kind.id,
                "price": price,
                "cost": cost,
                "price_period": "month",
                "scope": "customer",
                "product_id": cls.invoicing.id,
                **values,
            }
        )

    def new_contract(self, lines, devices=3, **values):
        return self.Contract.create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create(line) for line in lines],
                "device_ids": [
                    Command.create({"product_id": self.device_product.id}) for _i in range(devices)
                ],
                **values,
            }
        )

    def assertPlanned(self, record, revenue, cost, period="monthly"):
        self.assertAlmostEqual(record[f"planned_revenue_{period}"], revenue, places=2)
        self.assertAlmostEqual(record[f"planned_cost_{period}"], cost, places=2)
        self.assertAlmostEqual(record[f"planned_margin_{period}"], revenue - cost, places=2)

    def test_package_per_device(self):
        contract = self.new_contract([{"package_id": self.gold.id}])
        line = contract.line_ids
        self.assertEqual((line.price_unit, line.price_period), (89, "month"))
        self.assertEqual(line.cost_unit, 50)
        self.assertEqual(line.device_count, 3)
        self.assertPlanned(line, 267, 150)
        self.assertPlanned(contract, 267, 150)
        self.assertAlmostEqual(contract.planned_margin_percent_monthly, 43.8, places=1)
        self.assertEqual(contract.date_end, date(2026, 12, 31))
        self.assertPlanned(line, 3204, 1800, "term")
        self.assertPlanned(contract, 3204, 1800, "term")
        self.assertAlmostEqual(contract.planned_margin_percent_term, 43.8, places=1)
        # A fourth device is billed and costs too.
        contract.device_ids = [Command.create({"product_id": self.device_product.id})]
        self.assertPlanned(contract, 356, 200)

    def test_yearly_price_counts_per_month(self):
        contract = self.new_contract([{"service_id": self.inspection.id}])
        line = contract.line_ids
        self.assertEqual((line.price_unit, line.price_period, line.cost_unit), (1200, "year", 600))
        self.assertPlanned(contract, 100, 50)
        self.assertPlanned(contract, 1200, 600, "term")
        # Priced per quarter instead: the catalog's cost is converted.
        line.price_period = "quarter"
        self.assertEqual(line.cost_unit, 150)
        line.price_unit = 330
        self.assertPlanned(contract, 110, 50)

    def test_discount_reduces_revenue(self):
        contract = self.new_contract([{"package_id": self.gold.id, "discount": 10}])
        self.assertPlanned(contract, 240.30, 150)
        self.assertAlmostEqual(contract.planned_margin_percent_monthly, 37.6, places=1)

    def test_billing_product_and_cost_by_hand(self):
        contract = self.new_contract([{"product_id": self.fee.id, "quantity": 2}])
        line = contract.line_ids
        self.assertEqual((line.price_period, line.cost_unit), ("period", 40))
        self.assertPlanned(contract, 200, 80)
        line.cost_unit = 55
        self.assertPlanned(contract, 200, 110)
        # Billed quarterly, the product's prices are per quarter.
        line.write({"billing_interval": "quarterly", "price_unit": 300})
        self.assertEqual(line.cost_unit, 40, "proposed again for the new period")
        self.assertPlanned(contract, 200, 80 / 3)

    def test_one_time_payment_spread_over_the_term(self):
        contract = self.new_contract(
            [
                {
                    "product_id": self.fee.id,
                    "price_unit": 1800,
                    "billing_interval": "one_time",
                    "date_start": date(2026, 7, 1),
                }
            ]
        )
        line = contract.line_ids
        self.assertEqual(line.cost_unit, 40, "the product's cost per billing period: the term")
        self.assertPlanned(line, 300, 40 / 6)
        self.assertPlanned(line, 1800, 40, "term")

    def test_external_partner_service_costs_its_price(self):
        contract = self.new_contract([{"service_id": self.cooling.id}])
        self.assertEqual(contract.line_ids.cost_unit, 25)
        self.assertPlanned(contract, 40, 25)

    def test_supplier_contract_is_cost_only(self):
        contract = self.new_contract(
            [{"service_id": self.cooling.id}],
            direction="supplier",
            partner_id=self.service_partner.id,
        )
        self.assertEqual(contract.line_ids.price_unit, 25, "what the partner charges us")
        self.assertPlanned(contract, 0, 25)
        self.assertPlanned(contract, 0, 300, "term")
        self.assertEqual(contract.planned_margin_percent_monthly, 0)

    def test_open_ended_counts_twelve_months_and_sections_nothing(self):
        self.template.is_open_ended = True
        contract = self.new_contract(
            [
                {"display_type": "line_section", "name": "Services"},
                {"service_id": self.inspection.id},
                {"product_id": self.fee.id, "date_end": date(2026, 3, 31)},
            ]
        )
        self.assertFalse(contract.date_end)
        section, inspection, fee = contract.line_ids
        self.assertPlanned(section, 0, 0)
        self.assertPlanned(section, 0, 0, "term")
        self.assertPlanned(inspection, 1200, 600, "term")
        self.assertPlanned(fee, 300, 120, "term")
        self.assertPlanned(contract, 200, 90)
        self.assertPlanned(contract, 1500, 720, "term")

    def test_line_term_within_the_contract(self):
        contract = self.new_contract(
            [{"service_id": self.inspection.id, "date_start": date(2026, 10, 16)}]
        )
        # October 16 to December 31: 2 months and 16 of December's 31 days.
        self.assertAlmostEqual(contract.planned_revenue_term, 100 * (2 + 16 / 31), places=2)

    def test_form_proposes_the_cost(self):
        with Form(self.Contract.with_user(self.contract_user)) as form:
            form.partner_id = self.customer
            form.template_id = self.template
            form.date_start = date(2026, 1, 1)
            with form.line_ids.new() as line:
                line.service_id = self.inspection
                self.assertEqual(line.cost_unit, 600)
        self.assertPlanned(form.record, 100, 50)

    def test_report_splits_packages_by_kind(self):
        contract = self.new_contract(
            [
                {"display_type": "line_section", "name": "Services"},
                {"package_id": self.gold.id},
                {"service_id": self.inspection.id},
                {"product_id": self.fee.id},
            ]
        )
        rows = self.Report.search([("contract_id", "=", contract.id)])
        self.assertEqual(len(rows), 4, "two package services, a service and a product")
        package_rows = rows.filtered("package_id")
        self.assertEqual(package_rows.kind_id, self.kind_hotline | self.kind_labour)
        by_service = {row.service_id: row for row in package_rows}
        # 267.00 split 29:60, 150.00 split 20:30.
        self.assertPlanned(by_service[self.remote], 87, 60)
        self.assertPlanned(by_service[self.maintenance], 180, 90)
        self.assertFalse(rows.filtered(lambda row: row.product_id == self.fee).kind_id)
        self.assertEqual(rows.partner_id, self.customer)
        self.assertEqual(rows.template_id, self.template)
        for period in ("monthly", "term"):
            for figure in ("revenue", "cost", "margin"):
                name = f"planned_{figure}_{period}"
                self.assertAlmostEqual(sum(rows.mapped(name)), contract[name], places=2)
        revenue_by_kind = {
            kind.id: revenue
            for kind, revenue in self.Report._read_group(
                [("contract_id", "=", contract.id)], ["kind_id"], ["planned_revenue_monthly:sum"]
            )
        }
        self.assertAlmostEqual(revenue_by_kind[self.kind_labour.id], 180 + 100, places=2)
        self.assertAlmostEqual(revenue_by_kind[self.kind_hotline.id], 87, places=2)
        self.assertAlmostEqual(revenue_by_kind[False], 100, places=2)
        action = rows[0].action_open_contract()
        self.assertEqual((action["res_model"], action["res_id"]), ("service.contract", contract.id))

    def test_report_services_without_price_share_equally(self):
        self.gold.line_ids.write({"price_per_month": 0})
        self.gold.write({"price_source": "fixed", "price": 100})
        contract = self.new_contract([{"package_id": self.gold.id}], devices=1)
        rows = self.Report.search([("contract_id", "=", contract.id)])
        self.assertEqual(rows.mapped("planned_revenue_monthly"), [50, 50])
        self.assertEqual(sorted(rows.mapped("planned_cost_monthly")), [20, 30])

    def test_report_is_per_company(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Calculation Company B"})
        user = new_test_user(
            self.env,
            login="sc_calc_two_companies",
            groups="service_contract.service_contract_group_user",
            company_id=company_a.id,
            company_ids=[Command.set((company_a | company_b).ids)],
        )
        contract_a = self.new_contract([{"product_id": self.fee.id}])
        template_b = self.Template.create(self.template_vals(company_id=company_b.id))
        contract_b = self.new_contract(
            [{"product_id": self.fee.id}], company_id=company_b.id, template_id=template_b.id
        )
        domain = [("contract_id", "in", (contract_a | contract_b).ids)]
        env_a = self.env(user=user, context={"allowed_company_ids": company_a.ids})
        rows_a = env_a[self.Report._name].search(domain)
        self.assertEqual(rows_a.contract_id, contract_a)
        self.assertEqual(rows_a.company_id, company_a)
        row_b = self.Report.search([("contract_id", "=", contract_b.id)])
        with self.assertRaises(AccessError):
            row_b.with_env(env_a).check_access("read")
        env_ab = self.env(
            user=user, context={"allowed_company_ids": (company_a | company_b).ids}
        )
        self.assertEqual(env_ab[self.Report._name].search(domain).contract_id, contract_a | contract_b)
        self.assertEqual(env_ab[self.Report._name].search(domain).company_id, company_a | company_b)
        with self.assertRaises(AccessError):
            row_b.with_env(env_ab).write({"planned_cost_monthly": 0})
