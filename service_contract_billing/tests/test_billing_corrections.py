# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import CoverageAuditedCase


@tagged("post_install", "-at_install")
@freeze_time("2026-01-10")
class TestBillingCorrections(CoverageAuditedCase, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("service_contract.service_contract_group_manager")
        cls.Run = cls.env["service.contract.billing.run"]
        cls.fee = cls.env["product.product"].create(
            {"name": "Maintenance fee", "type": "service", "list_price": 310, "taxes_id": False}
        )
        cls.template = cls.env["service.contract.template"].create(
            {
                "name": "Monthly in advance",
                "billing_interval": "monthly",
                "billing_timing": "advance",
                "duration": 12,
                # The tests terminate contracts within their term.
                "early_termination_allowed": True,
                "pause_policy": "never_extend",
                "billing_product_ids": [Command.set(cls.fee.ids)],
            }
        )

    def new_contract(self, **values):
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.partner_a.id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "notice_period_days": 0,
                "line_ids": [Command.create({"product_id": self.fee.id, "price_unit": 310})],
                **values,
            }
        )
        contract.action_start()
        return contract

    def bill(self, cutoff):
        run = self.Run.create({"date_cutoff": cutoff})
        run.action_run()
        return run

    def corrections(self, contract, state="to_bill"):
        return [
            (d.period_start, d.period_end, d.date, d.amount)
            for d in contract.billing_date_ids.filtered(
                lambda d: d.kind == "correction" and d.state == state
            ).sorted("period_start")
        ]

    def billed(self, contract, period_start):
        return contract.billing_date_ids.filtered(
            lambda d: d.period_start == period_start and d.kind == "regular" and d.state == "billed"
        )

    def reverse(self, moves, rebill, modify=False):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({"service_contract_rebill": rebill, "journal_id": moves[:1].journal_id.id})
        )
        wizard.modify_moves() if modify else wizard.refund_moves()
        return wizard.new_move_ids

    # --- corrections ----------------------------------------------------------

    def test_termination_into_billed_periods_is_refunded_once(self):
        contract = self.new_contract()
        first = self.bill(date(2026, 3, 31))
        first.move_ids.action_post()
        self.assertEqual(first.billing_date_count, 3, "January to March, in advance")
        contract.terminate(date(2026, 2, 14))
        self.assertEqual(
            self.corrections(contract),
            [
                (date(2026, 2, 1), date(2026, 2, 28), date(2026, 1, 10), -155.0),
                (date(2026, 3, 1), date(2026, 3, 31), date(2026, 1, 10), -310.0),
            ],
            "February: 14 of 28 days were owed; March: nothing",
        )
        self.assertFalse(
            contract.billing_date_ids.filtered(lambda d: d.kind == "regular" and d.state == "to_bill")
        )
        # The contract ends before the next run: its corrections are billed anyway.
        contract.action_expire()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.billing_date_count, 2)
        refund = run.move_ids
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.partner_id, self.partner_a)
        self.assertAlmostEqual(refund.amount_untaxed, 465)
        self.assertEqual(sorted(refund.invoice_line_ids.mapped("price_unit")), [155, 310])
        self.assertEqual(set(refund.invoice_line_ids.mapped("quantity")), {1})
        line = refund.invoice_line_ids.filtered(lambda l: l.price_unit == 155)
        self.assertIn("Correction of", line.name)
        self.assertIn("02/01/2026 to 02/28/2026", line.name)
        self.assertIn(first.move_ids.name, line.name)
        self.assertEqual(
            line.service_contract_billing_date_id.corrected_id, self.billed(contract, date(2026, 2, 1))
        )
        self.assertAlmostEqual(run.amount_refunded, 465)
        self.assertFalse(run.amount_invoiced)
        # Nothing more: neither a new computation nor the next run corrects again.
        contract._sync_billing_dates()
        self.assertEqual(self.corrections(contract), [])
        self.assertEqual(self.bill(date(2026, 12, 31)).billing_date_count, 0)
        # Refunding the credit note's lines never re-opens the periods.
        refund.action_post()
        self.assertEqual(self.corrections(contract), [])

    def test_pause_over_billed_days_and_its_removal(self):
        contract = self.new_contract()
        self.bill(date(2026, 3, 31))
        pause = self.env["service.contract.pause"].create(
            {
                "contract_id": contract.id,
                "date_start": date(2026, 2, 10),
                "date_end": date(2026, 2, 16),
                "reason": "Workshop closed",
            }
        )
        self.assertEqual(
            self.corrections(contract), [(date(2026, 2, 1), date(2026, 2, 28), date(2026, 1, 10), -77.5)]
        )
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "out_refund")
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 77.5)
        pause.unlink()
        self.assertEqual(
            self.corrections(contract),
            [(date(2026, 2, 1), date(2026, 2, 28), date(2026, 1, 10), 77.5)],
            "billed 310 - 77.5 for February; without the pause it owes 310",
        )
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "out_invoice")
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 77.5)
        self.assertEqual(self.corrections(contract), [])

    def test_price_change_effective_in_a_billed_period(self):
        contract = self.new_contract()
        self.bill(date(2026, 3, 31))
        self.fee.list_price = 620
        action = self.fee.product_tmpl_id.action_decide_service_contract_price_change()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        wizard.date_effective = date(2026, 2, 15)
        wizard.action_apply()
        self.assertEqual(
            [c[3] for c in self.corrections(contract)],
            [155.0, 310.0],
            "February: 14 days at the new price; March: all of it",
        )
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "out_invoice")
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 465)
        # A price written on the line by the system (a renewal) applies after the billed periods only.
        contract.line_ids._unlocked().price_unit = 1000
        self.assertEqual(self.corrections(contract), [])
        april = contract.billing_date_ids.filtered(lambda d: d.period_start == date(2026, 4, 1))
        self.assertEqual(april.amount, 1000)

    def test_quantity_change_corrects_billed_periods_idempotently(self):
        contract = self.new_contract()
        self.bill(date(2026, 2, 28))
        contract.line_ids._unlocked().quantity = 2
        expected = [
            (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 10), 310.0),
            (date(2026, 2, 1), date(2026, 2, 28), date(2026, 1, 10), 310.0),
        ]
        self.assertEqual(self.corrections(contract), expected)
        contract._sync_billing_dates()
        contract._sync_billing_dates()
        self.assertEqual(self.corrections(contract), expected, "the same corrections, once")
        march = contract.billing_date_ids.filtered(lambda d: d.period_start == date(2026, 3, 1))
        self.assertEqual(march.amount, 620)
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.billing_date_count, 2)
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 620)
        self.assertIn("billed on Draft Invoice", run.move_ids.invoice_line_ids[0].name)
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)
        # Back to one: the billed corrections count, so each month gives back 310.
        contract.line_ids._unlocked().quantity = 1
        self.assertEqual([c[3] for c in self.corrections(contract)], [-310.0, -310.0])

    def test_start_moved_later_and_earlier(self):
        contract = self.new_contract(date_start=date(2026, 1, 15))
        self.bill(date(2026, 1, 31))
        contract._unlocked().date_start = date(2026, 1, 22)
        self.assertEqual(
            self.corrections(contract), [(date(2026, 1, 15), date(2026, 1, 31), date(2026, 1, 10), -70.0)]
        )
        contract._unlocked().date_start = date(2026, 1, 10)
        self.assertEqual(
            self.corrections(contract),
            [(date(2026, 1, 10), date(2026, 1, 31), date(2026, 1, 10), 50.0)],
            "five more days of January, never a second regular date for it",
        )
        self.assertEqual(
            len(contract.billing_date_ids.filtered(lambda d: d.period_start <= date(2026, 1, 31))), 2
        )

    def test_later_end_adds_to_a_billed_one_time_payment(self):
        self.template.write({"billing_interval": "one_time", "duration": 12})
        contract = self.new_contract(
            line_ids=[Command.create({"product_id": self.fee.id, "price_unit": 3650})]
        )
        self.bill(date(2026, 1, 31))
        contract._unlocked().date_end_agreed = date(2027, 1, 31)
        self.assertEqual(
            self.corrections(contract),
            [(date(2026, 1, 1), date(2027, 1, 31), date(2026, 1, 10), 310.0)],
            "31 more days at 3650 per 365 days",
        )
        self.assertFalse(contract.billing_date_ids.filtered(lambda d: d.kind == "regular" and d.state == "to_bill"))
        run = self.bill(date(2026, 1, 31))
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 310)
        contract._unlocked().date_end_agreed = date(2026, 12, 31)
        self.assertEqual([c[3] for c in self.corrections(contract)], [-310.0])

    def test_removed_line_is_archived_and_refunded(self):
        hotline = self.env["product.product"].create({"name": "Hotline", "type": "service", "taxes_id": False})
        contract = self.new_contract(
            line_ids=[
                Command.create({"product_id": self.fee.id, "price_unit": 310}),
                Command.create({"product_id": hotline.id, "price_unit": 62}),
            ]
        )
        self.bill(date(2026, 1, 31))
        line = contract.line_ids.filtered(lambda l: l.product_id == hotline)
        line._unlocked().unlink()
        self.assertTrue(line.exists(), "billed: archived, not deleted")
        self.assertFalse(line.active)
        self.assertEqual(contract.line_ids.product_id, self.fee)
        self.assertEqual(len(line.billing_date_ids), 2, "the billed January and its refund")
        self.assertEqual(self.corrections(contract), [(date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 10), -62.0)])
        run = self.bill(date(2026, 2, 28))
        self.assertEqual(len(run.move_ids), 2, "the invoice of February and a credit note")
        refund = run.move_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertAlmostEqual(refund.amount_untaxed, 62)
        invoice = run.move_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertAlmostEqual(invoice.amount_untaxed, 310)

    def test_supplier_refund_is_a_vendor_credit_note(self):
        contract = self.new_contract(direction="supplier")
        self.bill(date(2026, 2, 28))
        contract.terminate(date(2026, 1, 31))
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "in_refund")
        self.assertAlmostEqual(run.move_ids.amount_untaxed, 310)

    # --- credit notes -----------------------------------------------------------

    def test_credit_note_without_rebilling_keeps_the_periods_billed(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        january = self.billed(contract, date(2026, 1, 1))
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id})
        )
        self.assertTrue(wizard.service_contract_has_dates)
        self.assertFalse(wizard.service_contract_rebill, "off unless chosen")
        wizard.refund_moves()
        self.assertEqual(wizard.new_move_ids.move_type, "out_refund")
        self.assertEqual(january.state, "billed")
        self.assertFalse(wizard.new_move_ids.line_ids.service_contract_billing_date_id)
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)

    def test_credit_note_with_rebilling_bills_the_period_again_once(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        january = self.billed(contract, date(2026, 1, 1))
        credit_note = self.reverse(invoice, rebill=True)
        self.assertEqual(january.state, "credited")
        self.assertEqual(january.credit_move_id, credit_note)
        self.assertEqual(january.invoice_line_id.move_id, invoice, "the invoice still shows what it billed")
        fresh = contract.billing_date_ids.filtered(
            lambda d: d.period_start == date(2026, 1, 1) and d.state == "to_bill"
        )
        self.assertEqual((fresh.kind, fresh.amount), ("regular", 310))
        credit_note.action_post()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.billing_date_count, 1)
        self.assertEqual(run.move_ids.invoice_line_ids.service_contract_billing_date_id, fresh)
        self.assertEqual(fresh.state, "billed")
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0, "exactly once")
        self.assertEqual(self.corrections(contract), [])
        # Neither date can go on a second invoice line.
        for billing_date in (january, fresh):
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
        # The original invoice cannot send its periods back a second time.
        with self.assertRaisesRegex(UserError, "no contract period"):
            self.reverse(invoice, rebill=True)

    def test_credit_note_of_an_ended_contract_rebills_by_correction(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        contract.action_expire()
        self.reverse(invoice, rebill=True)
        self.assertEqual(
            self.corrections(contract), [(date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 10), 310.0)]
        )
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.move_type, "out_invoice")
        self.assertIn(invoice.name, run.move_ids.invoice_line_ids.name)
        self.assertEqual(self.bill(date(2026, 1, 31)).billing_date_count, 0)

    def test_deleting_the_credit_note_undoes_the_rebilling(self):
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        january = self.billed(contract, date(2026, 1, 1))
        credit_note = self.reverse(invoice, rebill=True)
        credit_note.unlink()
        self.assertEqual(january.state, "billed")
        self.assertFalse(january.credit_move_id)
        self.assertFalse(contract.billing_date_ids.filtered(lambda d: d.date <= date(2026, 1, 31) and d.state == "to_bill"))

    def test_rebilling_refused_for_bad_input(self):
        contract = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        invoice = run.move_ids
        invoice.action_post()
        with self.assertRaisesRegex(UserError, "Reverse and Create Invoice"):
            self.reverse(invoice, rebill=True, modify=True)
        self.assertEqual(self.billed(contract, date(2026, 1, 1)).move_id, invoice, "nothing changed")
        self.assertFalse(invoice.reversal_move_ids)
        # A credit note of the billing run has no period to send back.
        contract.terminate(date(2026, 1, 20))
        refund = self.bill(date(2026, 1, 31)).move_ids
        refund.action_post()
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=refund.ids)
            .create({"journal_id": refund.journal_id.id})
        )
        self.assertFalse(wizard.service_contract_has_dates)
        with self.assertRaisesRegex(UserError, "no contract period"):
            self.reverse(refund, rebill=True)
