# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.base.tests.common import BaseCommon


class TestGermanTranslation(BaseCommon):
    def test_service_kinds_load_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["service_contract"], ["de_DE"])
        labour = self.env.ref("service_contract.service_kind_labour")
        self.assertEqual(labour.with_context(lang="de_DE").name, "Lohn")
        self.assertEqual(labour.with_context(lang="en_US").name, "Labour")
        # Same word in German: the .po leaves its msgstr empty (canonical format).
        hotline = self.env.ref("service_contract.service_kind_hotline")
        self.assertEqual(hotline.with_context(lang="de_DE").name, "Hotline")
