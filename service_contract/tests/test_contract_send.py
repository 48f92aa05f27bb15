# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Send by Email and Customer Preview of a contract, as of a quotation."""

from datetime import date

from odoo import Command
from odoo.tests import Form, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestContractSend(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Praxis Nord", "email": "praxis@example.com"}
        )
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.Template.create(cls.template_vals()).id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": cls.fee.id})],
            }
        )
        cls.template = cls.env.ref("service_contract.mail_template_contract_send")

    def test_send_opens_the_composer_with_the_template(self):
        action = self.contract.action_send_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["target"], "new")
        context = action["context"]
        self.assertEqual(context["default_template_id"], self.template.id)
        self.assertEqual(context["default_res_ids"], self.contract.ids)
        self.assertEqual(self.template.report_template_ids, self.env.ref("service_contract.service_contract_report"))

        composer = Form(self.env["mail.compose.message"].with_context(**context))
        self.assertIn(self.contract.name, composer.subject)
        self.assertIn(self.customer, composer.partner_ids[:])
        portal_url = self.contract.get_base_url() + self.contract.get_portal_url()
        self.assertTrue(self.contract.access_token)
        self.assertIn(portal_url.replace("&", "&amp;"), composer.body)
        self.assertEqual(len(composer.attachment_ids), 1, "the contract document is attached")
        self.assertIn(self.contract.name, composer.attachment_ids[0].name)

        composer.save().action_send_mail()
        message = self.contract.message_ids[0]
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn(self.contract.get_portal_url().replace("&", "&amp;"), message.body)

    def test_customer_preview_opens_the_portal_page(self):
        action = self.contract.action_preview_contract()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            action["url"],
            f"/my/service_contracts/{self.contract.id}?access_token={self.contract.access_token}",
        )
