# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date, datetime
from unittest.mock import patch

import openpyxl  # test-requirements.txt
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from ..wizards.service_contract_analysis_xlsx import (
    ServiceContractAnalysisXlsx,
    excel_date_format,
    excel_sheet_name,
)
from .common import BillingCommon

WIZARD = "service.contract.analysis.xlsx"
SHEETS_EN = ["Contracts", "Billing by Month", "MRR by Month", "Profitability", "Deferrals"]
SHEETS_DE = ["Verträge", "Abrechnung nach Monat", "MRR nach Monat", "Nachkalkulation", "Rechnungsabgrenzung"]
CONTRACT_HEADERS_EN = [
    "Number", "Partner", "Template", "State", "Start", "End", "Notice By", "Devices", "MRR",
    "Billed", "Deferred Balance", "Planned Cost", "Actual Cost", "Margin",
]
CONTRACT_HEADERS_DE = [
    "Nummer", "Partner", "Vorlage", "Status", "Beginn", "Ende", "Kündigung bis", "Geräte", "MRR",
    "Abgerechnet", "Abgegrenzter Saldo", "Geplante Kosten", "Ist-Kosten", "Marge",
]


def data_rows(sheet):
    """The rows below the header up to the total row (first cell "Total")."""
    rows = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] in ("Total", "Gesamt"):
            break
        rows.append(row)
    return rows


def total_row(sheet):
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] in ("Total", "Gesamt"):
            return row
    return None


