# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError

from .common import ServiceContractCommon


class TestPriceChange(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create({"name": "Practice West"})
        template = cls.Template.create(cls.template_vals())
        cls.running = cls.env["service.contract"].create(
            {
                "partner_id": customer.id,
                "template_id": template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": cls.fee.id})],
            }
        )
        cls.running.action_start()
        cls.draft = cls.running.copy()

    def wizard(self):
        action = self.fee.product_tmpl_id.action_decide_service_contract_price_change()
        return self.env[action["res_model"]].with_context(**action["context"]).create({})

    def test_price_change_is_asked_and_applied(self):
        self.fee.list_price = 120
        change = self.fee.product_tmpl_id.service_contract_pending_price_change_id
        self.assertEqual((change.old_price, change.new_price), (100, 120))
        self.assertEqual(change.line_ids, self.running.line_ids)
        wizard = self.wizard()
        wizard.date_effective = date(2026, 7, 1)
        wizard.action_apply()
        self.assertEqual(self.running.line_ids.price_unit, 120)
        self.assertEqual(self.draft.line_ids.price_unit, 100, "drafts are not running contracts")
        self.assertEqual(change.state, "applied")
        self.assertEqual(change.date_effective, date(2026, 7, 1))
        self.assertEqual(change.decided_by_id, self.env.user)
        self.assertFalse(self.fee.product_tmpl_id.service_contract_pending_price_change_id)
        with self.assertRaisesRegex(UserError, "already been decided"):
            wizard.action_keep()

    def test_keep_prices(self):
        self.fee.list_price = 90
        change = self.fee.product_tmpl_id.service_contract_pending_price_change_id
        self.wizard().action_keep()
        self.assertEqual(change.state, "kept")
        self.assertEqual(self.running.line_ids.price_unit, 100)

    def test_second_change_updates_the_question(self):
        self.fee.list_price = 110
        self.fee.list_price = 130
        changes = self.fee.product_tmpl_id.service_contract_price_change_ids
        self.assertEqual(len(changes), 1)
        self.assertEqual((changes.old_price, changes.new_price), (100, 130))

    def test_no_question_without_running_contracts(self):
        other = self.env["product.product"].create({"name": "Unused fee", "list_price": 10})
        other.list_price = 20
        self.assertFalse(other.product_tmpl_id.service_contract_price_change_ids)
        self.fee.name = "Renamed fee"
        self.assertFalse(self.fee.product_tmpl_id.service_contract_price_change_ids)
