# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..tools.deferral import month_end


@tagged("post_install", "-at_install")
class TestDeferrals(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.deferred_revenue = cls.env["account.account"].create({
            "name": "Deferred Revenue", "code": "DEFREV", "account_type": "liability_current",
        })
        cls.prepaid_expense = cls.env["account.account"].create({
            "name": "Prepaid Expenses", "code": "PREEXP", "account_type": "asset_prepayments",
        })
        cls.company.write({
            "service_contract_deferred_revenue_account_id": cls.deferred_revenue.id,
            "service_contract_prepaid_expense_account_id": cls.prepaid_expense.id,
            "service_contract_deferral_journal_id": cls.company_data["default_journal_misc"].id,
            "service_contract_deferral_method": "month",
            "service_contract_deferral_moment": "month_end",
        })
        cls.Move = cls.env["account.move"]

    def _invoice(self, move_type="out_invoice", amount=1200.0, start="2026-01-01",
                 end="2026-12-31", invoice_date="2026-01-15", post=True):
        move = self.Move.create({
            "move_type": move_type,
            "partner_id": self.partner_a.id,
            "invoice_date": invoice_date,
            "date": invoice_date,
            "invoice_line_ids": [Command.create({
                "name": "Yearly service",
                "quantity": 1,
                "price_unit": amount,
                "tax_ids": [Command.clear()],
                "service_start_date": start,
                "service_end_date": end,
            })],
        })
        if post:
            move.action_post()
        return move

    def _run(self, day):
        return self.Move._service_contract_deferral_run(self.company, fields.Date.to_date(day))

    def _balance(self, account, upto, move=None):
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted"), ("date", "<=", upto)]
        lines = self.env["account.move.line"].search(domain)
        if move:
            lines = lines.filtered(
                lambda line: line.move_id == move or line.service_contract_deferral_invoice_id == move
            )
        return self.company.currency_id.round(sum(lines.mapped("balance")))

    def _month_ends(self):
        return [month_end(date(2026, month, 1)) for month in range(1, 13)]

    def test_yearly_invoice_is_released_a_twelfth_each_month(self):
        invoice = self._invoice()
        revenue = invoice.invoice_line_ids.account_id
        entry = self._run("2026-01-31")
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.date, date(2026, 1, 31))
        self.assertEqual(entry.service_contract_deferral_kind, "month")
        self.assertIn("Deferrals 2026-01", entry.ref)
        self.assertEqual(self._balance(revenue, date(2026, 1, 31), invoice), -100.0)
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 1, 31), invoice), -1100.0)
        line = entry.line_ids.filtered(lambda l: l.account_id == self.deferred_revenue)
        self.assertEqual(line.partner_id, self.partner_a)
        self.assertEqual(line.service_contract_deferral_source_id, invoice.invoice_line_ids)
        self.assertIn(invoice.name, line.name)
        for month, day in enumerate(self._month_ends()[1:], start=2):
            entry = self._run(day)
            release = entry.line_ids.filtered(lambda l: l.account_id == self.deferred_revenue)
            self.assertEqual(release.balance, 100.0, day)
            self.assertEqual(self._balance(revenue, day, invoice), -100.0 * month)
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 12, 31), invoice), 0.0)
        self.assertEqual(self._balance(revenue, date(2026, 12, 31), invoice), -1200.0)
        self.assertFalse(self._run("2027-01-31"))
        self.assertFalse(self.env["account.move.line"]._service_contract_deferred_balances(
            date(2026, 12, 31), self.company))

    def test_vendor_bill_on_prepaid_expenses(self):
        bill = self._invoice("in_invoice")
        expense = bill.invoice_line_ids.account_id
        self._run("2026-01-31")
        self.assertEqual(self._balance(expense, date(2026, 1, 31), bill), 100.0)
        self.assertEqual(self._balance(self.prepaid_expense, date(2026, 1, 31), bill), 1100.0)
        self._run("2026-02-28")
        self.assertEqual(self._balance(self.prepaid_expense, date(2026, 2, 28), bill), 1000.0)
        balances = self.env["account.move.line"]._service_contract_deferred_balances(
            date(2026, 2, 28), self.company)
        self.assertEqual(balances, [{
            "invoice_line_id": bill.invoice_line_ids.id, "move_id": bill.id, "contract_id": False,
            "partner_id": self.partner_a.id, "kind": "expense", "amount": 1000.0,
        }])

    def test_by_days(self):
        self.company.service_contract_deferral_method = "day"
        # 67 days, 10.00 a day: 24 days in January, 28 in February, 15 in March.
        invoice = self._invoice(amount=670.0, start="2026-01-08", end="2026-03-15")
        self._run("2026-01-31")
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 1, 31), invoice), -430.0)
        self._run("2026-02-28")
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 2, 28), invoice), -150.0)
        self._run("2026-03-31")
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 3, 31), invoice), 0.0)

    def test_period_within_the_invoice_month_is_not_deferred(self):
        self._invoice(start="2026-01-01", end="2026-01-31")
        self.assertFalse(self._run("2026-01-31"))

    def test_running_a_month_again_books_nothing(self):
        self._invoice()
        entry = self._run("2026-01-31")
        self.assertTrue(entry)
        self.assertFalse(self._run("2026-01-31"))
        self.assertEqual(self.Move.search_count([("service_contract_deferral_date", "=", "2026-01-31")]), 1)

    def test_cancelled_entry_reopens_its_month(self):
        invoice = self._invoice()
        entry = self._run("2026-01-31")
        entry.button_draft()
        entry.button_cancel()
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 1, 31), invoice), 0.0)
        again = self._run("2026-01-31")
        self.assertTrue(again)
        self.assertNotEqual(again, entry)
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 1, 31), invoice), -1100.0)

    def test_entry_reset_to_draft_still_counts_until_cancelled(self):
        invoice = self._invoice()
        entry = self._run("2026-01-31")
        entry.button_draft()
        self.assertFalse(self._run("2026-01-31"))
        entry.action_post()
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 1, 31), invoice), -1100.0)

    def test_earlier_month_after_a_later_one_is_refused_when_it_would_change(self):
        self._invoice()
        self._run("2026-01-31")
        february = self._run("2026-02-28")
        self.assertFalse(self._run("2026-01-31"))  # nothing would change
        self._invoice(invoice_date="2026-01-20")
        with self.assertRaisesRegex(UserError, february.name):
            self._run("2026-01-31")

    def test_credit_note_reverses_what_its_invoice_deferred(self):
        invoice = self._invoice()
        self._run("2026-01-31")
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"date": "2026-02-10", "journal_id": invoice.journal_id.id})
        refund = self.Move.browse(reversal.refund_moves()["res_id"])
        refund.action_post()
        self.assertEqual(refund.invoice_line_ids.service_end_date, date(2026, 12, 31))
        self._run("2026-02-28")
        total = self._balance(self.deferred_revenue, date(2026, 2, 28))
        self.assertEqual(total, 0.0)
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 2, 28), refund), 1000.0)

    def test_locked_month_is_booked_on_the_first_open_day(self):
        self._invoice()
        self.company.fiscalyear_lock_date = date(2026, 1, 31)
        entry = self._run("2026-01-31")
        self.assertEqual(entry.date, date(2026, 2, 1))
        self.assertEqual(entry.service_contract_deferral_date, date(2026, 1, 31))
        self.assertIn("lock date", entry.ref)
        self.assertFalse(self._run("2026-01-31"))

    def test_posting_mode_defers_at_once(self):
        self.company.service_contract_deferral_moment = "posting"
        invoice = self._invoice()
        entry = self.Move.search([("service_contract_deferral_kind", "=", "invoice")])
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.date, date(2026, 1, 15))
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 1, 31), invoice), -1100.0)
        self.assertFalse(self._run("2026-01-31"))
        self._run("2026-02-28")
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 2, 28), invoice), -1000.0)

    def test_missing_settings(self):
        self._invoice()
        self.company.service_contract_deferral_journal_id = False
        with self.assertRaisesRegex(UserError, "Deferral Journal"):
            self._run("2026-01-31")

    def test_batches_collect_into_one_entry(self):
        invoices = [self._invoice(amount=120.0 * (i + 1)) for i in range(5)]
        results = []
        remaining = True
        while remaining:
            done, remaining, entry = self.Move._service_contract_deferral_run_batch(
                self.company, date(2026, 1, 31), batch_size=2)
            results.append((done, remaining, entry.state))
        self.assertEqual(results, [(2, 3, "draft"), (2, 1, "draft"), (1, 0, "posted")])
        self.assertEqual(len(entry.line_ids), 10)
        self.assertEqual(
            self._balance(self.deferred_revenue, date(2026, 1, 31)),
            -sum(inv.amount_untaxed for inv in invoices) * 11 / 12,
        )

    def test_batches_of_a_month_run_again_book_nothing_and_end(self):
        for i in range(5):
            self._invoice(amount=120.0 * (i + 1))
        self._run("2026-01-31")
        results = []
        remaining = True
        while remaining and len(results) < 10:
            done, remaining, entry = self.Move._service_contract_deferral_run_batch(
                self.company, date(2026, 1, 31), batch_size=2)
            results.append((done, remaining))
        self.assertEqual(results, [(2, 3), (2, 1), (1, 0)], "each batch goes on after the last")
        self.assertFalse(entry, "nothing changed: no entry")
        self.assertEqual(self.Move.search_count([("service_contract_deferral_date", "=", "2026-01-31")]), 1)

    def test_deferred_balances_equal_the_general_ledger(self):
        self._invoice()
        self._invoice("in_invoice", amount=600.0, start="2026-02-01", end="2026-07-31")
        self._invoice("out_invoice", amount=333.0, start="2026-01-10", end="2026-04-20",
                      invoice_date="2026-01-05")
        for day in self._month_ends()[:3]:
            self._run(day)
        for day in (date(2026, 1, 31), date(2026, 2, 15), date(2026, 3, 31)):
            balances = self.env["account.move.line"]._service_contract_deferred_balances(day, self.company)
            revenue = sum(b["amount"] for b in balances if b["kind"] == "revenue")
            expense = sum(b["amount"] for b in balances if b["kind"] == "expense")
            self.assertAlmostEqual(revenue, -self._balance(self.deferred_revenue, day))
            self.assertAlmostEqual(expense, self._balance(self.prepaid_expense, day))
            self.assertTrue(all(b["amount"] > 0 for b in balances))
        wizard = self.env["service.contract.deferral.balance.wizard"].create({"date": "2026-03-31"})
        action = wizard.action_open()
        lines = self.env["account.move.line"].search(action["domain"])
        self.assertAlmostEqual(
            sum(lines.mapped("balance")),
            self._balance(self.deferred_revenue, date(2026, 3, 31))
            + self._balance(self.prepaid_expense, date(2026, 3, 31)),
        )

    def test_run_wizard_opens_the_entries(self):
        self._invoice()
        wizard = self.env["service.contract.deferral.run.wizard"].create(
            {"date": "2026-01-12", "company_id": self.company.id})
        self.assertEqual(wizard.month_end, date(2026, 1, 31))
        action = wizard.action_run()
        entries = self.Move.search(action["domain"])
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.service_contract_deferral_date, date(2026, 1, 31))

    def test_scheduled_action_books_the_month_end_and_catches_up(self):
        self._invoice()
        Company = self.env["res.company"]
        with freeze_time("2026-01-20"):
            self.assertEqual(self.company._service_contract_deferral_due_month(date(2026, 1, 20)),
                             date(2025, 12, 31))
        self.company.service_contract_deferral_last_date = date(2025, 12, 31)
        with freeze_time("2026-03-05"):
            Company._cron_service_contract_deferrals()
            self.assertEqual(self.company.service_contract_deferral_last_date, date(2026, 1, 31))
            Company._cron_service_contract_deferrals()
            self.assertEqual(self.company.service_contract_deferral_last_date, date(2026, 2, 28))
            Company._cron_service_contract_deferrals()
            self.assertEqual(self.company.service_contract_deferral_last_date, date(2026, 2, 28))
        self.assertEqual(self._balance(self.deferred_revenue, date(2026, 2, 28)), -1000.0)
        self.assertTrue(self.env.ref("service_contract_billing.ir_cron_service_contract_deferrals").active)
