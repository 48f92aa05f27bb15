# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import ServiceContractCommon


@freeze_time("2026-03-10")
class TestContractLock(ServiceContractCommon):
    """A started contract's billing fields are locked; the Change Contract
    wizard changes them from a date and says so in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Hospital North", "is_company": True})
        cls.other_customer = cls.env["res.partner"].create({"name": "Clinic South"})
        # The tests terminate contracts within their term.
        cls.template = cls.Template.create(cls.template_vals(early_termination_allowed=True))
        cls.device_product = cls.env["product.product"].create({"name": "Chiller", "type": "consu"})

    def new_contract(self, start=True):
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": self.fee.id, "price_unit": 100})],
                "device_ids": [Command.create({"product_id": self.device_product.id})],
            }
        )
        if start:
            contract.action_start()
        return contract

    def change(self, contract, change, **values):
        action = contract.with_context(change=change).action_change_contract()
        wizard = (
            contract.env["service.contract.change.wizard"]
            .with_context(**action["context"])
            .create(values)
        )
        return wizard.action_apply()

    def last_message(self, contract):
        return contract.message_ids.sorted("id")[-1]

    def test_draft_is_editable(self):
        contract = self.new_contract(start=False)
        contract.write({"partner_id": self.other_customer.id, "date_start": date(2026, 2, 1)})
        contract.line_ids.price_unit = 120
        self.assertEqual(contract.line_ids.price_unit, 120)

    def test_running_contract_refuses_billing_changes(self):
        contract = self.new_contract()
        line, device = contract.line_ids, contract.device_ids
        for record, vals in [
            (contract, {"partner_id": self.other_customer.id}),
            (contract, {"direction": "supplier"}),
            (contract, {"date_start": date(2026, 2, 1)}),
            (contract, {"date_end_agreed": date(2026, 6, 30)}),
            (line, {"price_unit": 120}),
            (line, {"quantity": 2}),
            (line, {"discount": 10}),
            (line, {"date_end": date(2026, 6, 30)}),
            (device, {"date_end": date(2026, 6, 30)}),
        ]:
            with self.subTest(model=record._name, vals=vals), self.assertRaisesRegex(
                UserError, "has started"
            ):
                record.write(vals)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.date_start, date(2026, 1, 1))
        self.assertEqual(line.price_unit, 100)
        self.assertFalse(device.date_end)
        with self.assertRaisesRegex(UserError, "Add Line"):
            self.env["service.contract.line"].create(
                {"contract_id": contract.id, "product_id": self.fee.id}
            )
        with self.assertRaisesRegex(UserError, "Add Line"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "Add Device"):
            contract.device_ids = [Command.create({"product_id": self.device_product.id})]
        with self.assertRaisesRegex(UserError, "draft again"):
            contract.state = "draft"
        contract.invalidate_recordset()
        self.assertEqual(len(contract.line_ids), 1)
        self.assertEqual(len(contract.device_ids), 1)

    def test_running_contract_keeps_harmless_fields_editable(self):
        contract = self.new_contract()
        contract.write({"user_id": self.contract_user.id, "notice_period_days": 60})
        contract.line_ids.name = "Maintenance fee, main building"
        contract.device_ids.serial_number = "SN-1"
        contract.line_ids = [Command.create({"display_type": "line_note", "name": "Note"})]
        self.assertEqual(contract.notice_period_days, 60)
        self.assertEqual(contract.device_ids.serial_number, "SN-1")

    def test_context_from_rpc_does_not_unlock(self):
        """Only the private unlock value opens the lock; the same key with a
        plain string, as an RPC call or an import could pass it, does not."""
        contract = self.new_contract()
        with self.assertRaises(UserError):
            contract.with_context(service_contract_unlock="service_contract_unlock").write(
                {"partner_id": self.other_customer.id}
            )
        contract._unlocked().write({"notice_period_days": 10})

    def test_ended_contract_is_read_only(self):
        contract = self.new_contract()
        contract.terminate(date(2026, 6, 30), "Moves away")
        self.assertEqual(contract.date_end_agreed, date(2026, 6, 30))
        for record, vals in [
            (contract, {"notice_period_days": 60}),
            (contract, {"payment_purpose": "Other"}),
            (contract.line_ids, {"name": "Other"}),
            (contract.device_ids, {"serial_number": "SN-2"}),
        ]:
            with self.subTest(model=record._name, vals=vals), self.assertRaisesRegex(
                UserError, "can no longer be changed"
            ):
                record.write(vals)
        # Chatter, activities and who looks after the contract stay open.
        contract.message_post(body="Still reachable")
        contract.activity_schedule("mail.mail_activity_data_todo", user_id=self.env.uid)
        contract.user_id = self.contract_user
        contract.action_expire()
        self.assertEqual(contract.state, "expired")
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            contract.note = "<p>Other terms</p>"

    def test_change_price(self):
        contract = self.new_contract()
        self.change(
            contract, "price", line_id=contract.line_ids.id, price_unit=110, date=date(2026, 4, 1)
        )
        self.assertEqual(contract.line_ids.price_unit, 110)
        message = self.last_message(contract)
        self.assertIn("changed from 100.0 to 110.0", message.body)
        self.assertEqual(message.subtype_id, self.env.ref("service_contract.mt_contract_changed"))

    def test_add_and_end_line(self):
        contract = self.new_contract()
        self.change(
            contract, "add_line", service_id=self.hotline.id, date=date(2026, 4, 1)
        )
        added = contract.line_ids - contract.line_ids[:1]
        self.assertEqual(added.service_id, self.hotline)
        self.assertEqual(added.date_start, date(2026, 4, 1))
        self.assertEqual(added.price_unit, 30, "the catalog's price")
        self.assertEqual(added.price_period, "month")
        self.assertIn("added from", self.last_message(contract).body)
        self.change(contract, "end_line", line_id=added.id, date=date(2026, 9, 30))
        self.assertEqual(added.date_end, date(2026, 9, 30))
        self.assertIn("ends on", self.last_message(contract).body)

    def test_add_and_end_device(self):
        contract = self.new_contract()
        self.change(
            contract,
            "add_device",
            device_product_id=self.device_product.id,
            serial_number="SN-9",
            date=date(2026, 5, 1),
        )
        device = contract.device_ids.filtered(lambda d: d.serial_number == "SN-9")
        self.assertEqual(device.date_start, date(2026, 5, 1))
        self.assertIn("covered from", self.last_message(contract).body)
        self.change(contract, "end_device", device_id=device.id, date=date(2026, 7, 31))
        self.assertEqual(device.date_end, date(2026, 7, 31))

    def test_change_end_date(self):
        contract = self.new_contract()
        self.change(contract, "date_end", date_end_agreed=date(2026, 9, 30))
        self.assertEqual(contract.date_end_agreed, date(2026, 9, 30))
        self.assertIn("End date changed", self.last_message(contract).body)

    def test_tracked_changes_reach_followers(self):
        """Tracked changes of a started contract are posted with the subtype
        Contract Changed, which followers get by default; a draft's are notes."""
        changed = self.env.ref("service_contract.mt_contract_changed")
        self.assertTrue(changed.default)
        draft = self.new_contract(start=False)
        self.assertNotEqual(draft._track_subtype({"partner_id": self.customer}), changed)
        contract = self.new_contract()
        self.assertEqual(contract._track_subtype({"date_end_agreed": False}), changed)
        self.assertTrue(contract._fields["partner_invoice_id"].tracking)

    def test_change_refused_outside_term_and_on_ended_contract(self):
        contract = self.new_contract()
        with self.assertRaisesRegex(UserError, "outside the term"):
            self.change(
                contract, "price", line_id=contract.line_ids.id, price_unit=1, date=date(2025, 1, 1)
            )
        contract.terminate(date(2026, 6, 30))
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.change(contract, "date_end", date_end_agreed=date(2026, 9, 30))

    def test_wizard_form(self):
        contract = self.new_contract()
        action = contract.line_ids.with_context(change="price").action_change_contract()
        self.assertEqual(action["name"], "Change Price")
        with Form(
            self.env["service.contract.change.wizard"].with_context(**action["context"])
        ) as wizard:
            self.assertEqual(wizard.price_unit, 100)
            wizard.price_unit = 130
            wizard.date = date(2026, 3, 1)
        wizard.record.action_apply()
        self.assertEqual(contract.line_ids.price_unit, 130)
