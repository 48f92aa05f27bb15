# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import ServiceContractCommon


class TestCreateWizard(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["service.contract.create.wizard"]
        cls.germany = cls.env.ref("base.de")
        cls.customer_de = cls.env["res.partner"].create(
            {"name": "Praxis Berlin", "country_id": cls.germany.id}
        )
        cls.customer_fr = cls.env["res.partner"].create(
            {"name": "Cabinet Paris", "country_id": cls.env.ref("base.fr").id}
        )
        cls.fee_large = cls.env["product.product"].create(
            {"name": "Large fee", "type": "service", "list_price": 250}
        )
        # Other templates (e.g. demo data) must not disturb these tests.
        cls.Template.search([]).action_archive()
        cls.everywhere = cls.Template.create(cls.template_vals(name="Everywhere", sequence=1))
        cls.germany_only = cls.Template.create(
            cls.template_vals(
                name="Germany only",
                sequence=2,
                validity_formula="customer_country == 'DE'",
                price_formula="product_price * 0.9",
                billing_product_ids=[Command.set((cls.fee | cls.fee_large).ids)],
            )
        )

    def test_only_valid_templates_are_offered(self):
        wizard = self.Wizard.new({"partner_id": self.customer_de.id})
        self.assertEqual(wizard.available_template_ids._origin, self.everywhere | self.germany_only)
        wizard = self.Wizard.new({"partner_id": self.customer_fr.id})
        self.assertEqual(wizard.available_template_ids._origin, self.everywhere)

    def test_create_contract_with_chosen_product_and_formula_price(self):
        action = self.customer_de.with_user(self.contract_user).action_new_service_contract()
        with Form(
            self.Wizard.with_user(self.contract_user).with_context(**action["context"])
        ) as form:
            self.assertEqual(form.template_id, self.everywhere)
            self.assertEqual(form.billing_product_id, self.fee)
            self.assertFalse(form.has_billing_product_choice)
            form.template_id = self.germany_only
            self.assertTrue(form.has_billing_product_choice)
            self.assertEqual(form.billing_product_id, self.fee)
            self.assertAlmostEqual(form.price_unit, 90)
            form.billing_product_id = self.fee_large
            self.assertAlmostEqual(form.price_unit, 225)
            form.quantity = 2
            form.date_start = date(2026, 2, 1)
            self.assertEqual(form.date_end, date(2027, 1, 31))
            self.assertTrue(form.print_document, "the template's document is offered")
            form.print_document = False
        result = form.record.action_create()
        contract = self.env["service.contract"].browse(result["res_id"])
        self.assertEqual(contract.partner_id, self.customer_de)
        self.assertEqual(contract.template_id, self.germany_only)
        self.assertEqual(contract.package_ids, self.package)
        self.assertEqual(contract.date_end_agreed, date(2027, 1, 31))
        self.assertEqual(contract.line_ids.product_id, self.fee_large)
        self.assertAlmostEqual(contract.line_ids.price_unit, 225)
        self.assertEqual(contract.line_ids.quantity, 2)
        self.assertEqual(self.customer_de.service_contract_count, 1)
        domain = self.customer_de.action_view_service_contracts()["domain"]
        self.assertEqual(self.env["service.contract"].search(domain), contract)

    def test_contract_document_is_offered_for_printing(self):
        wizard = self.Wizard.create({"partner_id": self.customer_de.id})
        self.assertEqual(
            wizard.contract_report_id, self.env.ref("service_contract.service_contract_report")
        )
        action = wizard.action_create()
        contract = self.env["service.contract"].search([("partner_id", "=", self.customer_de.id)])
        # The document is offered in a notification; the new contract opens.
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["links"][0]["url"],
            f"/report/pdf/service_contract.report_service_contract/{contract.id}",
        )
        self.assertEqual(action["params"]["next"]["res_model"], "service.contract")
        self.assertEqual(action["params"]["next"]["res_id"], contract.id)
        self.everywhere.contract_report_id = False
        wizard = self.Wizard.create({"partner_id": self.customer_fr.id})
        self.assertFalse(wizard.print_document)
        self.assertEqual(wizard.action_create()["res_model"], "service.contract")

    def test_template_not_offered_is_refused(self):
        wizard = self.Wizard.create(
            {"partner_id": self.customer_fr.id, "template_id": self.germany_only.id}
        )
        count = self.env["service.contract"].search_count([])
        with self.assertRaisesRegex(UserError, "not offered"):
            wizard.action_create()
        self.assertEqual(self.env["service.contract"].search_count([]), count)

    def test_no_template_offered(self):
        self.everywhere.validity_formula = "False"
        wizard = self.Wizard.create({"partner_id": self.customer_fr.id})
        self.assertFalse(wizard.template_id)
        with self.assertRaisesRegex(UserError, "No contract template"):
            wizard.action_create()

    def test_formula_failing_at_runtime_names_the_template(self):
        self.germany_only.price_formula = "1000 / order_amount_total"
        with self.assertRaisesRegex(ValidationError, "Germany only"):
            self.Wizard.create(
                {
                    "partner_id": self.customer_de.id,
                    "template_id": self.germany_only.id,
                    "billing_product_id": self.fee.id,
                }
            )
