# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import ServiceContractCommon


@freeze_time("2026-03-10")
class TestMultiCompany(ServiceContractCommon):
    """Every record holding a company's data carries its company and is
    seen only in that company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Service Company B"})
        cls.user = new_test_user(
            cls.env,
            login="sc_two_companies",
            groups="service_contract.service_contract_group_manager,sales_team.group_sale_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "Hospital East"})
        cls.device = cls.env["product.product"].create({"name": "Autoclave", "type": "consu"})
        cls.contract_a = cls.new_contract(cls.company_a)
        cls.contract_b = cls.new_contract(cls.company_b)
        cls.package_b = cls.Package.create(
            {
                "name": "Company B only",
                "company_id": cls.company_b.id,
                "line_ids": [Command.create({"service_id": cls.hotline.id})],
            }
        )

    @classmethod
    def new_contract(cls, company):
        template = cls.Template.create(cls.template_vals(company_id=company.id))
        contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": company.id,
                "template_id": template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": cls.fee.id})],
                "device_ids": [Command.create({"product_id": cls.device.id})],
            }
        )
        contract.action_start()
        cls.env["service.contract.pause"].create(
            {
                "contract_id": contract.id,
                "date_start": date(2026, 5, 1),
                "date_end": date(2026, 5, 31),
                "reason": "Renovation",
            }
        )
        cls.env["service.contract.usage"].create(
            {"entitlement_id": contract.entitlement_ids[0].id, "quantity": 1}
        )
        return contract

    def env_of(self, *companies):
        return self.env(user=self.user, context={"allowed_company_ids": [c.id for c in companies]})

    def company_b_records(self):
        contract = self.contract_b
        return {
            "service.contract": contract,
            "service.contract.line": contract.line_ids,
            "service.contract.device": contract.device_ids,
            "service.contract.pause": contract.pause_ids,
            "service.contract.entitlement": contract.entitlement_ids,
            "service.contract.usage": contract.entitlement_ids.usage_ids,
            "service.contract.package.line": self.package_b.line_ids,
        }

    def test_company_data_is_seen_in_its_company_only(self):
        env_a, env_ab = self.env_of(self.company_a), self.env_of(self.company_a, self.company_b)
        for model, records in self.company_b_records().items():
            with self.subTest(model=model):
                self.assertTrue(records)
                field = self.env[model]._fields["company_id"]
                self.assertTrue(field.store, "stored, so that record rules can use it")
                self.assertEqual(records.company_id, self.company_b)
                self.assertFalse(env_a[model].search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    records.with_env(env_a).check_access("read")
                self.assertEqual(env_ab[model].search([("id", "in", records.ids)]), records)
                rules = self.env["ir.rule"].search([("model_id.model", "=", model)])
                self.assertTrue(
                    any("company_ids" in (rule.domain_force or "") for rule in rules),
                    "a multi-company record rule",
                )

    def test_price_change_is_asked_and_applied_per_company(self):
        self.fee.list_price = 150
        Change = self.env["service.contract.price.change"]
        changes = Change.search([("product_tmpl_id", "=", self.fee.product_tmpl_id.id)])
        self.assertEqual(changes.company_id, self.company_a | self.company_b)
        change_a = changes.filtered(lambda c: c.company_id == self.company_a)
        change_b = changes - change_a
        self.assertEqual(change_a.line_ids, self.contract_a.line_ids)
        self.assertEqual(change_b.line_ids, self.contract_b.line_ids)
        env_a = self.env_of(self.company_a)
        self.assertEqual(env_a[Change._name].search([("id", "in", changes.ids)]), change_a)
        product_a = self.fee.product_tmpl_id.with_env(env_a)
        self.assertEqual(product_a.service_contract_pending_price_change_id, change_a)
        action = product_a.action_decide_service_contract_price_change()
        wizard = env_a[action["res_model"]].with_context(**action["context"]).create({})
        wizard.action_apply()
        self.assertEqual(self.contract_a.line_ids.price_unit, 150)
        self.assertEqual(self.contract_b.line_ids.price_unit, 100, "another company's contract")
        self.assertEqual(change_a.state, "applied")
        self.assertEqual(change_b.state, "pending")
        # A change of another company is decided in that company.
        env_ab = self.env_of(self.company_a, self.company_b)
        wizard = env_ab["service.contract.price.change.wizard"].create(
            {"price_change_id": change_b.id}
        )
        with self.assertRaisesRegex(UserError, "Service Company B"):
            wizard.action_apply()
        self.assertEqual(self.contract_b.line_ids.price_unit, 100)
        self.assertEqual(change_b.state, "pending")
