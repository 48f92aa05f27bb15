# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Monthly and annual recurring revenue (MRR, ARR) by contract and month."""

from collections import defaultdict
from datetime import date

from freezegun import freeze_time

from odoo import Command

from .common import ServiceContractCommon, create_pricelists


@freeze_time("2026-03-10")
class TestMrr(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.Report = cls.env["service.contract.mrr.report"]
        # 1 unit of the company's currency is 1.25 units of the other one.
        other_code = "EUR" if cls.currency.name != "EUR" else "USD"
        cls.other = cls.setup_other_currency(other_code, rates=[("2026-01-01", 1.25)])
        _default, cls.foreign_pricelist = create_pricelists(
            cls.env, cls.currency, cls.other, cls.fee
        )
        cls.customer = cls.env["res.partner"].create({"name": "Clinic West", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Dr. West", "parent_id": cls.customer.id}
        )
        cls.abroad = cls.env["res.partner"].create(
            {
                "name": "Clinique Lyon",
                "is_company": True,
                "property_product_pricelist": cls.foreign_pricelist.id,
            }
        )
        cls.inspection = cls.Service.create(
            {
                "name": "Annual inspection",
                "kind_id": cls.kind_labour.id,
                "price": 1200,
                "cost": 600,
                "price_period": "year",
                "scope": "customer",
                "product_id": cls.fee.id,
            }
        )
        cls.template = cls.Template.create(cls.template_vals())

    def new_contract(self, lines, start=True, **values):
        contract = self.Contract.create(
            {
                "partner_id": self.contact.id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create(line) for line in lines],
                **values,
            }
        )
        if start:
            contract.action_start()
        return contract

    def fee_line(self, price, **values):
        return {"product_id": self.fee.id, "price_unit": price, **values}

    def rows(self, contract):
        """``{month: (mrr, new, expansion, contraction, churned)}`` of a contract."""
        # The rows are a query: forget those read before the contract changed.
        self.Report.invalidate_model()
        records = self.Report.search([("contract_id", "=", contract.id)])
        return {
            r.date: (r.mrr, r.new_mrr, r.expansion_mrr, r.contraction_mrr, r.churned_mrr)
            for r in records
        }

    def test_monthly_contract(self):
        contract = self.new_contract([self.fee_line(100)])
        self.assertEqual(contract.date_end, date(2026, 12, 31))
        rows = self.rows(contract)
        self.assertEqual(sorted(rows), [date(2026, m, 1) for m in range(1, 13)] + [date(2027, 1, 1)])
        self.assertEqual(rows[date(2026, 1, 1)], (100, 100, 0, 0, 0), "new in its first month")
        self.assertEqual(rows[date(2026, 6, 1)], (100, 0, 0, 0, 0))
        self.assertEqual(rows[date(2027, 1, 1)], (0, 0, 0, 0, -100), "churned after its end")
        record = self.Report.search(
            [("contract_id", "=", contract.id), ("date", "=", date(2026, 3, 1))]
        )
        self.assertEqual(record.arr, 1200)
        self.assertEqual(record.partner_id, self.customer, "the commercial partner")
        self.assertEqual(record.template_id, self.template)
        self.assertEqual(record.user_id, contract.user_id)
        self.assertEqual(record.company_id, contract.company_id)
        self.assertEqual(record.currency_id, self.env.company.currency_id)
        self.assertEqual((contract.mrr, contract.arr), (100, 1200), "this month's")

    def test_yearly_price_counts_per_month(self):
        contract = self.new_contract([{"service_id": self.inspection.id}])
        self.assertEqual(contract.line_ids.price_period, "year")
        self.assertEqual(self.rows(contract)[date(2026, 2, 1)][0], 100)
        self.assertEqual((contract.mrr, contract.arr), (100, 1200))

    def test_quantity_discount_and_billing_period(self):
        contract = self.new_contract(
            [self.fee_line(300, quantity=2, discount=10, billing_interval="quarterly")]
        )
        # 2 x 300 per quarter less 10 %: 540 a quarter, 180 a month.
        self.assertEqual(self.rows(contract)[date(2026, 1, 1)][0], 180)

    def test_one_time_sections_drafts_and_supplier_contracts_count_nothing(self):
        one_time = self.new_contract(
            [
                {"display_type": "line_section", "name": "Fees"},
                self.fee_line(1000, billing_interval="one_time"),
            ]
        )
        draft = self.new_contract([self.fee_line(100)], start=False)
        supplier = self.new_contract(
            [self.fee_line(100)], direction="supplier", partner_id=self.customer.id
        )
        contracts = one_time | draft | supplier
        self.assertFalse(self.Report.search([("contract_id", "in", contracts.ids)]))
        self.assertEqual(one_time.mrr, 0)

    def test_expansion_contraction_and_churn_in_their_months(self):
        contract = self.new_contract(
            [
                self.fee_line(100),
                self.fee_line(50, date_start=date(2026, 4, 1)),
                self.fee_line(30, date_start=date(2026, 4, 1), date_end=date(2026, 6, 15)),
            ]
        )
        rows = self.rows(contract)
        self.assertEqual(rows[date(2026, 3, 1)], (100, 0, 0, 0, 0))
        self.assertEqual(rows[date(2026, 4, 1)], (180, 0, 80, 0, 0), "lines added in April")
        self.assertEqual(rows[date(2026, 6, 1)], (180, 0, 0, 0, 0), "runs some days of June")
        self.assertEqual(rows[date(2026, 7, 1)], (150, 0, 0, -30, 0), "a line ended in June")
        self.assertEqual(rows[date(2027, 1, 1)], (0, 0, 0, 0, -150))
        # Each month's MRR is the last month's plus the movements.
        previous = 0
        for month in sorted(rows):
            mrr, *movements = rows[month]
            self.assertEqual(mrr, previous + sum(movements), month)
            previous = mrr

    def test_terminated_contract_churns_after_its_end(self):
        self.template.is_open_ended = True
        contract = self.new_contract([self.fee_line(100)])
        self.assertFalse(contract.date_end)
        rows = self.rows(contract)
        # Open-ended: counted up to 12 months after this month, no churn.
        self.assertEqual(max(rows), date(2027, 3, 1))
        self.assertFalse(any(row[4] for row in rows.values()))
        contract.terminate(contract.earliest_end_date)
        end = contract.date_end
        churn_month = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        rows = self.rows(contract)
        self.assertEqual(max(rows), churn_month)
        self.assertEqual(rows[churn_month], (0, 0, 0, 0, -100))

    def test_totals_by_month_are_the_sum_over_contracts(self):
        contracts = (
            self.new_contract([self.fee_line(100)])
            | self.new_contract([{"service_id": self.inspection.id}], date_start=date(2026, 3, 1))
            | self.new_contract(
                [self.fee_line(40, quantity=3)],
                date_start=date(2026, 2, 15),
                partner_id=self.env["res.partner"].create({"name": "Lab East"}).id,
            )
        )
        expected = defaultdict(lambda: defaultdict(float))
        for contract in contracts:
            for month, row in self.rows(contract).items():
                for name, amount in zip(
                    ("mrr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"),
                    row,
                    strict=True,
                ):
                    expected[month][name] += amount
        groups = self.Report.read_group(
            [("contract_id", "in", contracts.ids)],
            ["mrr:sum", "arr:sum", "new_mrr:sum", "churned_mrr:sum"],
            ["date:month"],
            lazy=False,
        )
        self.assertEqual(len(groups), 15, "January 2026 to March 2027")
        by_month = {
            self.Report.search(group["__domain"], limit=1).date: group for group in groups
        }
        for month, totals in expected.items():
            group = by_month[month]
            self.assertAlmostEqual(group["mrr"], totals["mrr"], places=2)
            self.assertAlmostEqual(group["arr"], totals["mrr"] * 12, places=2)
            self.assertAlmostEqual(group["new_mrr"], totals["new_mrr"], places=2)
            self.assertAlmostEqual(group["churned_mrr"], totals["churned_mrr"], places=2)
        self.assertEqual(by_month[date(2026, 3, 1)]["mrr"], 320)
        self.assertEqual(by_month[date(2026, 3, 1)]["new_mrr"], 100)

    def test_foreign_currency_is_converted(self):
        contract = self.new_contract([self.fee_line(125)], partner_id=self.abroad.id)
        self.assertEqual(contract.currency_id, self.other)
        row = self.rows(contract)[date(2026, 1, 1)]
        self.assertEqual(row[0], 100, "125 in the other currency at 1.25")
        self.assertEqual((contract.mrr, contract.arr), (100, 1200))

    def test_action_from_the_contract(self):
        contract = self.new_contract([self.fee_line(100)])
        action = contract.action_view_mrr()
        self.assertEqual(action["res_model"], "service.contract.mrr.report")
        self.assertEqual(self.Report.search_count(action["domain"]), 13)

    def test_views_and_menu(self):
        views = self.Report.get_views(
            [(False, "graph"), (False, "pivot"), (False, "list"), (False, "search")]
        )
        self.assertEqual(set(views["views"]), {"graph", "pivot", "list", "search"})
        for xmlid in (
            "service_contract.service_contract_mrr_report_menu",
            "service_contract.service_contract_mrr_report_action_contracts",
            "service_contract.service_contract_mrr_report_action_movements",
        ):
            self.assertTrue(self.env.ref(xmlid))
        form = self.Contract.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="mrr"', form)
        self.assertIn('name="arr"', form)
        # The pivot and graph read the report grouped by month, as a user
        # of the contracts app.
        contract = self.new_contract([self.fee_line(100)])
        groups = self.Report.with_user(self.contract_user).web_read_group(
            [
                ("contract_id", "=", contract.id),
                ("date", ">=", date(2026, 1, 1)),
                ("date", "<=", date(2026, 12, 31)),
            ],
            ["mrr:sum", "churned_mrr:sum"],
            ["date:month"],
        )
        self.assertEqual(groups["length"], 12)
        self.assertEqual({group["mrr"] for group in groups["groups"]}, {100})
