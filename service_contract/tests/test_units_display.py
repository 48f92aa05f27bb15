# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestUnitsDisplay(ServiceContractCommon):
    """Reaction time, coverage, included quantity and validity are shown with
    their units; an included quantity of 0 reads "Unlimited"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # In English, whatever the database's languages.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.hotline = cls.hotline.with_env(cls.env)
        cls.visit = cls.visit.with_env(cls.env)
        cls.package = cls.package.with_env(cls.env)
        cls.Service = cls.Service.with_env(cls.env)

    def test_service_shows_its_units(self):
        self.assertEqual(self.hotline.reaction_time_display, "2 h")
        self.assertEqual(self.hotline.coverage_display, "100 %")
        self.assertEqual(self.hotline.included_display, "Unlimited")
        self.assertTrue(self.hotline.included_unlimited)
        self.assertEqual(self.hotline.validity_display, "Contract term")
        self.assertEqual(self.visit.reaction_time_display, "")
        self.assertEqual(self.visit.included_display, "2 Units per Year")
        self.assertFalse(self.visit.included_unlimited)
        self.visit.write(
            {"reaction_time": 1.5, "coverage_percent": 50, "validity_months": 24}
        )
        self.assertEqual(self.visit.reaction_time_display, "1.5 h")
        self.assertEqual(self.visit.coverage_display, "50 %")
        self.assertEqual(self.visit.validity_display, "24 months")

    def test_numbers_follow_the_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.visit.write({"reaction_time": 1.5, "included_quantity": 2.5})
        visit = self.visit.with_context(lang="de_DE")
        self.assertEqual(visit.reaction_time_display, "1,5 h")
        self.assertTrue(visit.included_display.startswith("2,5 "))
        # The English figures are not taken from the German cache.
        self.assertEqual(self.visit.with_context(lang="en_US").reaction_time_display, "1.5 h")

    def test_unlimited_clears_the_quantity_and_limited_needs_one(self):
        self.visit.included_unlimited = True
        self.assertEqual(self.visit.included_quantity, 0)
        self.assertEqual(self.visit.included_display, "Unlimited")
        with self.assertRaises(ValidationError):
            self.hotline.included_unlimited = False
        self.hotline.write({"included_unlimited": False, "included_quantity": 3})
        self.assertEqual(self.hotline.included_display, "3 Units per Year")

    def test_unlimited_in_the_service_form(self):
        with Form(self.Service) as form:
            form.name = "Phone support"
            form.kind_id = self.kind_hotline
            self.assertTrue(form.included_unlimited)
            form.included_unlimited = False
            form.included_quantity = 5
        self.assertEqual(form.record.included_quantity, 5)
        self.assertFalse(form.record.included_unlimited)

    def test_package_line_and_entitlement_show_the_package_figures(self):
        visit_line = self.package.line_ids.filtered(lambda line: line.service_id == self.visit)
        self.assertEqual(visit_line.included_display, "2 Units per Year")
        visit_line.included_unlimited = True
        self.assertEqual(visit_line.included_quantity, 0)
        self.assertEqual(self.visit.included_quantity, 2, "the service keeps its own figure")
        with self.assertRaises(ValidationError):
            visit_line.included_unlimited = False
        visit_line.write({"included_quantity": 4, "coverage_percent": 80})
        customer = self.env["res.partner"].create({"name": "Units Customer"})
        contract = self.env["service.contract"].create(
            {
                "partner_id": customer.id,
                "template_id": self.Template.create(self.template_vals()).id,
                "date_start": fields.Date.today(),
                "device_ids": [
                    Command.create(
                        {
                            "product_id": self.env["product.product"]
                            .create({"name": "Chiller", "type": "consu"})
                            .id
                        }
                    )
                ],
            }
        )
        entitlement = contract.entitlement_ids.filtered(
            lambda entitlement: entitlement.service_id == self.visit
        )
        self.assertEqual(entitlement.included_display, "4 Units per Year")
        self.assertEqual(entitlement.coverage_display, "80 %")
        hotline = contract.entitlement_ids.filtered(
            lambda entitlement: entitlement.service_id == self.hotline
        )
        self.assertEqual(hotline.included_display, "Unlimited")
        self.assertTrue(hotline.included_unlimited)
        self.assertEqual(hotline.reaction_time_display, "2 h")


@tagged("post_install", "-at_install")
class TestPortalDisplay(ServiceContractCommon):
    """What the customer reads of a contract in the portal: a customer-facing
    state, the price per period and the billing interval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.package = cls.package.with_env(cls.env)
        cls.customer = cls.env["res.partner"].create({"name": "Portal Display Customer"})
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.env["service.contract.template"].create(cls.template_vals()).id,
                "date_start": fields.Date.today() - relativedelta(months=1),
                "line_ids": [
                    Command.create({"package_id": cls.package.id}),
                    Command.create({"product_id": cls.fee.id, "billing_interval": "yearly"}),
                ],
                # The package is billed per device.
                "device_ids": [
                    Command.create(
                        {
                            "product_id": cls.env["product.product"]
                            .create({"name": "Freezer", "type": "consu"})
                            .id
                        }
                    )
                ],
            }
        )

    def test_portal_state_hides_internal_states(self):
        contract = self.contract
        self.assertFalse(contract.portal_state, "a draft is not shown to customers")
        contract.action_start()
        self.assertEqual(contract.portal_state, "active")
        self.assertEqual(contract._get_portal_state_badge(), "text-bg-success")
        contract.action_mark_to_renew()
        self.assertEqual(contract.portal_state, "active", "to renew is internal")
        contract.write({"state": "paused"})
        self.assertEqual(contract.portal_state, "paused")
        today = fields.Date.today()
        # The states as the scheduled actions and Terminate set them.
        contract = contract._unlocked()
        contract.write({"state": "terminated", "date_end_agreed": today + relativedelta(months=3)})
        self.assertEqual(contract.portal_state, "ending")
        contract.write({"date_end_agreed": today - relativedelta(days=1)})
        self.assertEqual(contract.portal_state, "ended")
        contract.write({"state": "expired"})
        self.assertEqual(contract.portal_state, "ended")
        self.assertEqual(contract._get_portal_state_badge(), "text-bg-secondary")

    def test_price_per_period_and_billing_interval(self):
        lines = self.contract._get_portal_price_lines()
        package_line, fee_line = lines
        self.assertEqual(package_line["name"], "Standard")
        self.assertEqual(package_line["period"], "per month")
        self.assertEqual(package_line["interval"], "Monthly")
        self.assertAlmostEqual(package_line["amount"], self.package.price)
        # A product priced per billing period: the period is its interval.
        self.assertEqual(fee_line["period"], "per year")
        self.assertEqual(fee_line["interval"], "Yearly")
        self.assertEqual(
            self.contract._get_portal_price_summary(),
            [("per month", self.package.price), ("per year", 100.0)],
        )
        self.assertEqual(self.contract._get_portal_billing_intervals(), "Monthly, Yearly")

    def test_same_period_adds_up(self):
        self.contract.line_ids.filtered("product_id").filtered(
            lambda line: not line.package_id
        ).write({"billing_interval": "monthly"})
        self.assertEqual(
            self.contract._get_portal_price_summary(), [("per month", self.package.price + 100.0)]
        )
        self.assertEqual(self.contract._get_portal_billing_intervals(), "Monthly")
