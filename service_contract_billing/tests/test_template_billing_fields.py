# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestTemplateBillingFields(BillingCommon):
    """The template fields only billing uses are the billing addon's."""

    def test_fields_belong_to_the_billing_addon(self):
        for name in ("bill_on_creation", "bill_on_creation_count", "invoice_report_id", "print_invoice"):
            field = self.env["ir.model.fields"]._get("service.contract.template", name)
            self.assertEqual(field.modules, "service_contract_billing", name)

    def test_bill_on_creation_count_is_not_negative(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.new_template("Negative", bill_on_creation=True, bill_on_creation_count=-1)
        self.assertEqual(self.new_template("Two", bill_on_creation_count=2).bill_on_creation_count, 2)

    def test_invoice_document_is_an_invoice_report(self):
        invoice_report = self.env.ref("service_contract_billing.service_contract_invoice_report")
        contract_report = self.env.ref("service_contract.service_contract_report")
        self.assertIn("account.move", str(self.env["service.contract.template"]._fields["invoice_report_id"].domain))
        with self.assertRaisesRegex(ValidationError, "Invoice Document"), self.env.cr.savepoint():
            self.new_template("Wrong document", invoice_report_id=contract_report.id)
        template = self.new_template("Right document", invoice_report_id=invoice_report.id)
        self.assertEqual(template.invoice_report_id, invoice_report)
        self.assertTrue(template.print_invoice, "printed by default")

    def test_template_form_shows_them(self):
        arch = self.env["service.contract.template"].get_view(view_type="form")["arch"]
        for name in ("invoice_per_contract", "bill_on_creation", "bill_on_creation_count",
                     "invoice_report_id", "print_invoice"):
            self.assertIn(f'name="{name}"', arch)
