# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError, InterfaceError
from psycopg2.errors import QueryCanceled, SerializationFailure

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingRun(BillingCommon):
    def test_one_invoice_per_customer_with_periods_on_lines(self):
        contract_a = self.new_contract()
        contract_a2 = self.new_contract()
        contract_b = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 3, 31))
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billing_date_count, 9)
        self.assertEqual(len(run.move_ids), 2)
        self.assertAlmostEqual(run.amount_invoiced, 900)
        self.assertFalse(run.amount_refunded or run.amount_vendor_billed)
        invoice_a = run.move_ids.filtered(lambda m: m.partner_id == self.partner_a)
        self.assertEqual(invoice_a.move_type, "out_invoice")
        self.assertEqual(invoice_a.state, "draft")
        self.assertEqual(len(invoice_a.invoice_line_ids), 6)
        self.assertAlmostEqual(invoice_a.amount_untaxed, 600)
        self.assertGreater(invoice_a.amount_tax, 0, "product taxes apply")
        line = invoice_a.invoice_line_ids.sorted("id")[0]
        self.assertIn(contract_a.name, line.name)
        self.assertIn("01/01/2026 to 01/31/2026", line.name)
        self.assertEqual(line.service_contract_id, contract_a)
        self.assertEqual(
            set((contract_a | contract_a2 | contract_b).billing_date_ids.filtered(
                lambda d: d.date <= date(2026, 3, 31)
            ).mapped("state")),
            {"billed"},
        )
        self.assertIn("Billed 9 billing dates", run.message_ids[0].body)
        run._finish()  # e.g. a second worker sharing the run: it is finished once
        self.assertEqual(len(run.message_ids.filtered(lambda m: "Billed" in m.body)), 1)

    def test_exactly_once(self):
        contract = self.new_contract()
        first = self.bill(date(2026, 2, 28))
        self.assertEqual(first.billing_date_count, 2)
        again = self.bill(date(2026, 2, 28))
        self.assertEqual(again.billing_date_count, 0)
        self.assertFalse(again.move_ids)
        later = self.bill(date(2026, 4, 30))
        self.assertEqual(later.billing_date_count, 2)
        lines = self.env["account.move.line"].search([("service_contract_id", "=", contract.id)])
        self.assertEqual(len(lines), 4)
        self.assertEqual(len(lines.service_contract_billing_date_id), 4)

    def test_a_billing_date_cannot_be_invoiced_twice(self):
        self.new_contract()
        run = self.bill(date(2026, 1, 31))
        billing_date = run.move_ids.invoice_line_ids.service_contract_billing_date_id
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_a.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.fee.id, "service_contract_billing_date_id": billing_date.id}
                        )
                    ],
                }
            )

    def test_invoice_per_contract_and_filters(self):
        self.template.invoice_per_contract = True
        self.new_contract()
        self.new_contract()
        other = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 1, 31), partner_id=self.partner_a.id)
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(run.move_ids.partner_id, self.partner_a)
        self.assertEqual(other.billing_date_ids.filtered(lambda d: d.state == "billed"), other.billing_date_ids.browse())

    def test_supplier_contract_gives_vendor_bills(self):
        self.new_contract(self.partner_b, direction="supplier")
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "in_invoice")

    def test_auto_post(self):
        self.env.company.service_contract_auto_post = True
        self.new_contract()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.state, "posted")
        self.assertEqual(run.move_ids.invoice_date, date(2026, 1, 31))

    def test_deleted_or_cancelled_drafts_are_billed_again(self):
        contract = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        january = contract.billing_date_ids.filtered(lambda d: d.period_start == date(2026, 1, 1))
        self.assertEqual(january.state, "billed")
        run.move_ids.unlink()
        self.assertEqual(january.state, "to_bill")
        self.assertEqual(run.billing_date_count, 0, "the run counts the dates on its invoices")
        self.assertFalse(january.invoice_line_id)
        second = self.bill(date(2026, 1, 31))
        self.assertEqual(second.billing_date_count, 1)
        second.move_ids.button_cancel()
        self.assertEqual(january.state, "to_bill")
        third = self.bill(date(2026, 1, 31))
        third.move_ids.action_post()
        self.assertEqual(january.state, "billed")
        self.assertEqual(january.move_id, third.move_ids)
        # The cancelled invoice cannot come back while the date is billed again.
        with self.assertRaisesRegex(UserError, "billed on"):
            second.move_ids.button_draft()
        self.assertEqual(second.move_ids.state, "cancel")

    def test_a_fault_of_the_transaction_is_no_contract_error(self):
        """A serialization failure, a statement timeout or a lost connection
        while invoices are created is the transaction's fault, not the
        contracts': it reaches the caller (the cron runner or the request
        retries in a new transaction) and no contract is recorded as failed."""
        contract = self.new_contract()
        Move = type(self.env["account.move"])
        for fault in (SerializationFailure, QueryCanceled, InterfaceError):
            run = self.Run.create({"date_cutoff": date(2026, 1, 31)})
            with (
                self.subTest(fault=fault.__name__),
                patch.object(Move, "_create_with_all_lines", side_effect=fault("injected")),
                self.assertRaises(fault),
            ):
                run.action_run()
            self.assertFalse(run.error_ids)
            self.assertEqual(
                set(contract.billing_date_ids.filtered(lambda d: d.date <= date(2026, 1, 31)).mapped("state")),
                {"to_bill"},
            )

    def test_failing_contract_is_skipped_and_logged(self):
        good = self.new_contract()
        bad = self.new_contract(self.partner_b)
        # The partner now belongs to another company: its invoice cannot be made.
        other_company = self.env["res.company"].create({"name": "Elsewhere"})
        self.partner_b.sudo().write({"company_id": other_company.id})
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.error_ids.contract_id, bad)
        self.assertTrue(run.error_ids.message)
        self.assertEqual(run.move_ids.partner_id, self.partner_a)
        self.assertEqual(good.billing_date_ids.filtered(lambda d: d.date <= date(2026, 1, 31)).state, "billed")
        self.assertEqual(bad.billing_date_ids.filtered(lambda d: d.date <= date(2026, 1, 31)).state, "to_bill")

    def test_scheduled_run_on_the_billing_day(self):
        self.new_contract()
        # The scheduled action handled February (missed billing days: test_billing_run_scheduling).
        self.env.company.service_contract_last_billing_day = date(2026, 2, 28)
        with freeze_time("2026-03-30"):
            self.Run.sudo()._cron_billing_run()
            self.assertFalse(self.Run.search([("origin", "=", "cron")]))
        with freeze_time("2026-03-31"):
            self.Run.sudo()._cron_billing_run()
            self.Run.sudo()._cron_billing_run()
            runs = self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.env.company.id)])
            self.assertEqual(len(runs), 1)
            self.assertEqual(runs.state, "done")
            self.assertEqual(runs.billing_date_count, 3)
        self.env.company.service_contract_billing_day = 15
        self.assertTrue(self.env.company._is_service_contract_billing_day(date(2026, 2, 15)))
        self.env.company.service_contract_billing_day = 31
        self.assertTrue(self.env.company._is_service_contract_billing_day(date(2026, 2, 28)))

    def test_billing_day_domain_finds_the_companies_of_the_day(self):
        company = self.env.company
        for billing_day in (0, 1, 15, 28, 29, 30, 31):
            company.service_contract_billing_day = billing_day
            for day in (date(2026, 2, 1), date(2026, 2, 15), date(2026, 2, 27),
                        date(2026, 2, 28), date(2026, 4, 29), date(2026, 4, 30),
                        date(2026, 5, 30), date(2026, 5, 31)):
                found = self.env["res.company"].search(
                    [("id", "=", company.id)]
                    + company._get_service_contract_billing_day_domain(day)
                )
                self.assertEqual(
                    bool(found), company._is_service_contract_billing_day(day),
                    f"billing day {billing_day} on {day}",
                )

    def test_last_period_in_arrears_is_billed_after_the_contract_expired(self):
        self.template.write({"billing_timing": "arrears", "duration": 3})
        contract = self.new_contract()
        self.assertEqual(contract.date_end, date(2026, 3, 31))
        self.assertEqual(self.bill(date(2026, 2, 28)).billing_date_count, 2)
        with freeze_time("2026-04-01"):
            self.env["service.contract"]._cron_update_states()
        self.assertEqual(contract.state, "expired")
        run = self.bill(date(2026, 3, 31))
        self.assertEqual(run.billing_date_count, 1, "March, billed at its end")
        self.assertEqual(
            run.move_ids.invoice_line_ids.service_contract_billing_date_id.period_start,
            date(2026, 3, 1),
        )
        self.assertEqual(self.bill(date(2026, 12, 31)).billing_date_count, 0, "nothing more")

    def test_bill_on_creation(self):
        self.template.write({"bill_on_creation": True, "bill_on_creation_count": 2})
        contract = self.new_contract()
        billed = contract.billing_date_ids.filtered(lambda d: d.state == "billed")
        self.assertEqual(billed.mapped("period_start"), [date(2026, 1, 1), date(2026, 2, 1)])
        run = self.Run.search([("contract_id", "=", contract.id), ("origin", "=", "creation")])
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.move_ids), 1)
        self.assertEqual(len(run.move_ids.invoice_line_ids), 2)
        # The regular run goes on from March.
        self.assertEqual(self.bill(date(2026, 3, 31)).billing_date_count, 1)

    def test_one_time_payment_bills_the_whole_term(self):
        self.template.write(
            {"billing_interval": "one_time", "duration": 36, "bill_on_creation": True, "bill_on_creation_count": 1}
        )
        contract = self.new_contract(line_ids=[Command.create({"product_id": self.fee.id, "price_unit": 1800})])
        line = contract.billing_date_ids.invoice_line_id
        self.assertEqual(len(line), 1)
        self.assertEqual(line.price_subtotal, 1800)
        self.assertIn("01/01/2026 to 12/31/2028", line.name)

    def test_price_change_applies_from_its_effective_date_to_unbilled_dates(self):
        contract = self.new_contract()
        self.bill(date(2026, 1, 31))
        self.fee.list_price = 200
        action = self.fee.product_tmpl_id.action_decide_service_contract_price_change()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        wizard.date_effective = date(2026, 3, 15)
        wizard.action_apply()
        amounts = {d.period_start: d.amount for d in contract.billing_date_ids}
        self.assertEqual(amounts[date(2026, 1, 1)], 100, "billed: untouched")
        self.assertEqual(amounts[date(2026, 2, 1)], 100, "before the effective date")
        self.assertAlmostEqual(amounts[date(2026, 3, 1)], round(100 * 14 / 31 + 200 * 17 / 31, 2))
        self.assertEqual(amounts[date(2026, 4, 1)], 200)
        self.assertEqual(contract.line_ids.price_unit, 200)
        # A price written on the line by the system (a renewal) applies to every date not yet billed.
        contract.line_ids._unlocked().price_unit = 150
        amounts = {d.period_start: d.amount for d in contract.billing_date_ids}
        self.assertEqual((amounts[date(2026, 1, 1)], amounts[date(2026, 2, 1)]), (100, 150))
