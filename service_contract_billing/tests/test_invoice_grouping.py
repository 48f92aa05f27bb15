# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestInvoiceGrouping(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax_export = cls.env["account.tax"].create(
            {"name": "Export 0%", "amount": 0, "type_tax_use": "sale"}
        )
        cls.fiscal_position = cls.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create(
                        {
                            "tax_src_id": cls.company_data["default_tax_sale"].id,
                            "tax_dest_id": cls.tax_export.id,
                        }
                    )
                ],
            }
        )
        cls.direct_debit = cls.env.ref("account.account_payment_method_manual_in")

    def test_fiscal_position_of_the_service_place_splits_and_maps_taxes(self):
        site = self.env["res.partner"].create(
            {"name": "Site abroad", "property_account_position_id": self.fiscal_position.id}
        )
        home = self.new_contract()
        abroad = self.new_contract(site, partner_invoice_id=self.partner_a.id)
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(run.move_ids.partner_id, self.partner_a)
        invoice_abroad = run.move_ids.filtered("fiscal_position_id")
        self.assertEqual(invoice_abroad.fiscal_position_id, self.fiscal_position)
        self.assertEqual(invoice_abroad.invoice_line_ids.service_contract_id, abroad)
        self.assertEqual(invoice_abroad.invoice_line_ids.tax_ids, self.tax_export)
        invoice_home = run.move_ids - invoice_abroad
        self.assertEqual(invoice_home.invoice_line_ids.service_contract_id, home)
        self.assertEqual(invoice_home.invoice_line_ids.tax_ids, self.company_data["default_tax_sale"])

    def test_fiscal_position_of_the_invoice_partner(self):
        self.partner_b.property_account_position_id = self.fiscal_position
        self.new_contract(self.partner_b)
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.move_ids.fiscal_position_id, self.fiscal_position)
        self.assertEqual(run.move_ids.invoice_line_ids.tax_ids, self.tax_export)

    def test_payment_method_splits_and_becomes_the_preferred_one(self):
        by_debit = self.new_contract(payment_method_id=self.direct_debit.id)
        plain = self.new_contract()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 2)
        invoice_debit = run.move_ids.filtered(lambda m: m.invoice_line_ids.service_contract_id == by_debit)
        self.assertEqual(invoice_debit.preferred_payment_method_line_id.payment_method_id, self.direct_debit)
        self.assertEqual(
            invoice_debit.preferred_payment_method_line_id.journal_id.company_id, self.env.company
        )
        invoice_plain = run.move_ids - invoice_debit
        self.assertEqual(invoice_plain.invoice_line_ids.service_contract_id, plain)

    def test_same_payment_method_shares_the_invoice(self):
        self.new_contract(payment_method_id=self.direct_debit.id)
        self.new_contract(payment_method_id=self.direct_debit.id)
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 1)
        self.assertEqual(len(run.move_ids.invoice_line_ids), 2)

    def test_payment_purpose_is_the_payment_reference(self):
        self.new_contract(payment_purpose="Mandate M-17 maintenance")
        self.new_contract(payment_purpose="Mandate M-17 maintenance")
        self.new_contract(payment_purpose="Mandate M-17 hotline")
        self.new_contract(self.partner_b)
        run = self.bill(date(2026, 1, 31))
        invoice_a = run.move_ids.filtered(lambda m: m.partner_id == self.partner_a)
        self.assertEqual(
            invoice_a.payment_reference, "Mandate M-17 maintenance; Mandate M-17 hotline"
        )
        invoice_a.action_post()
        self.assertEqual(
            invoice_a.payment_reference,
            "Mandate M-17 maintenance; Mandate M-17 hotline",
            "posting keeps the purpose",
        )
        invoice_b = run.move_ids - invoice_a
        self.assertFalse(invoice_b.payment_reference)

    def test_invoice_document_splits_and_is_remembered(self):
        report = self.env.ref("service_contract_billing.service_contract_invoice_report")
        documented = self.new_template("Documented", invoice_report_id=report.id)
        with_document = self.new_contract(template=documented)
        self.new_contract()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 2)
        invoice = run.move_ids.filtered("service_contract_invoice_report_id")
        self.assertEqual(invoice.service_contract_invoice_report_id, report)
        self.assertEqual(invoice.invoice_line_ids.service_contract_id, with_document)
        standard = run.move_ids - invoice
        send = self.env["account.move.send"]
        self.assertEqual(send._get_default_pdf_report_id(invoice), report)
        self.assertEqual(send._get_default_pdf_report_id(standard), self.env.ref("account.account_invoices"))
        # The invoice form's Print button uses the template's document.
        action = invoice.with_context(discard_logo_check=True).action_print_pdf()
        self.assertEqual(action["report_name"], "service_contract_billing.report_contract_invoice")

    def test_two_customers_with_one_invoice_address_get_two_invoices(self):
        Partner = self.env["res.partner"]
        billing_office = Partner.create({"name": "Shared Billing Office"})
        clinic = Partner.create({"name": "Clinic", "is_company": True})
        lab = Partner.create({"name": "Lab", "is_company": True})
        first = self.new_contract(clinic, partner_invoice_id=billing_office.id)
        second = self.new_contract(lab, partner_invoice_id=billing_office.id)
        self.assertNotEqual(first.commercial_partner_id, second.commercial_partner_id)
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(run.move_ids.partner_id, billing_office)
        self.assertEqual(
            {move.invoice_line_ids.service_contract_id for move in run.move_ids}, {first, second}
        )
        # Contracts of one customer still share the invoice.
        self.new_contract(clinic, partner_invoice_id=billing_office.id)
        self.new_contract(clinic, partner_invoice_id=billing_office.id)
        self.assertEqual(len(self.bill(date(2026, 2, 28)).move_ids), 2)
