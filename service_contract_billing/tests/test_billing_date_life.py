# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every way an invoice can change a billing date's state: never two live
invoice lines for one period, never a period left unbilled."""

import re
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import BillingCommon

JANUARY = date(2026, 1, 1)
FEBRUARY = date(2026, 2, 1)


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingDateLife(BillingCommon):
    def live_lines(self, contract, period_start):
        """Invoice lines not cancelled that bill ``period_start`` of ``contract``
        (regular dates; corrections are counted by amount where they matter)."""
        return self.env["account.move.line"].search(
            [
                ("service_contract_billing_date_id.contract_id", "=", contract.id),
                ("service_contract_billing_date_id.period_start", "=", period_start),
                ("service_contract_billing_date_id.kind", "=", "regular"),
                ("parent_state", "!=", "cancel"),
            ]
        )

    def regular_date(self, contract, period_start):
        dates = contract.billing_date_ids.filtered(
            lambda d: d.period_start == period_start and d.kind == "regular" and d.state != "credited"
        )
        self.assertEqual(len(dates), 1, f"one date for {period_start}: {dates.mapped('state')}")
        return dates

    def pause_september(self, contract):
        self.env["service.contract.pause"].create(
            {
                "contract_id": contract.id,
                "date_start": date(2026, 9, 1),
                "date_end": date(2026, 9, 30),
                "reason": "Holidays",
            }
        )

    # --- cancel, reset to draft ------------------------------------------------------

    def test_reset_to_draft_takes_the_dates_back(self):
        """The path of issue #11: cancel, reset to draft, then a change that
        recomputes the schedule, then a run: January is billed once."""
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        january = self.regular_date(contract, JANUARY)
        invoice.button_cancel()
        self.assertEqual(january.state, "to_bill")
        invoice.button_draft()
        self.assertEqual(january.state, "billed")
        self.assertEqual(january.invoice_line_id, invoice.invoice_line_ids)
        self.pause_september(contract)
        self.assertEqual(self.regular_date(contract, JANUARY), january)
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 1)
        invoice.action_post()
        self.assertEqual(january.state, "billed")

    def test_a_cancelled_invoice_keeps_its_dates_through_schedule_changes(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        january = self.regular_date(contract, JANUARY)
        invoice.button_cancel()
        self.pause_september(contract)
        self.assertTrue(january.exists(), "an invoice line points at it: kept")
        self.assertEqual(invoice.invoice_line_ids.service_contract_billing_date_id, january)
        invoice.button_draft()
        self.assertEqual(january.invoice_line_id, invoice.invoice_line_ids)
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 1)

    def test_reset_refused_when_the_period_was_billed_elsewhere(self):
        contract = self.new_contract()
        first = self.bill(date(2026, 1, 31)).move_ids
        first.button_cancel()
        second = self.bill(date(2026, 1, 31)).move_ids
        with self.assertRaisesRegex(UserError, re.escape(f"billed on {second._service_contract_label()}")):
            first.button_draft()
        self.assertEqual(first.state, "cancel")
        self.assertEqual(self.regular_date(contract, JANUARY).invoice_line_id.move_id, second)
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 1)

    def test_reset_refused_when_the_price_changed_meanwhile(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.button_cancel()
        contract.line_ids._unlocked().price_unit = 150
        january = self.regular_date(contract, JANUARY)
        self.assertEqual((january.state, january.amount), ("to_bill", 150))
        with self.assertRaisesRegex(UserError, "changed what this period costs"):
            invoice.button_draft()
        self.assertEqual(invoice.state, "cancel")
        run = self.bill(date(2026, 1, 31))
        self.assertAlmostEqual(run.amount_invoiced, 150)
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 1)

    def test_reset_refused_when_the_period_left_the_schedule(self):
        contract = self.new_contract(notice_period_days=0)
        invoice = self.bill(date(2026, 2, 28)).move_ids
        february = self.regular_date(contract, FEBRUARY)
        invoice.button_cancel()
        contract.terminate(date(2026, 1, 31))
        self.assertEqual(february.state, "cancelled", "kept for the cancelled invoice, never billed")
        with self.assertRaisesRegex(UserError, "no longer bills this period"):
            invoice.button_draft()
        run = self.bill(date(2026, 2, 28))
        self.assertEqual(run.billing_date_count, 1, "January only")
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 1)
        self.assertFalse(self.live_lines(contract, FEBRUARY))

    # --- deleting ----------------------------------------------------------------------

    def test_deleting_a_cancelled_invoice_leaves_the_period_billed_elsewhere(self):
        contract = self.new_contract()
        first = self.bill(date(2026, 1, 31)).move_ids
        first.button_cancel()
        second = self.bill(date(2026, 1, 31)).move_ids
        first.unlink()
        january = self.regular_date(contract, JANUARY)
        self.assertEqual((january.state, january.invoice_line_id.move_id), ("billed", second))
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 1)

    def test_deleting_one_line_of_a_draft_bills_that_period_again_once(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 2, 28)).move_ids
        february_line = invoice.invoice_line_ids.filtered(
            lambda l: l.service_contract_billing_date_id.period_start == FEBRUARY
        )
        invoice.write({"invoice_line_ids": [Command.delete(february_line.id)]})
        self.assertEqual(self.regular_date(contract, JANUARY).state, "billed")
        self.assertEqual(self.regular_date(contract, FEBRUARY).state, "to_bill")
        self.assertEqual(self.bill(date(2026, 2, 28)).billing_date_count, 1)
        self.assertEqual(self.bill(date(2026, 2, 28)).billing_date_count, 0)
        for period_start in (JANUARY, FEBRUARY):
            self.assertEqual(len(self.live_lines(contract, period_start)), 1)

    def test_a_billing_date_on_an_invoice_line_cannot_be_deleted(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.button_cancel()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.regular_date(contract, JANUARY).sudo().unlink()
        self.assertTrue(invoice.invoice_line_ids.service_contract_billing_date_id)

    # --- credit notes ------------------------------------------------------------------

    def test_credit_note_cancelled_then_reset_and_posted_credits_again(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        january = self.regular_date(contract, JANUARY)
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"service_contract_rebill": True, "journal_id": invoice.journal_id.id})
        )
        wizard.refund_moves()
        credit_note = wizard.new_move_ids
        self.assertEqual(january.state, "credited")
        credit_note.button_cancel()
        self.assertEqual(january.state, "billed")
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0, "billed once, not refunded")
        credit_note.button_draft()
        credit_note.action_post()
        self.assertEqual(january.state, "credited")
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 1, "refunded: billed again")
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)
        # Billed twice, refunded once.
        self.assertEqual(len(self.live_lines(contract, JANUARY)), 2)
        self.assertEqual(credit_note.state, "posted")

    def test_refund_of_the_run_cancelled_then_reset_and_posted_refunds_once(self):
        contract = self.new_contract(notice_period_days=0)
        self.bill(date(2026, 2, 28)).move_ids.action_post()
        contract.terminate(date(2026, 1, 31))
        refund = self.bill(date(2026, 2, 28)).move_ids
        self.assertEqual(refund.move_type, "out_refund")
        correction = refund.invoice_line_ids.service_contract_billing_date_id
        refund.button_cancel()
        self.assertEqual(correction.state, "to_bill")
        refund.button_draft()
        self.assertEqual((correction.state, correction.invoice_line_id.move_id), ("billed", refund))
        refund.action_post()
        self.assertEqual(self.bill(date(2026, 2, 28)).billing_date_count, 0, "refunded once")

    # --- hand edits --------------------------------------------------------------------

    def test_a_contract_line_bills_exactly_its_billing_date(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        line = invoice.invoice_line_ids
        january = self.regular_date(contract, JANUARY)
        for values in (
            {"price_unit": 50},
            {"quantity": 2},
            {"discount": 10},
            {"product_id": self.product_a.id},
            {"service_contract_billing_date_id": False},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "cannot be changed"):
                line.write(values)
        self.assertEqual((line.price_unit, line.quantity, line.discount), (100, 1, 0))
        self.assertEqual(line.service_contract_billing_date_id, january)
        # The same values again, the text, and lines of its own are fine.
        line.write({"price_unit": 100, "quantity": 1, "name": "Maintenance, January"})
        invoice.write(
            {"invoice_line_ids": [Command.create({"product_id": self.product_a.id, "price_unit": 10})]}
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 110)
        invoice.action_post()
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)
        contract.line_ids._unlocked().price_unit = 100
        self.assertFalse(contract.billing_date_ids.filtered(lambda d: d.kind == "correction"))

    # --- who may change a billing date ---------------------------------------------------

    def test_billing_dates_are_read_only_for_every_user(self):
        contract = self.new_contract()
        january = self.regular_date(contract, JANUARY)
        users = [
            new_test_user(
                self.env,
                login="sc_manager",
                groups="base.group_user,service_contract.service_contract_group_manager,account.group_account_manager",
            ),
            new_test_user(self.env, login="sc_biller", groups="base.group_user,account.group_account_invoice"),
        ]
        for user in users:
            dates = january.with_user(user)
            with self.subTest(user=user.login):
                self.assertEqual(dates.amount, 100, "readable")
                with self.assertRaises(AccessError):
                    dates.write({"state": "billed"})
                with self.assertRaises(AccessError):
                    dates.unlink()
                with self.assertRaises(AccessError):
                    dates.create(
                        {"line_id": contract.line_ids.id, "period_start": JANUARY, "period_end": JANUARY, "date": JANUARY}
                    )
        self.assertEqual(january.state, "to_bill")
        # Their actions still work: billing, cancelling, resetting.
        biller = users[1]
        run = self.Run.with_user(users[0]).create({"date_cutoff": date(2026, 1, 31)})
        run.action_run()
        invoice = run.move_ids.with_user(biller)
        invoice.button_cancel()
        invoice.button_draft()
        self.assertEqual(january.state, "billed")
