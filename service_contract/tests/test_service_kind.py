# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon


class TestServiceKind(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kind = cls.env["service.contract.service.kind"]
        cls.contract_user = new_test_user(
            cls.env,
            login="sc_kind_user",
            groups="service_contract.service_contract_group_user",
        )
        cls.contract_manager = new_test_user(
            cls.env,
            login="sc_kind_manager",
            groups="service_contract.service_contract_group_manager",
        )

    def test_delivered_kinds(self):
        """The six kinds of the specification come with the addon, in order."""
        self.assertEqual(
            self.Kind.search([]).mapped("code")[:6],
            [
                "labour",
                "travel",
                "spare_parts",
                "hotline",
                "replacement_device",
                "shipping",
            ],
        )

    def test_code_is_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Kind.create({"name": "Second labour", "code": "labour"})

    def test_archived_kind_is_not_offered(self):
        kind = self.Kind.create({"name": "Calibration", "code": "calibration"})
        self.assertIn(kind, self.Kind.search([]))
        kind.action_archive()
        self.assertNotIn(kind, self.Kind.search([]))
        self.assertIn(kind, self.Kind.with_context(active_test=False).search([]))

    def test_only_managers_configure_kinds(self):
        labour = self.env.ref("service_contract.service_kind_labour")
        self.assertEqual(labour.with_user(self.contract_user).name, "Labour")
        with self.assertRaises(AccessError):
            self.Kind.with_user(self.contract_user).create(
                {"name": "Training", "code": "training"}
            )
        kind = self.Kind.with_user(self.contract_manager).create(
            {"name": "Training", "code": "training"}
        )
        self.assertEqual(kind.code, "training")
