# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form

from odoo.addons.base.tests.common import BaseCommon


class TestSettings(BaseCommon):
    def test_expiry_notice_is_saved_per_company(self):
        company = self.env.company
        other = self.env["res.company"].create({"name": "Other Service Company"})
        self.assertEqual(other.service_contract_expiry_notice_days, 30)
        with Form(self.env["res.config.settings"]) as settings:
            settings.service_contract_expiry_notice_days = 45
        self.assertEqual(company.service_contract_expiry_notice_days, 45)
        self.assertEqual(other.service_contract_expiry_notice_days, 30)

    def test_expiry_notice_out_of_range_is_refused(self):
        company = self.env.company
        before = company.service_contract_expiry_notice_days
        for days in (-1, 1001):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                company.service_contract_expiry_notice_days = days
                company.flush_recordset()
        company.invalidate_recordset()
        self.assertEqual(company.service_contract_expiry_notice_days, before)
