# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """A portal customer and an internal user, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.external_report_layout_id = env.ref("web.external_layout_standard")
        env["service.contract.template"].search([]).action_archive()
        hotline = env["service.contract.service"].create(
            {
                "name": "Tour hotline",
                "kind_id": env.ref("service_contract.service_kind_hotline").id,
                "scope": "device",
                "reaction_time": 4,
            }
        )
        package = env["service.contract.package"].create(
            {"name": "Tour package", "line_ids": [Command.create({"service_id": hotline.id})]}
        )
        fee = env["product.product"].create({"name": "Tour fee", "type": "service", "list_price": 40})
        cls.template = env["service.contract.template"].create(
            {
                "name": "Tour template",
                "package_ids": [Command.set(package.ids)],
                "billing_product_ids": [Command.set(fee.ids)],
            }
        )
        cls.customer = env["res.partner"].create({"name": "Tour Customer", "is_company": True})
        cls.portal = new_test_user(
            env, login="tour_portal", password="tour_portal", groups="base.group_portal"
        )
        cls.portal.partner_id.parent_id = cls.customer
        cls.contract = env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": fields.Date.today() - relativedelta(months=1),
                "line_ids": [Command.create({"product_id": fee.id})],
                "device_ids": [
                    Command.create(
                        {
                            "product_id": env["product.product"]
                            .create({"name": "Tour chiller", "type": "consu"})
                            .id,
                            "serial_number": "SN-TOUR-1",
                        }
                    )
                ],
            }
        )
        cls.contract.action_start()
        cls.clerk = new_test_user(
            env,
            login="tour_clerk",
            password="tour_clerk",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "service_contract.service_contract_group_user",
        )

    def test_portal_customer_opens_contract_pdf_and_devices(self):
        self.start_tour("/my", "service_contract_portal", login="tour_portal")
        self.authenticate("tour_portal", "tour_portal")
        pdf = self.url_open(self.contract.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        # Odoo's test mode answers report requests with the report's HTML
        # (test_report.py renders the real PDF with wkhtmltopdf).
        self.assertIn("SN-TOUR-1", pdf.text)

    def test_internal_user_creates_and_starts_a_contract_with_the_wizard(self):
        self.start_tour(
            "/odoo/action-service_contract.service_contract_action",
            "service_contract_wizard",
            login="tour_clerk",
        )
        created = self.env["service.contract"].search(
            [("partner_id", "=", self.customer.id), ("id", "!=", self.contract.id)]
        )
        self.assertEqual(len(created), 1)
        self.assertEqual(created.state, "running")
        self.assertEqual(created.template_id, self.template)
        self.assertEqual(created.create_uid, self.clerk)
