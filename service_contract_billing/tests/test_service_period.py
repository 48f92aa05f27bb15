# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestServicePeriod(BillingCommon):
    """Invoice and vendor-bill lines carry the period they bill as their
    service period, on every path of the billing run; lines made by hand
    edit it; documents print it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.german = cls.env["res.partner"].create({"name": "Klinikum Nord", "lang": "de_DE"})

    def periods(self, moves):
        return sorted(
            (line.service_start_date, line.service_end_date, line.service_contract_billing_date_id)
            for line in moves.invoice_line_ids
        )

    def assert_lines_bill_their_periods(self, moves):
        lines = moves.invoice_line_ids
        self.assertTrue(lines)
        for line in lines:
            billing_date = line.service_contract_billing_date_id
            self.assertTrue(billing_date, "every line of the run bills a billing date")
            self.assertEqual(
                (line.service_start_date, line.service_end_date),
                (billing_date.period_start, billing_date.period_end),
            )

    def reverse(self, invoice, day=None):
        """The credit note of ``invoice`` made with Odoo's reversal wizard."""
        values = {"journal_id": invoice.journal_id.id}
        if day:
            values["date"] = day
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
        )
        wizard.refund_moves()
        return wizard.new_move_ids

    def hand_invoice(self, partner=None, move_type="out_invoice", **line_values):
        return self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or self.partner_a).id,
                "invoice_date": date(2026, 1, 15),
                "invoice_line_ids": [
                    Command.create({"product_id": self.fee.id, "price_unit": 1200, **line_values})
                ],
            }
        )

    # --- the billing run fills the period -------------------------------------

    def test_batch_invoices_and_vendor_bills_carry_their_periods(self):
        self.new_contract()
        self.new_contract(direction="supplier")
        run = self.bill(date(2026, 2, 28))
        invoices = run.move_ids.filtered(lambda m: m.move_type == "out_invoice")
        bills = run.move_ids.filtered(lambda m: m.move_type == "in_invoice")
        self.assertTrue(invoices and bills)
        for moves in (invoices, bills):
            self.assert_lines_bill_their_periods(moves)
            self.assertEqual(
                [(start, end) for start, end, _date in self.periods(moves)],
                [(date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))],
            )

    def test_invoice_by_invoice_retry_carries_the_periods(self):
        self.new_contract()
        self.new_contract(self.partner_b)
        Move = type(self.env["account.move"])
        create_with_all_lines = Move._create_with_all_lines

        def one_at_a_time(move, vals_list):
            if len(vals_list) > 1:
                raise ValueError("only one at a time")
            return create_with_all_lines(move, vals_list)

        with patch.object(Move, "_create_with_all_lines", one_at_a_time):
            run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 2, "billed invoice by invoice")
        self.assert_lines_bill_their_periods(run.move_ids)
        self.assertEqual(
            set(run.move_ids.invoice_line_ids.mapped("service_start_date")), {date(2026, 1, 1)}
        )

    def test_bill_on_creation_carries_the_period(self):
        template = self.new_template("On creation", bill_on_creation=True, bill_on_creation_count=2)
        contract = self.new_contract(template=template)
        moves = contract.billing_date_ids.filtered(lambda d: d.state == "billed").move_id
        self.assertTrue(moves)
        self.assert_lines_bill_their_periods(moves)
        self.assertEqual(
            [(start, end) for start, end, _date in self.periods(moves)],
            [(date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))],
        )

    def test_corrections_and_their_credit_notes_carry_the_corrected_period(self):
        contract = self.new_contract()
        first = self.bill(date(2026, 3, 31))
        first.move_ids.action_post()
        contract.terminate(date(2026, 2, 14))
        contract.action_expire()
        run = self.bill(date(2026, 1, 31))
        refund = run.move_ids
        self.assertEqual(refund.move_type, "out_refund")
        self.assert_lines_bill_their_periods(refund)
        corrected = refund.invoice_line_ids.service_contract_billing_date_id.corrected_id
        self.assertEqual(set(corrected.mapped("kind")), {"regular"})
        self.assertEqual(
            sorted((line.service_start_date, line.service_end_date) for line in refund.invoice_line_ids),
            [(date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 31))],
            "each correction carries the period it corrects",
        )
        self.assertEqual(
            sorted((d.period_start, d.period_end) for d in corrected),
            sorted((line.service_start_date, line.service_end_date) for line in refund.invoice_line_ids),
        )

    def test_positive_correction_carries_the_corrected_period(self):
        contract = self.new_contract()
        self.bill(date(2026, 2, 28)).move_ids.action_post()
        contract.line_ids._unlocked().quantity = 2
        run = self.bill(date(2026, 1, 31))
        lines = run.move_ids.invoice_line_ids.filtered(
            lambda line: line.service_contract_billing_date_id.kind == "correction"
        )
        self.assertTrue(lines, "the quantity change corrects the billed months")
        self.assert_lines_bill_their_periods(run.move_ids)
        self.assertEqual(
            sorted(lines.mapped("service_start_date")), [date(2026, 1, 1), date(2026, 2, 1)]
        )

    def test_run_invoices_are_still_completed_beforehand(self):
        """The service period does not send contract invoices back to
        create()'s line-by-line synchronisation: they are completed
        beforehand, as without it, and keep their period."""
        self.new_contract()
        self.new_contract(direction="supplier")
        Move = type(self.env["account.move"])
        complete = Move._complete_invoice_vals
        completed = []

        def spy(move, vals, cache):
            result = complete(move, vals, cache)
            completed.append(result is not None)
            return result

        with patch.object(Move, "_complete_invoice_vals", spy):
            run = self.bill(date(2026, 1, 31))
        self.assertEqual(completed, [True, True])
        self.assert_lines_bill_their_periods(run.move_ids)

    # --- shown and edited on the lines ------------------------------------------

    def test_run_lines_keep_their_period(self):
        self.new_contract()
        line = self.bill(date(2026, 1, 31)).move_ids.invoice_line_ids
        line.write({"service_start_date": "2026-01-01", "service_end_date": date(2026, 1, 31)})  # unchanged
        with self.assertRaisesRegex(UserError, "Service Start"):
            line.write({"service_start_date": date(2026, 1, 2)})
        with self.assertRaisesRegex(UserError, "Service End"):
            line.service_end_date = date(2026, 12, 31)
        line.name = "Wartung Januar"  # the label may still be changed

    def test_hand_made_lines_edit_their_period(self):
        invoice = self.hand_invoice()
        line = invoice.invoice_line_ids
        self.assertFalse(line.service_start_date)
        with Form(invoice) as form, form.invoice_line_ids.edit(0) as form_line:
            form_line.service_start_date = date(2026, 1, 1)
            form_line.service_end_date = date(2026, 12, 31)
        self.assertEqual((line.service_start_date, line.service_end_date), (date(2026, 1, 1), date(2026, 12, 31)))
        with self.assertRaises(ValidationError):
            line.service_end_date = False

    def test_invoice_form_shows_the_period_columns(self):
        self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        arch = invoice.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="service_start_date"', arch)
        self.assertIn('name="service_end_date"', arch)
        with Form(invoice) as form:
            with form.invoice_line_ids.edit(0) as form_line:
                self.assertEqual(str(form_line.service_start_date), "2026-01-01")

    def test_journal_items_filter_with_service_period(self):
        self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        hand = self.hand_invoice()
        search = self.env["account.move.line"].get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="service_contract_with_service_period"', search)
        found = self.env["account.move.line"].search(
            [("service_start_date", "!=", False), ("move_id", "in", (invoice | hand).ids)]
        )
        self.assertEqual(found, invoice.invoice_line_ids)

    def test_reversal_keeps_the_period(self):
        invoice = self.hand_invoice(service_start_date=date(2026, 1, 1), service_end_date=date(2026, 12, 31))
        invoice.action_post()
        credit_note = self.reverse(invoice, date(2026, 1, 20))
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(
            (credit_note.invoice_line_ids.service_start_date, credit_note.invoice_line_ids.service_end_date),
            (date(2026, 1, 1), date(2026, 12, 31)),
        )

    def test_reversal_of_a_contract_invoice_keeps_the_period(self):
        self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        credit_note = self.reverse(invoice)
        line = credit_note.invoice_line_ids
        self.assertFalse(line.service_contract_billing_date_id)
        self.assertEqual((line.service_start_date, line.service_end_date), (date(2026, 1, 1), date(2026, 1, 31)))

    # --- the invoice documents --------------------------------------------------

    def render(self, report, moves):
        return self.env["ir.actions.report"]._render_qweb_html(report, moves.ids)[0].decode()

    def test_standard_document_prints_the_period_in_german(self):
        invoice = self.hand_invoice(
            self.german, service_start_date=date(2026, 1, 1), service_end_date=date(2026, 12, 31)
        )
        html = self.render("account.account_invoices", invoice)
        self.assertIn("Leistungszeitraum: 01.01.2026 – 31.12.2026", html)
        english = self.hand_invoice(service_start_date=date(2026, 1, 1), service_end_date=date(2026, 12, 31))
        self.assertIn("Service period: 01/01/2026 – 12/31/2026", self.render("account.account_invoices", english))

    def test_standard_document_does_not_repeat_the_period_of_run_lines(self):
        contract = self.new_contract(self.german)
        invoice = self.bill(date(2026, 1, 31)).move_ids
        html = self.render("account.account_invoices", invoice)
        self.assertIn(f"{contract.name}: 01.01.2026 bis 31.01.2026", html, "the label made by the run")
        self.assertNotIn("Leistungszeitraum", html)
        self.assertEqual(html.count("01.01.2026"), 1)

    def test_contract_document_prints_the_period_of_every_line(self):
        report = self.env.ref("service_contract_billing.service_contract_invoice_report")
        contract = self.new_contract(self.german)
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.invoice_line_ids = [
            Command.create(
                {
                    "product_id": self.fee.id,
                    "name": "Zusatzleistung",
                    "price_unit": 50,
                    "service_start_date": date(2026, 3, 1),
                    "service_end_date": date(2026, 3, 31),
                }
            )
        ]
        html = self.render(report, invoice)
        for day in ("01.01.2026", "31.01.2026", "01.03.2026", "31.03.2026"):
            self.assertEqual(html.count(day), 1, f"{day} once, in the Service Period column")
        self.assertIn(contract.name, html)

    def test_standard_document_prints_the_period_once_on_credit_notes_and_edited_labels(self):
        contract = self.new_contract(self.german)
        invoice = self.bill(date(2026, 2, 28)).move_ids
        invoice.action_post()
        credit_note = self.reverse(invoice)
        html = self.render("account.account_invoices", credit_note)
        self.assertIn(f"{contract.name}: 01.01.2026 bis 31.01.2026", html, "the label copied from the invoice")
        self.assertNotIn("Leistungszeitraum", html, "its period is not repeated")
        # A label whose period was edited away gets the period printed.
        draft = self.bill(date(2026, 3, 31)).move_ids
        draft.invoice_line_ids.name = "Wartung März"
        html = self.render("account.account_invoices", draft)
        self.assertIn("Leistungszeitraum: 01.03.2026 – 31.03.2026", html)

    def test_contract_document_of_a_credit_note_shows_the_period_in_its_column(self):
        report = self.env.ref("service_contract_billing.service_contract_invoice_report")
        self.new_contract(self.german)
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        credit_note = self.reverse(invoice)
        html = self.render(report, credit_note)
        for day in ("01.01.2026", "31.01.2026"):
            self.assertEqual(html.count(day), 1, f"{day} once, in the Service Period column")
