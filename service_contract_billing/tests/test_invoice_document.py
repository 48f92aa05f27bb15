# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import shutil
import socket
import subprocess
from datetime import date
from urllib.parse import urlparse

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BillingCommon


def render_pdf(report, records):
    """Render with wkhtmltopdf even in test mode. Debian's wkhtmltopdf (Qt
    not patched) warns on stderr that it ignores Odoo's header and footer
    switches, and Odoo logs that as a warning: muted here, the PDF's text
    is checked instead."""
    with mute_logger("odoo.addons.base.models.ir_actions_report"):
        return (
            records.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )


def pdf_text(content):
    """The text of a PDF, as poppler's pdftotext reads it."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    ).stdout.decode()


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestInvoiceDocument(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env.ref("service_contract_billing.service_contract_invoice_report")
        cls.documented = cls.new_template("Documented", invoice_report_id=cls.report.id)
        cls.partner_a.lang = "en_US"

    def setUp(self):
        super().setUp()
        if not shutil.which("pdftotext") or not shutil.which("wkhtmltopdf"):
            self.skipTest("needs wkhtmltopdf and pdftotext (poppler-utils)")
        # wkhtmltopdf must not fetch the styles from this test's own server:
        # that request would wait for this test's open transaction, which
        # waits for wkhtmltopdf. Point it at a port that refuses connections
        # (bound, never listening); the PDF's text is what the tests check.
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        self.addCleanup(closed.close)
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:%s" % closed.getsockname()[1]
        )

    def test_contract_invoice_pdf_shows_contract_and_period(self):
        contract = self.new_contract(template=self.documented)
        run = self.bill(date(2026, 2, 28))
        invoice = run.move_ids
        self.assertEqual(invoice.service_contract_invoice_report_id, self.report)
        content, report_type = render_pdf(self.report, invoice)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        text = pdf_text(content)
        self.assertIn("Draft Invoice", " ".join(text.split()))
        self.assertIn(contract.name, text)
        for period in ("01/01/2026", "01/31/2026", "02/01/2026", "02/28/2026"):
            self.assertIn(period, text)
        self.assertIn("Service Period", text)
        # The company's document layout frames it (its header holds the
        # company's address; Debian's wkhtmltopdf drops headers, so the HTML).
        html = self.env["ir.actions.report"]._render_qweb_html(self.report, invoice.ids)[0].decode()
        self.assertIn(f"o_company_{self.env.company.id}_layout", html)
        self.assertIn(self.env.company.name, html)

    def test_print_invoices_of_a_run_in_one_pdf(self):
        documented = self.new_contract(template=self.documented)
        standard = self.new_contract(self.partner_b)
        run = self.bill(date(2026, 1, 31))
        self.assertTrue(run.print_invoice)
        self.assertEqual(len(run.move_ids), 2)
        with mute_logger("odoo.addons.base.models.ir_actions_report"):  # see render_pdf
            action = run.with_context(force_report_rendering=True).action_print_invoices()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(urlparse(action["url"]).path.rsplit("/", 1)[1])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual((attachment.res_model, attachment.res_id), (run._name, run.id))
        text = pdf_text(base64.b64decode(attachment.datas))
        # The contract invoice with its document, the other with Odoo's.
        self.assertIn(documented.name, text)
        self.assertIn("Service Period", text)
        self.assertIn(standard.name, text)
        self.assertIn(self.partner_b.name, text)

    def test_print_invoice_default_and_nothing_to_print(self):
        silent = self.new_template("Silent", print_invoice=False)
        self.assertFalse(self.Run.create({"date_cutoff": date(2026, 1, 31), "template_id": silent.id}).print_invoice)
        self.assertTrue(
            self.Run.create({"date_cutoff": date(2026, 1, 31), "template_id": self.documented.id}).print_invoice
        )
        self.assertTrue(self.Run.create({"date_cutoff": date(2026, 1, 31)}).print_invoice)
        self.env["service.contract.template"].search([]).print_invoice = False
        self.assertFalse(self.Run.create({"date_cutoff": date(2026, 1, 31)}).print_invoice)
        empty = self.bill(date(2026, 1, 31))
        with self.assertRaises(UserError):
            empty.action_print_invoices()

    def test_send_and_print_uses_the_contract_document(self):
        contract = self.new_contract(template=self.documented)
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.action_post()
        wizard = (
            self.env["account.move.send.wizard"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"sending_methods": ["manual"]})
        )
        self.assertEqual(wizard.pdf_report_id, self.report)
        wizard.action_send_and_print()
        # The invoice's document is stored (HTML in Odoo's test mode).
        stored = invoice.invoice_pdf_report_id.raw.decode()
        self.assertIn("Service Period", stored)
        self.assertIn(contract.name, stored)

    def test_document_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["service_contract_billing"], ["de_DE"], overwrite=True)
        self.partner_a.lang = "de_DE"
        contract = self.new_contract(template=self.documented)
        invoice = self.bill(date(2026, 1, 31)).move_ids
        html = self.env["ir.actions.report"]._render_qweb_html(self.report, invoice.ids)[0].decode()
        self.assertIn("Leistungszeitraum", html)
        self.assertIn("Rechnungsentwurf", html)
        self.assertIn(contract.name, html)
        self.assertIn("01.01.2026", html)
        self.assertIn("31.01.2026", html)
