# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import ServiceContractCommon


class TestTemplate(ServiceContractCommon):
    def assert_refused(self, message_part, **values):
        """Creating a template with ``values`` fails, naming the problem, and
        saves nothing."""
        count = self.Template.with_context(active_test=False).search_count([])
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            self.Template.create(self.template_vals(**values))
        self.assertIn(message_part, str(caught.exception))
        self.assertEqual(self.Template.with_context(active_test=False).search_count([]), count)

    def test_defaults(self):
        template = self.Template.create(self.template_vals())
        self.assertEqual(template.type_id, self.env.ref("service_contract.contract_type_service"))
        self.assertEqual(template.billing_timing, "advance")
        self.assertEqual(template.duration_unit, "months")
        self.assertEqual(template.company_id, self.env.company)

    def test_duration_bounds(self):
        self.assert_refused("between 1 and 1000", duration=0)
        self.assert_refused("between 1 and 1000", duration=1001)
        self.assert_refused("between 1 and 1000", duration=-3)
        self.assertEqual(self.Template.create(self.template_vals(duration=1000)).duration, 1000)
        days = self.Template.create(self.template_vals(duration=1, duration_unit="days"))
        self.assertEqual(days.duration_unit, "days")

    def test_one_time_needs_an_end(self):
        self.assert_refused("needs an end date", billing_interval="one_time", is_open_ended=True)
        template = self.Template.create(self.template_vals(billing_interval="one_time"))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            template.is_open_ended = True
        self.assertFalse(template.is_open_ended)

    def test_counts(self):
        self.assert_refused("cannot be negative", contact_interval_months=-6)
        self.assert_refused("contact template", contact_interval_months=6)
        template = self.Template.create(
            self.template_vals(
                contact_interval_months=6,
                contact_activity_type_id=self.env.ref("mail.mail_activity_data_call").id,
            )
        )
        self.assertEqual(template.contact_interval_months, 6)

    def test_contact_interval_of_zero_is_refused(self):
        call = self.env.ref("mail.mail_activity_data_call")
        self.assert_refused("at least 1 month", contact_activity_type_id=call.id)
        self.assert_refused(
            "at least 1 month", contact_activity_type_id=call.id, contact_interval_months=0
        )
        template = self.Template.create(
            self.template_vals(contact_activity_type_id=call.id, contact_interval_months=3)
        )
        with self.assertRaisesRegex(ValidationError, "at least 1 month"), self.env.cr.savepoint():
            template.contact_interval_months = 0
        self.assertEqual(template.contact_interval_months, 3)
        self.assertFalse(self.Template.create(self.template_vals()).contact_interval_months)

    def test_documents_are_reports_of_their_own_model(self):
        invoice_report = self.env.ref("account.account_invoices")
        contract_report = self.env.ref("service_contract.service_contract_report")
        self.assertIn("service.contract", str(self.Template._fields["contract_report_id"].domain))
        self.assert_refused("Contract Document", contract_report_id=invoice_report.id)
        template = self.Template.create(self.template_vals())
        self.assertEqual(template.contract_report_id, contract_report)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            template.contract_report_id = invoice_report
        self.assertEqual(template.contract_report_id, contract_report)

    def test_insurance_type_requires_device(self):
        template = self.Template.create(
            self.template_vals(type_id=self.env.ref("service_contract.contract_type_insurance").id)
        )
        self.assertTrue(template.requires_device)

    def test_copy_is_named_copy_of(self):
        template = self.Template.create(self.template_vals())
        copy = template.copy()
        self.assertEqual(copy.name, "Copy of Standard maintenance")
        self.assertEqual(copy.package_ids, template.package_ids)
        self.assertEqual(copy.billing_product_ids, self.fee)

    def test_copy_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["service_contract"], ["de_DE"])
        template = self.Template.create(self.template_vals())
        copy = template.with_context(lang="de_DE").copy()
        self.assertEqual(copy.with_context(lang="de_DE").name, "Kopie von Standard maintenance")

    def test_form_flow(self):
        with Form(self.Template.with_user(self.contract_manager)) as form:
            form.name = "Quarterly gold"
            form.billing_interval = "quarterly"
            form.billing_timing = "arrears"
            form.duration = 24
            form.pause_policy = "always_extend"
            form.package_ids.add(self.package)
            form.billing_product_ids.add(self.fee)
        template = form.record
        self.assertEqual(template.billing_interval, "quarterly")
        self.assertEqual(template.pause_policy, "always_extend")

    def test_users_read_managers_configure(self):
        template = self.Template.create(self.template_vals())
        self.assertEqual(template.with_user(self.contract_user).name, "Standard maintenance")
        with self.assertRaises(AccessError):
            template.with_user(self.contract_user).write({"duration": 6})
        with self.assertRaises(AccessError):
            self.Template.with_user(self.contract_user).create(self.template_vals())
        template.with_user(self.contract_manager).write({"duration": 6})
        self.assertEqual(template.duration, 6)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        template = self.Template.create(self.template_vals(company_id=other.id))
        shared = self.Template.create(self.template_vals(company_id=False, name="Shared"))
        visible = self.Template.with_user(self.contract_manager).search([])
        self.assertNotIn(template, visible)
        self.assertIn(shared, visible)


