# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from lxml import html

from odoo import Command
from odoo.tests import tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestContractDocumentLayout(ServiceContractCommon):
    """The contract document keeps each heading with its table, states the
    services with their units and ends with a signature block for both
    parties."""

    def test_headings_kept_with_tables_and_signature_block(self):
        self.env["res.lang"]._activate_lang("en_US")
        customer = self.env["res.partner"].create({"name": "Layout Clinic", "lang": "en_US"})
        contract = self.env["service.contract"].create(
            {
                "partner_id": customer.id,
                "template_id": self.Template.create(self.template_vals()).id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": self.fee.id})],
                "device_ids": [
                    Command.create(
                        {
                            "product_id": self.env["product.product"]
                            .create({"name": "Layout chiller", "type": "consu"})
                            .id,
                            "serial_number": "SN-LAYOUT",
                        }
                    )
                ],
            }
        )
        content, _ = self.env["ir.actions.report"]._render_qweb_html(
            contract._get_contract_report().report_name, contract.ids
        )
        doc = html.fromstring(content)
        blocks = doc.xpath("//div[contains(@class, 'o_service_contract_keep')]")
        # The package, the devices, the price and the signatures.
        self.assertEqual(len(blocks), 4)
        for block in blocks[:3]:
            self.assertIn("page-break-inside: avoid", block.get("style"))
            self.assertTrue(block.xpath(".//h4 or .//h5"), "the heading is inside the block")
            self.assertTrue(block.xpath(".//table"), "with its table")
        services = " ".join(blocks[0].text_content().split())
        self.assertIn("Unlimited", services)
        self.assertIn("2 Units per Year", services)
        self.assertIn("2 h", services)
        self.assertIn("Contract term", services)
        signatures = doc.xpath("//div[contains(@class, 'o_service_contract_signature')]")
        self.assertEqual(len(signatures), 2)
        text = " ".join(doc.xpath("//div[@name='signatures']")[0].text_content().split())
        self.assertEqual(text.count("Place, date"), 2)
        self.assertIn(f"For the contractor: {self.env.company.name}", text)
        self.assertIn("For the customer: Layout Clinic", text)
