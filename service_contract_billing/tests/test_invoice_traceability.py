# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BillingCommon

#: A record link of a chatter message: (model, id).
LINK = re.compile(r"""data-oe-model=["']([\w.]+)["'] data-oe-id=["'](\d+)["']""")


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestInvoiceTraceability(BillingCommon):
    """Invoices traceable both ways: the run's and the contract's invoices in
    Odoo's own invoice and bill lists, the contracts of an invoice, the
    invoice's origin in its chatter, the run's totals by kind of invoice."""

    def assert_moves_action(self, action, moves, list_view_xmlid):
        """``action`` is Odoo's invoice (bill) action showing ``moves``: its
        list, or the form of a single one."""
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(action["domain"], [("id", "in", moves.ids)])
        self.assertEqual(self.env["account.move"].search(action["domain"]), moves)
        self.assertNotIn("path", action)
        if len(moves) == 1:
            self.assertEqual(action["res_id"], moves.id)
            self.assertEqual(action["views"], [(self.env.ref("account.view_move_form").id, "form")])
            return
        views = {mode: view_id for view_id, mode in action["views"]}
        self.assertEqual(views.get("list"), self.env.ref(list_view_xmlid).id, "Odoo's own list")

    def test_run_totals_by_kind_and_lists(self):
        customer = self.new_contract()
        supplier = self.new_contract(self.partner_b, direction="supplier")
        other_customer = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 2, 28))
        invoices = run.move_ids.filtered(lambda m: m.move_type == "out_invoice")
        bill = run.move_ids.filtered(lambda m: m.move_type == "in_invoice")
        self.assertEqual((len(invoices), len(bill)), (2, 1))
        self.assertEqual((run.move_count, run.invoice_count, run.vendor_bill_count), (3, 2, 1))
        self.assertAlmostEqual(run.amount_invoiced, 400)
        self.assertAlmostEqual(run.amount_vendor_billed, 200, msg="not added to the invoices")
        self.assertAlmostEqual(run.amount_refunded, 0)
        self.assertEqual(run.billing_date_count, 6)
        self.assertIn("vendor bills", run.message_ids[0].body)

        self.assert_moves_action(run.action_view_invoices(), invoices, "account.view_out_invoice_tree")
        self.assert_moves_action(run.action_view_vendor_bills(), bill, "account.view_in_invoice_bill_tree")
        self.assertEqual(run.action_view_invoices()["context"]["default_move_type"], "out_invoice")
        self.assertEqual(run.action_view_vendor_bills()["context"]["default_move_type"], "in_invoice")

        # The contract's Invoices button: its own invoices (bills) only.
        self.assertEqual((customer.invoice_count, supplier.invoice_count), (1, 1))
        invoice = invoices.filtered(lambda m: m.partner_id == self.partner_a)
        self.assert_moves_action(customer.action_view_invoices(), invoice, "account.view_out_invoice_tree")
        self.assertEqual(other_customer.invoice_ids, invoices - invoice)
        self.assert_moves_action(supplier.action_view_invoices(), bill, "account.view_in_invoice_bill_tree")

    def test_contract_invoices_include_credit_notes_and_open_one_in_its_form(self):
        contract = self.new_contract()
        other = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 1, 31))
        invoice = run.move_ids.filtered(lambda m: m.partner_id == self.partner_a)
        self.assertEqual(contract.invoice_ids, invoice)
        action = contract.action_view_invoices()
        self.assertEqual((action["res_id"], action["view_mode"]), (invoice.id, "form"))
        self.assertEqual(action["views"], [(self.env.ref("account.view_move_form").id, "form")])
        invoice.action_post()
        credit_note = invoice._reverse_moves()
        contract.invalidate_recordset(["invoice_ids", "invoice_count"])
        self.assertEqual(contract.invoice_ids, invoice | credit_note)
        self.assertEqual(contract.invoice_count, 2)
        self.assert_moves_action(
            contract.action_view_invoices(), invoice | credit_note, "account.view_out_invoice_tree"
        )
        self.assertNotIn(credit_note, other.invoice_ids)
        # The credit note knows the contracts of the invoice it refunds.
        self.assertEqual(credit_note.service_contract_ids, contract)

    def test_invoice_lists_its_contracts(self):
        contract_a = self.new_contract()
        contract_a2 = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        invoice = run.move_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.service_contract_ids, contract_a | contract_a2)
        self.assertEqual(invoice.service_contract_count, 2)
        action = invoice.action_view_service_contracts()
        self.assertEqual(action["res_model"], "service.contract")
        self.assertEqual(action["domain"], [("id", "in", (contract_a | contract_a2).ids)])
        self.assertEqual(self.env["service.contract"].search(action["domain"]), contract_a | contract_a2)
        manual = self.init_invoice("out_invoice", products=self.fee)
        self.assertFalse(manual.service_contract_count)

    def test_billing_date_opens_its_invoice(self):
        contract = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        billed = contract.billing_date_ids.filtered(lambda d: d.state == "billed")
        self.assertEqual(len(billed), 1)
        action = billed.action_view_invoice()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", run.move_ids.id))

    def assert_origin_logged(self, run, contracts_by_move):
        """Each move has one internal note linking ``run`` and exactly its
        contracts."""
        for move, contracts in contracts_by_move.items():
            messages = move.message_ids.filtered(lambda m: "Created by billing run" in (m.body or ""))
            self.assertEqual(len(messages), 1, "one message per invoice")
            links = set(LINK.findall(messages.body))
            expected = {("service.contract.billing.run", str(run.id))}
            expected |= {("service.contract", str(contract.id)) for contract in contracts}
            self.assertEqual(links, expected)
            for contract in contracts:
                self.assertIn(contract.name, messages.body)
            self.assertEqual(messages.subtype_id, self.env.ref("mail.mt_note"), "an internal note")

    def test_chatter_says_where_the_invoice_comes_from(self):
        contract_a = self.new_contract()
        contract_a2 = self.new_contract()
        contract_b = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 1, 31))
        invoice_a = run.move_ids.filtered(lambda m: m.partner_id == self.partner_a)
        invoice_b = run.move_ids - invoice_a
        self.assert_origin_logged(run, {invoice_a: contract_a | contract_a2, invoice_b: contract_b})

    def test_chatter_also_on_invoices_created_by_odoo(self):
        """Invoices the fast path cannot complete are created by create():
        they get the same message."""
        contract = self.new_contract()
        Move = type(self.env["account.move"])
        with patch.object(Move, "_complete_invoice_vals", lambda self, vals, cache: None):
            run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 1)
        self.assert_origin_logged(run, {run.move_ids: contract})

    def test_chatter_when_the_batch_is_created_invoice_by_invoice(self):
        """A failing batch is created again invoice by invoice: each invoice
        still gets its message, once."""
        contract_a = self.new_contract()
        contract_b = self.new_contract(self.partner_b)
        Move = type(self.env["account.move"])
        original = Move._create_with_all_lines

        def create(self, vals_list):
            if len(vals_list) > 1:
                raise ValueError("batch refused")
            return original(self, vals_list)

        with patch.object(Move, "_create_with_all_lines", create):
            run = self.bill(date(2026, 1, 31))
        invoice_a = run.move_ids.filtered(lambda m: m.partner_id == self.partner_a)
        self.assert_origin_logged(run, {invoice_a: contract_a, run.move_ids - invoice_a: contract_b})
