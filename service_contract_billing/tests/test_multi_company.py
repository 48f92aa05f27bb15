# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingMultiCompany(BillingCommon):
    """The billing records of a company are seen in that company only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Billing Company B"})
        cls.user = new_test_user(
            cls.env,
            login="sc_billing_two_companies",
            groups="service_contract.service_contract_group_manager,account.group_account_invoice",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        template_b = cls.new_template("Company B", company_id=cls.company_b.id)
        cls.contract_b = cls.env["service.contract"].create(
            {
                "partner_id": cls.partner_a.id,
                "company_id": cls.company_b.id,
                "template_id": template_b.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": cls.fee.id, "price_unit": 100})],
            }
        )
        cls.contract_b.action_start()
        cls.contract_b.line_ids._apply_price_change(120, date(2026, 3, 1))
        run_b = cls.Run.create({"company_id": cls.company_b.id, "date_cutoff": date(2026, 1, 31)})
        cls.error_b = cls.env["service.contract.billing.run.error"].create(
            {"run_id": run_b.id, "contract_id": cls.contract_b.id, "message": "No journal"}
        )

    def test_billing_records_are_seen_in_their_company_only(self):
        env_a = self.env(user=self.user, context={"allowed_company_ids": [self.company_a.id]})
        env_ab = self.env(
            user=self.user,
            context={"allowed_company_ids": [self.company_a.id, self.company_b.id]},
        )
        for model, records in (
            ("service.contract.line.price", self.contract_b.line_ids.price_ids),
            ("service.contract.billing.run.error", self.error_b),
            ("service.contract.billing.date", self.contract_b.billing_date_ids),
        ):
            with self.subTest(model=model):
                self.assertTrue(records)
                self.assertTrue(self.env[model]._fields["company_id"].store)
                self.assertEqual(records.company_id, self.company_b)
                self.assertFalse(env_a[model].search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    records.with_env(env_a).check_access("read")
                self.assertEqual(env_ab[model].search([("id", "in", records.ids)]), records)
