# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestBillingSettings(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref(
            "service_contract.service_contract_group_manager"
        )

    def test_auto_post_is_off_by_default_and_saved_per_company(self):
        company = self.env.company
        other = self.env["res.company"].create({"name": "Other Billing Company"})
        self.assertFalse(company.service_contract_auto_post)
        # The settings' Save button: create the wizard, then execute it.
        self.env["res.config.settings"].create(
            {"service_contract_auto_post": True}
        ).execute()
        self.assertTrue(company.service_contract_auto_post)
        self.assertFalse(other.service_contract_auto_post)

    def test_billing_day_outside_the_month_is_refused(self):
        company = self.env.company
        company.service_contract_billing_day = 15
        for day in (-1, 32, 99):
            with self.subTest(day=day):
                with self.assertRaisesRegex(ValidationError, "between 1 and 31"), self.env.cr.savepoint():
                    self.env["res.config.settings"].create(
                        {"service_contract_billing_day": day}
                    ).execute()
                company.invalidate_recordset()
                self.assertEqual(company.service_contract_billing_day, 15)
        for day in (0, 1, 31):
            company.service_contract_billing_day = day
            self.assertEqual(company.service_contract_billing_day, day)
