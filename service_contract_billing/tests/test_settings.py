# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestBillingSettings(AccountTestInvoicingCommon):
    def test_auto_post_is_off_by_default_and_saved_per_company(self):
        company = self.env.company
        other = self.env["res.company"].create({"name": "Other Billing Company"})
        self.assertFalse(company.service_contract_auto_post)
        with Form(self.env["res.config.settings"]) as settings:
            settings.service_contract_auto_post = True
        self.assertTrue(company.service_contract_auto_post)
        self.assertFalse(other.service_contract_auto_post)