@tagged("post_install", "-at_install")
@freeze_time("2026-04-05")
class TestAnalysisXlsx(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarterly = cls.new_template("Quarterly", billing_interval="quarterly")
        cls.accountant = cls.env["res.users"].create(
            {
                "name": "Buchhalterin",
                "login": "sc_he_accountant",
                "lang": "en_US",
                "company_id": cls.env.company.id,
                "company_ids": [Command.set(cls.env.company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref("account.group_account_invoice").id,
                            cls.env.ref("service_contract.service_contract_group_user").id,
                        ]
                    )
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self.contract_a = self.new_contract()
        self.contract_a2 = self.new_contract(template=self.quarterly)
        self.contract_b = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 3, 31))
        self.invoices = run.move_ids
        self.invoices.invoice_date = date(2026, 2, 10)
        self.invoices.action_post()
        # A credit note of partner B's invoice made by Reverse: it counts
        # negative for the contract of the lines it reverses.
        invoice_b = self.invoices.filtered(lambda m: m.partner_id == self.partner_b)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice_b.ids)
            .create({"journal_id": invoice_b.journal_id.id, "date": date(2026, 3, 20)})
        )
        reversal.refund_moves()
        self.credit_note = reversal.new_move_ids
        self.credit_note.action_post()
        # Billed, but not posted: not counted.
        self.draft = self.bill(date(2026, 4, 30)).move_ids

    def export(self, user=None, formulas=False, **values):
        Wizard = self.env[WIZARD].with_user(user) if user else self.env[WIZARD]
        wizard = Wizard.create({"date_from": date(2026, 1, 1), "date_to": date(2026, 4, 30), **values})
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "download")
        self.assertIn(f"model={WIZARD}&id={wizard.id}&field=xlsx_file", action["url"])
        self.assertIn("download=true", action["url"])
        self.assertTrue(wizard.xlsx_filename.endswith(".xlsx"))
        # data_only: the values xlsxwriter stored with the total formulas.
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)), data_only=not formulas)

    def posted_untaxed(self):
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        return moves, sum(moves.mapped("amount_untaxed_signed"))

    def test_sheets_headers_and_layout(self):
        book = self.export()
        self.assertEqual(book.sheetnames, SHEETS_EN)
        contracts = book["Contracts"]
        self.assertEqual([c.value for c in contracts[1]], CONTRACT_HEADERS_EN)
        for sheet in book.worksheets:
            self.assertEqual(sheet.freeze_panes, "B2" if sheet.title == "Billing by Month" else "A2")
            self.assertTrue(sheet.auto_filter.ref, f"{sheet.title} has an autofilter")
        self.assertEqual(contracts.auto_filter.ref, "A1:N4")
        self.assertEqual(len(book["MRR by Month"]._charts), 1, "MRR by month as a line")
        self.assertEqual(book["MRR by Month"]._charts[0].tagname, "lineChart")
        self.assertEqual(len(book["Profitability"]._charts), 1, "margin by template as bars")
        self.assertEqual(book["Profitability"]._charts[0].tagname, "barChart")
        self.assertEqual(
            [c.value for c in book["Profitability"][1]],
            ["Template", "Service Kind", "Revenue", "Cost", "Margin", "Margin %"],
        )
        self.assertEqual(
            [c.value for c in book["Deferrals"][1]],
            ["Contract", "Partner", "Invoice", "Kind", "Deferred Balance"],
        )
        self.assertGreater(contracts.column_dimensions["B"].width, 20)
        self.assertEqual(contracts["E2"].number_format, excel_date_format("%m/%d/%Y"))
        self.assertIn("#,##0.00", contracts["J2"].number_format)
        months = [c.value for c in book["Billing by Month"][1]]
        self.assertEqual(
            months,
            ["Partner", *(datetime(2026, month, 1) for month in range(1, 5)), "Total"],
        )

    def test_contracts_sheet_rows_and_billed_totals(self):
        book = self.export()
        rows = {row[0]: row for row in data_rows(book["Contracts"])}
        self.assertEqual(
            set(rows), {self.contract_a.name, self.contract_a2.name, self.contract_b.name}
        )
        row = rows[self.contract_a2.name]
        self.assertEqual(row[1], self.partner_a.display_name)
        self.assertEqual(row[2], "Quarterly")
        self.assertEqual(row[3], "Running")
        self.assertEqual(row[4], datetime(2026, 1, 1))
        self.assertEqual(row[5], datetime.combine(self.contract_a2.date_end, datetime.min.time()))
        notice_by = date.fromordinal(self.contract_a2.date_end.toordinal() - self.contract_a2.notice_period_days)
        self.assertEqual(row[6], datetime.combine(notice_by, datetime.min.time()))
        self.assertEqual(row[7], 0)
        # Billed in the range: the posted invoices' untaxed amounts, credit notes negative.
        moves, untaxed = self.posted_untaxed()
        self.assertIn(self.credit_note, moves)
        self.assertNotIn(self.draft[:1], moves)
        self.assertAlmostEqual(rows[self.contract_a.name][9], 300)
        quarter = self.env["account.move.line"].search(
            [("service_contract_billing_date_id.contract_id", "=", self.contract_a2.id), ("parent_state", "=", "posted")]
        )
        self.assertEqual(len(quarter), 1, "one quarter in advance")
        self.assertAlmostEqual(rows[self.contract_a2.name][9], -quarter.balance)
        self.assertAlmostEqual(rows[self.contract_b.name][9], 0, msg="invoiced and refunded")
        billed = sum(row[9] for row in rows.values())
        self.assertAlmostEqual(billed, untaxed)
        self.assertAlmostEqual(billed, 300 - quarter.balance)
        total = total_row(book["Contracts"])
        self.assertAlmostEqual(total[9], untaxed)
        book = self.export(formulas=True)
        self.assertEqual(book["Contracts"].cell(len(rows) + 2, 10).value, f"=SUM(J2:J{len(rows) + 1})")

    def test_billing_by_month(self):
        book = self.export()
        sheet = book["Billing by Month"]
        rows = {row[0]: row for row in data_rows(sheet)}
        self.assertEqual(set(rows), {self.partner_a.display_name, self.partner_b.display_name})
        # The invoices are of February 10th, the credit note of March 20th.
        quarter = -self.contract_a2.billing_date_ids.invoice_line_id.filtered(
            lambda line: line.parent_state == "posted"
        ).balance
        self.assertEqual(rows[self.partner_a.display_name][1:6], (0, 300 + quarter, 0, 0, 300 + quarter))
        self.assertEqual(rows[self.partner_b.display_name][1:6], (0, 300, -300, 0, 0))
        _moves, untaxed = self.posted_untaxed()
        total = total_row(sheet)
        self.assertAlmostEqual(total[-1], untaxed)
        self.assertAlmostEqual(sum(total[1:-1]), untaxed)
        # Filters: the quarterly template only; a range that ends before the invoices.
        book = self.export(template_ids=[Command.set(self.quarterly.ids)])
        self.assertEqual([row[0] for row in data_rows(book["Contracts"])], [self.contract_a2.name])
        self.assertAlmostEqual(total_row(book["Billing by Month"])[-1], quarter)
        book = self.export(date_to=date(2026, 2, 28))
        self.assertAlmostEqual(total_row(book["Billing by Month"])[-1], 300 + quarter + 300)
        self.assertEqual(len(book["Billing by Month"][1]), 4, "partner, January, February, total")

    def test_filters_states_direction_and_salespeople(self):
        book = self.export(state_running=False)
        self.assertEqual(data_rows(book["Contracts"]), [])
        book = self.export(direction="supplier")
        self.assertEqual(data_rows(book["Contracts"]), [])
        self.assertAlmostEqual(total_row(book["Billing by Month"])[-1], 0)
        book = self.export(user_ids=[Command.set(self.accountant.ids)])
        self.assertEqual(data_rows(book["Contracts"]), [])
        book = self.export(partner_ids=[Command.set(self.partner_b.ids)])
        self.assertEqual([row[0] for row in data_rows(book["Contracts"])], [self.contract_b.name])

    def test_german_user(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["service_contract_billing"], ["de_DE"], overwrite=True)
        self.accountant.lang = "de_DE"
        book = self.export(user=self.accountant)
        self.assertEqual(book.sheetnames, SHEETS_DE)
        self.assertEqual([c.value for c in book["Verträge"][1]], CONTRACT_HEADERS_DE)
        self.assertEqual(book["Verträge"]["E2"].number_format, "dd.mm.yyyy")
        rows = data_rows(book["Verträge"])
        self.assertEqual({row[3] for row in rows}, {"Laufend"})
        self.assertEqual(total_row(book["Verträge"])[0], "Gesamt")
        self.assertEqual(
            [c.value for c in book["Nachkalkulation"][1]],
            ["Vorlage", "Leistungskennzeichen", "Umsatz", "Kosten", "Marge", "Marge %"],
        )

    def test_figures_of_the_other_parts(self):
        """MRR, profitability and deferred balances come from one method each."""
        contracts = self.contract_a | self.contract_a2 | self.contract_b
        Template = self.env["service.contract.template"]
        kind = self.env["service.contract.service.kind"].search([], limit=1)

        def mrr_rows(wizard, batch):
            return [
                (c.id, date(2026, m, 1), 100.0 * m, 1200.0 * m, 0.0, 0.0, 0.0, 0.0)
                for c in batch
                for m in (1, 2, 3, 4)
            ]

        def profitability_rows(wizard, groupby, batch=None):
            if groupby == ["contract_id"]:
                return [(c, 300.0, 120.0, 180.0, 100.0) for c in batch]
            return [
                (self.template, kind, 600.0, 200.0, 400.0, 180.0),
                (self.quarterly, kind, 300.0, 150.0, 150.0, 120.0),
                (Template, kind, 0.0, 50.0, -50.0, 0.0),
            ]

        def deferred_balances(wizard):
            invoice = self.invoices[:1]
            return [
                {"invoice_line_id": line.id, "move_id": invoice.id, "contract_id": contract.id,
                 "partner_id": invoice.partner_id.id, "kind": "revenue", "amount": 50.0}
                for line, contract in zip(invoice.invoice_line_ids, contracts, strict=False)
            ] + [
                {"invoice_line_id": 0, "move_id": invoice.id, "contract_id": False,
                 "partner_id": invoice.partner_id.id, "kind": "expense", "amount": 7.0},
            ]

        with patch.object(ServiceContractAnalysisXlsx, "_mrr_rows", mrr_rows), \
                patch.object(ServiceContractAnalysisXlsx, "_profitability_rows", profitability_rows), \
                patch.object(ServiceContractAnalysisXlsx, "_deferred_balances", deferred_balances):
            book = self.export()
        rows = data_rows(book["Contracts"])
        self.assertEqual({row[8] for row in rows}, {400}, "the MRR of the range's last month")
        self.assertEqual({(row[11], row[12], row[13]) for row in rows}, {(100, 120, 180)})
        deferred_total = sum(row[10] for row in rows)
        deferral_rows = data_rows(book["Deferrals"])
        self.assertAlmostEqual(deferred_total, sum(row[4] for row in deferral_rows))
        self.assertEqual({row[3] for row in deferral_rows}, {"Deferred Revenue"}, "customer contracts only")
        self.assertAlmostEqual(total_row(book["Deferrals"])[4], deferred_total)
        mrr = data_rows(book["MRR by Month"])
        self.assertEqual([row[1] for row in mrr], [300, 600, 900, 1200])
        self.assertEqual([row[2] for row in mrr], [3600, 7200, 10800, 14400])
        profitability = book["Profitability"]
        prof_rows = data_rows(profitability)
        self.assertEqual(len(prof_rows), 3)
        self.assertAlmostEqual(sum(row[4] for row in prof_rows), 500)
        self.assertAlmostEqual(total_row(profitability)[4], 500)
        monthly = next(row for row in prof_rows if row[0] == "Monthly")
        self.assertAlmostEqual(monthly[5], 400 / 600)
        without = next(row for row in prof_rows if row[0] == "Without Template")
        self.assertIsNone(without[5], "no margin % without revenue")
        chart = profitability._charts[0]
        self.assertEqual(chart.tagname, "barChart")
        all_kinds = self.export(direction="all")
        self.assertTrue(all_kinds)

    # --- the figures of the other parts, as their models compute them ---------

    def test_mrr_as_the_mrr_report(self):
        Report = self.env["service.contract.mrr.report"]
        book = self.export()
        company = [("company_id", "=", self.env.company.id)]
        expected = {
            fields.Date.to_date(month): mrr
            for month, mrr in Report._read_group(
                company + [("date", ">=", date(2026, 1, 1)), ("date", "<=", date(2026, 4, 30))],
                ["date:month"],
                ["mrr:sum"],
            )
        }
        rows = data_rows(book["MRR by Month"])
        self.assertEqual(len(rows), 4)
        for row in rows:
            self.assertAlmostEqual(row[1] or 0.0, expected.get(row[0].date(), 0.0), msg=row[0])
        april = sum(Report.search(company + [("date", "=", date(2026, 4, 1))]).mapped("mrr"))
        self.assertGreater(april, 200, "three running contracts")
        self.assertAlmostEqual(rows[-1][1], april)
        self.assertAlmostEqual(sum(row[8] or 0.0 for row in data_rows(book["Contracts"])), april)
        self.assertAlmostEqual(total_row(book["Contracts"])[8] or 0.0, april)

    def test_profitability_as_the_profitability_report(self):
        Report = self.env["service.contract.profitability.report"]
        book = self.export()
        lines = Report.search(
            [
                ("company_id", "=", self.env.company.id),
                ("date", ">=", date(2026, 1, 1)),
                ("date", "<=", date(2026, 4, 30)),
            ]
        )
        rows = data_rows(book["Profitability"])
        self.assertGreater(sum(lines.mapped("revenue")), 0, "the posted invoices are revenue")
        self.assertEqual({row[0] for row in rows}, {"Monthly", "Quarterly"})
        for col, name in ((2, "revenue"), (3, "cost"), (4, "margin")):
            self.assertAlmostEqual(sum(row[col] for row in rows), sum(lines.mapped(name)), msg=name)
            self.assertAlmostEqual(total_row(book["Profitability"])[col], sum(lines.mapped(name)), msg=name)
        contracts = data_rows(book["Contracts"])
        self.assertAlmostEqual(sum(row[12] or 0.0 for row in contracts), sum(lines.mapped("cost")))
        self.assertAlmostEqual(sum(row[11] or 0.0 for row in contracts), sum(lines.mapped("planned_cost")))
        self.assertAlmostEqual(sum(row[13] or 0.0 for row in contracts), sum(lines.mapped("margin")))

    def test_deferrals_as_the_deferral_engine(self):
        Line = self.env["account.move.line"]
        company = self.env.company
        company.write(
            {
                "service_contract_deferred_revenue_account_id": self.env["account.account"].create(
                    {"name": "Deferred Revenue", "code": "SCHE1", "account_type": "liability_current"}
                ).id,
                "service_contract_prepaid_expense_account_id": self.env["account.account"].create(
                    {"name": "Prepaid Expenses", "code": "SCHE2", "account_type": "asset_prepayments"}
                ).id,
                "service_contract_deferral_journal_id": self.company_data["default_journal_misc"].id,
                "service_contract_deferral_method": "month",
                "service_contract_deferral_moment": "month_end",
            }
        )
        # April's invoices: the quarter of the quarterly contract is deferred.
        quarter = self.draft.invoice_line_ids.filtered(lambda line: line.service_contract_id == self.contract_a2)
        quarter.write({"service_start_date": date(2026, 4, 1), "service_end_date": date(2026, 6, 30)})
        self.draft.invoice_date = date(2026, 4, 10)
        self.draft.action_post()
        self.env["account.move"]._service_contract_deferral_run(company, date(2026, 4, 30))
        book = self.export()
        balances = [
            b for b in Line._service_contract_deferred_balances(date(2026, 4, 30), company)
            if b["kind"] == "revenue"
        ]
        self.assertAlmostEqual(sum(b["amount"] for b in balances), -quarter.balance * 2 / 3, places=2)
        rows = {row[0]: row for row in data_rows(book["Contracts"])}
        self.assertAlmostEqual(rows[self.contract_a2.name][10], -quarter.balance * 2 / 3, places=2)
        self.assertEqual(
            [row[:4] for row in data_rows(book["Deferrals"])],
            [(self.contract_a2.name, self.partner_a.display_name, quarter.move_id.name, "Deferred Revenue")],
        )
        expected = sum(b["amount"] for b in balances)
        self.assertAlmostEqual(sum(row[4] for row in data_rows(book["Deferrals"])), expected)
        self.assertAlmostEqual(total_row(book["Deferrals"])[4], expected)
        by_contract = sum(b["amount"] for b in balances if b["contract_id"])
        self.assertAlmostEqual(sum(row[10] for row in data_rows(book["Contracts"])), by_contract)

    def test_dates_and_sheet_names(self):
        with self.assertRaises(ValidationError):
            self.env[WIZARD].create({"date_from": date(2026, 2, 1), "date_to": date(2026, 1, 31)})
        self.assertEqual(excel_sheet_name("Margin: by [template]/kind?*"), "Margin- by -template--kind--")
        self.assertEqual(len(excel_sheet_name("x" * 40)), 31)
        self.assertEqual(excel_sheet_name("Contracts", ["contracts"]), "Contracts (2)")
        self.assertEqual(excel_date_format("%d.%m.%Y"), "dd.mm.yyyy")
        self.assertEqual(excel_date_format("%m/%d/%Y"), "mm/dd/yyyy")
        wizard = self.env[WIZARD].create({})
        self.assertEqual(wizard.date_from, date(2025, 5, 1))
        self.assertEqual(wizard.date_to, date(2026, 4, 30))
        self.assertEqual(wizard.company_id, self.env.company)


@tagged("post_install", "-at_install")
class TestAnalysisXlsxDownload(HttpCase):
    """The workbook is downloaded from /web/content by the user who made it."""

    def test_download_by_its_user_only(self):
        admin = self.env.ref("base.user_admin")
        wizard = self.env[WIZARD].with_user(admin).create({})
        action = wizard.action_export()
        self.authenticate("admin", "admin")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames[0], "Contracts")
        # Another user (even one who may make the analysis) cannot fetch it.
        other = self.env["res.users"].create(
            {
                "name": "Other accountant",
                "login": "sc_he_other",
                "password": "sc_he_other",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("account.group_account_invoice").id,
                            self.env.ref("service_contract.service_contract_group_user").id,
                        ]
                    )
                ],
            }
        )
        self.assertTrue(other)
        self.authenticate("sc_he_other", "sc_he_other")
        response = self.url_open(action["url"])
        self.assertIn(response.status_code, (403, 404))
        self.authenticate(None, None)
        response = self.url_open(action["url"], allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