class TestTemplateFormulas(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repair_tag = cls.env["crm.tag"].create({"name": "repair"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Clinic Mitte",
                "is_company": True,
                "country_id": cls.env.ref("base.de").id,
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "tag_ids": [Command.set(cls.repair_tag.ids)],
                "order_line": [
                    Command.create(
                        {"product_id": cls.fee.id, "product_uom_qty": 10, "price_unit": 200}
                    )
                ],
            }
        )

    def test_no_formula(self):
        template = self.Template.create(self.template_vals())
        self.assertTrue(template.is_valid_for(self.customer))
        self.assertEqual(template.compute_contract_price(self.fee, self.customer), 100)

    def test_validity_formula(self):
        template = self.Template.create(
            self.template_vals(
                validity_formula="'repair' in order_tags and customer_country == 'DE'"
            )
        )
        self.assertTrue(template.is_valid_for(self.customer, self.order))
        self.assertFalse(template.is_valid_for(self.customer))
        private = self.env["res.partner"].create({"name": "Jane", "country_id": self.env.ref("base.fr").id})
        self.assertFalse(template.is_valid_for(private, self.order))

    def test_price_formula(self):
        template = self.Template.create(
            self.template_vals(price_formula="order_amount_untaxed / 20 if order_amount_untaxed else product_price")
        )
        self.assertAlmostEqual(template.compute_contract_price(self.fee, self.customer, self.order), 100.0)
        self.assertAlmostEqual(template.compute_contract_price(self.fee, self.customer), 100.0)
        self.order.order_line.price_unit = 300
        self.assertAlmostEqual(template.compute_contract_price(self.fee, self.customer, self.order), 150.0)

    def test_bad_formulas_are_refused_and_nothing_saved(self):
        template = self.Template.create(self.template_vals())
        for field, formula in (
            ("validity_formula", "__import__('os').system('id')"),
            ("validity_formula", "().__class__.__bases__[0].__subclasses__()"),
            ("price_formula", "import os"),
            ("price_formula", "order_amount_total /"),
            ("price_formula", "open('/etc/passwd').read()"),
            ("validity_formula", "unknown_variable > 3"),
            ("validity_formula", "order_amount_total"),
            ("price_formula", "'a lot'"),
            ("price_formula", "-5"),
            ("price_formula", "1 / 0"),
        ):
            with self.subTest(formula=formula):
                with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
                    template.write({field: formula})
                message = str(caught.exception)
                self.assertIn("Standard maintenance", message)
                self.assertIn(formula, message)
                template.invalidate_recordset()
                self.assertFalse(template[field])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.Template.create(self.template_vals(validity_formula="__import__('os').system('id')"))
        self.assertFalse(self.Template.search([("id", ">", template.id)]))

    def test_formulas_that_would_run_long_or_grow_huge_are_refused(self):
        template = self.Template.create(self.template_vals())
        for field, formula, problem in (
            ("validity_formula", "[x for x in range(10)] != []", "comprehension"),
            ("validity_formula", "any(x > 3 for x in range(10))", "comprehension"),
            ("validity_formula", "2 ** 100000 > 0", "too large"),
            ("validity_formula", "len('a' * 10 ** 7) > 0", "too large"),
            ("validity_formula", "len([0] * 10 ** 7) > 0", "too large"),
            ("validity_formula", "len('%09999999d' % 1) > 0", "not allowed"),
            ("validity_formula", "len(str(9).zfill(10 ** 7)) > 0", "not allowed"),
            ("validity_formula", "(lambda: True)()", "not allowed"),
            ("validity_formula", "sum(range(10 ** 10)) > 0", "not allowed"),
            ("price_formula", "9 ** 9 ** 9", "too large"),
            ("price_formula", "len([x for x in range(10 ** 9)])", "comprehension"),
            ("price_formula", "len('abc' * 10 ** 10)", "too large"),
            ("price_formula", "len(['x' * 10000] * 10000)", "too large"),
            ("price_formula", "10 ** 1000 * 10 ** 1000 * 10 ** 1000 * 10 ** 1000 > 0", "too large"),
            ("price_formula", "1 << 10 ** 9", "not allowed"),
        ):
            with self.subTest(formula=formula):
                with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
                    template.write({field: formula})
                message = str(caught.exception)
                self.assertIn(problem, message)
                self.assertIn("Standard maintenance", message)
                template.invalidate_recordset()
                self.assertFalse(template[field])
        # What formulas are for still works.
        template.write(
            {
                "validity_formula": "customer_name.lower().startswith('clinic') and today.year > 2000"
                " and len(order_tags) < 3 and max(order_amount_total, 10) ** 0.5 > 1",
                "price_formula": "round(max(order_amount_untaxed * 0.05, 2 ** 5) + abs(-1), 2)",
            }
        )
        self.assertTrue(template.is_valid_for(self.customer, self.order))
        self.assertEqual(template.compute_contract_price(self.fee, self.customer, self.order), 101.0)

    def test_users_see_formula_errors_without_the_formula(self):
        template = self.Template.create(
            self.template_vals(validity_formula="100 / order_amount_total > 0")
        )
        for user, shown in ((self.contract_user, False), (self.contract_manager, True)):
            with self.subTest(user=user.login):
                with self.assertRaises(ValidationError) as caught:
                    template.with_user(user).is_valid_for(self.customer)
                message = str(caught.exception)
                self.assertIn("Standard maintenance", message)
                self.assertIn("validity formula", message)
                self.assertEqual("100 / order_amount_total" in message, shown)

    def test_only_managers_edit_formulas(self):
        template = self.Template.create(self.template_vals(price_formula="product_price * 2"))
        with self.assertRaises(AccessError):
            template.with_user(self.contract_user).read(["price_formula"])
        # Users still get the formula's result.
        self.assertEqual(
            template.with_user(self.contract_user).compute_contract_price(self.fee, self.customer),
            200,
        )
        template.with_user(self.contract_manager).price_formula = "product_price * 3"
        self.assertEqual(template.compute_contract_price(self.fee, self.customer), 300)
