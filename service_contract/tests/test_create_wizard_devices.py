# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from lxml import etree

from odoo.tests import Form

from .common import ServiceContractCommon


class TestCreateWizardDevices(ServiceContractCommon):
    """The wizard takes the covered devices, shows the price with its period
    and makes supplier contracts when opened from them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["service.contract.create.wizard"]
        cls.Template.search([]).action_archive()
        cls.template = cls.Template.create(cls.template_vals(name="Devices", sequence=1))
        cls.customer = cls.env["res.partner"].create({"name": "Lab West", "is_company": True})
        cls.site = cls.env["res.partner"].create(
            {"name": "Lab West, building 2", "parent_id": cls.customer.id, "type": "other"}
        )
        cls.chiller = cls.env["product.product"].create({"name": "Chiller", "type": "consu"})

    def test_devices_entered_in_the_wizard_are_covered(self):
        with Form(self.Wizard.with_user(self.contract_user)) as form:
            form.partner_id = self.customer
            form.date_start = date(2026, 2, 1)
            form.print_document = False
            with form.device_ids.new() as device:
                device.product_id = self.chiller
                device.serial_number = "CH-1"
                device.location_partner_id = self.site
                device.date_start = date(2026, 3, 1)
            with form.device_ids.new() as device:
                device.product_id = self.chiller
                device.serial_number = "CH-2"
        action = form.record.action_create()
        self.assertEqual(action["res_model"], "service.contract")
        self.assertEqual(action["view_mode"], "form")
        contract = self.env["service.contract"].browse(action["res_id"])
        self.assertEqual(contract.direction, "customer")
        self.assertEqual(
            [
                (d.product_id, d.serial_number, d.location_partner_id, d.date_start)
                for d in contract.device_ids
            ],
            [
                (self.chiller, "CH-1", self.site, date(2026, 3, 1)),
                (self.chiller, "CH-2", self.env["res.partner"], False),
            ],
        )
        self.assertEqual(contract.device_count, 2)
        self.assertTrue(contract.entitlement_ids, "the package's rights are granted")

    def test_price_shows_its_period(self):
        with Form(self.Wizard) as form:
            form.partner_id = self.customer
            self.assertEqual(form.price_period, "per Month")
            self.template.billing_interval = "yearly"
            form.template_id = self.template
            form.quantity = 2
            self.assertEqual(form.price_period, "per Year")
        self.assertEqual(form.record.price_period, "per Year")

    def test_opened_from_supplier_contracts_it_makes_a_supplier_contract(self):
        wizard = self.Wizard.with_context(default_direction="supplier").create(
            {"partner_id": self.customer.id, "print_document": False}
        )
        self.assertEqual(wizard.direction, "supplier")
        self.assertFalse(wizard.pricelist_id, "supplier contracts have no pricelist")
        contract = self.env["service.contract"].browse(wizard.action_create()["res_id"])
        self.assertEqual(contract.direction, "supplier")
        self.assertFalse(contract.pricelist_id)

    def test_partner_label_follows_the_direction(self):
        arch = etree.fromstring(self.Wizard.get_view()["arch"])
        self.assertEqual(
            [
                (label.get("string"), label.get("invisible"))
                for label in arch.iterfind(".//label[@for='partner_id']")
            ],
            [("Customer", "direction == 'supplier'"), ("Partner", "direction != 'supplier'")],
        )
