# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestToursWizard(HttpCase):
    """The New Service Contract wizard in headless Chromium: devices, the
    price's period, the document offered, the partner label."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.external_report_layout_id = env.ref("web.external_layout_standard")
        env["service.contract.template"].search([]).action_archive()
        fee = env["product.product"].create(
            {"name": "Wizard fee", "type": "service", "list_price": 89}
        )
        cls.template = env["service.contract.template"].create(
            {
                "name": "Wizard template",
                "billing_interval": "monthly",
                "billing_product_ids": [Command.set(fee.ids)],
            }
        )
        cls.customer = env["res.partner"].create({"name": "Wizard Customer", "is_company": True})
        cls.supplier = env["res.partner"].create({"name": "Wizard Supplier", "is_company": True})
        cls.chiller = env["product.product"].create({"name": "Wizard chiller", "type": "consu"})
        cls.clerk = new_test_user(
            env,
            login="wizard_clerk",
            password="wizard_clerk",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "service_contract.service_contract_group_user",
        )

    def test_wizard_creates_a_contract_with_its_devices(self):
        self.start_tour(
            "/odoo/action-service_contract.service_contract_action",
            "service_contract_wizard_devices",
            login="wizard_clerk",
        )
        contract = self.env["service.contract"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.direction, "customer")
        self.assertEqual(contract.device_ids.product_id, self.chiller)
        self.assertEqual(contract.device_ids.serial_number, "SN-WIZ-1")

    def test_wizard_from_supplier_contracts_says_partner(self):
        self.start_tour(
            "/odoo/action-service_contract.service_contract_action_supplier",
            "service_contract_wizard_supplier",
            login="wizard_clerk",
        )
        contract = self.env["service.contract"].search([("partner_id", "=", self.supplier.id)])
        self.assertEqual(contract.direction, "supplier")
