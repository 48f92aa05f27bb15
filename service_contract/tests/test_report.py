# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import logging
import socket
from datetime import date

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import tagged

from .common import ServiceContractCommon

_logger = logging.getLogger("odoo.addons.base.models.ir_actions_report")


@tagged("post_install", "-at_install")
class TestContractDocument(ServiceContractCommon):
    """The contract document renders as a real PDF with wkhtmltopdf."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(["service_contract"], ["de_DE"])
        cls.customer = cls.env["res.partner"].create(
            {"name": "Labor Dr. Weiss", "lang": "de_DE", "city": "Leipzig"}
        )
        cls.site = cls.env["res.partner"].create(
            {"name": "Labor Weiss Halle 2", "parent_id": cls.customer.id, "type": "other"}
        )
        cls.device = cls.env["product.product"].create({"name": "Centrifuge Z300", "type": "consu"})
        cls.template = cls.Template.create(cls.template_vals())
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": date(2026, 1, 1),
                "notice_period_days": 90,
                "payment_purpose": "Mandate M-4711",
                "line_ids": [Command.create({"product_id": cls.fee.id, "price_unit": 149})],
                "device_ids": [
                    Command.create(
                        {
                            "product_id": cls.device.id,
                            "serial_number": "SN-77881",
                            "location_partner_id": cls.site.id,
                        }
                    )
                ],
            }
        )

    def pdf_text(self, contract):
        """Render the contract document with wkhtmltopdf; return its text.

        Debian's wkhtmltopdf (unpatched Qt) draws the report's web fonts as
        outlines, which leaves a PDF without extractable text. So the
        stylesheets are made unreachable here: the same document is printed
        with the system's fonts, as text. The only warnings accepted are
        that one and the notice of the unpatched Qt."""
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            unreachable = f"http://127.0.0.1:{closed.getsockname()[1]}"
        self.env["ir.config_parameter"].sudo().set_param("report.url", unreachable)
        with self.assertLogs("odoo.addons.base.models.ir_actions_report", "WARNING") as logs:
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(contract._get_contract_report(), contract.ids)
            )
            _logger.warning("rendered")  # assertLogs needs one record at least
        for message in logs.output[:-1]:
            for line in filter(None, message.splitlines()[1:]):
                self.assertIn("ConnectionRefusedError", line, "no other wkhtmltopdf error")
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        return " ".join(text.split())

    def test_contract_pdf_shows_parties_term_services_devices_and_price(self):
        text = self.pdf_text(self.contract)
        for expected in (
            self.contract.name,
            "Labor Dr. Weiss",
            "Hotline",
            "Maintenance visit",
            "Centrifuge Z300",
            "SN-77881",
            "Mandate M-4711",
            "149",
            "90",
        ):
            self.assertIn(expected, text)

    def test_contract_pdf_is_in_the_customers_language(self):
        text = self.pdf_text(self.contract)
        self.assertIn("Servicevertrag", text)
        self.assertIn("Abgedeckte Geräte", text)
        self.assertIn("Kündigungsfrist", text)

    def test_print_button_uses_the_templates_document(self):
        action = self.contract.action_print_contract()
        self.assertEqual(action["report_name"], "service_contract.report_service_contract")
        self.template.contract_report_id = False
        action = self.contract.action_print_contract()
        self.assertEqual(action["report_name"], "service_contract.report_service_contract")
