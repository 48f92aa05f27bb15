# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-10")
class TestRunningChanges(BillingCommon):
    """The Change Contract actions of a running contract bill from their
    date: periods already billed are corrected once, nothing is billed
    twice (BillingCommon audits the coverage after each test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee.taxes_id = False
        cls.device_product = cls.env["product.product"].create({"name": "Chiller", "type": "consu"})
        cls.device_service = cls.env["service.contract.service"].create(
            {
                "name": "Device inspection",
                "kind_id": cls.env.ref("service_contract.service_kind_labour").id,
                "scope": "device",
                "price": 50,
                "price_period": "month",
                "product_id": cls.fee.id,
            }
        )

    def change(self, contract, change, **values):
        action = contract.with_context(change=change).action_change_contract()
        wizard = (
            self.env["service.contract.change.wizard"]
            .with_context(**action["context"])
            .create(values)
        )
        wizard.action_apply()
        return wizard

    def billed(self, records, **filters):
        """The billed amount of the billing dates of ``records`` (a line or
        a device), after posting every draft invoice."""
        dates = records.billing_date_ids.filtered(lambda d: d.state == "billed")
        for name, value in filters.items():
            dates = dates.filtered(lambda d, n=name, v=value: d[n] == v)
        return sum(dates.mapped("amount"))

    def bill_and_post(self, cutoff):
        run = self.bill(cutoff)
        run.move_ids.filtered(lambda m: m.state == "draft").action_post()
        return run

    def assert_billed_once(self, contract, cutoff):
        """Billing again up to ``cutoff`` bills nothing more."""
        contract._sync_billing_dates()
        self.assertEqual(self.bill(cutoff).billing_date_count, 0)

    def test_price_change_corrects_billed_periods(self):
        contract = self.new_contract()
        line = contract.line_ids
        self.bill_and_post(date(2026, 3, 31))
        self.assertEqual(self.billed(line), 300)
        with self.assertRaisesRegex(UserError, "has started"):
            line.price_unit = 130
        wizard = self.change(
            contract, "price", line_id=line.id, price_unit=130, date=date(2026, 3, 1)
        )
        self.assertEqual(wizard.billed_until, date(2026, 3, 31))
        self.assertIn("changed from 100.0 to 130.0", contract.message_ids[:1].body)
        self.assertEqual(line.price_unit, 130)
        self.bill_and_post(date(2026, 4, 30))
        self.assertEqual(self.billed(line), 100 + 100 + 130 + 130, "March corrected, April new")
        self.assert_billed_once(contract, date(2026, 4, 30))

    def test_device_added_from_a_date(self):
        contract = self.new_contract(
            device_ids=[Command.create({"product_id": self.device_product.id})],
        )
        # A per-device line on a running contract: added from a date.
        self.change(contract, "add_line", service_id=self.device_service.id, date=date(2026, 1, 1))
        per_device = contract.line_ids.filtered("service_id")
        self.assertTrue(per_device.is_per_device)
        self.bill_and_post(date(2026, 2, 28))
        self.change(
            contract,
            "add_device",
            device_product_id=self.device_product.id,
            serial_number="SN-2",
            date=date(2026, 2, 15),
        )
        added = contract.device_ids.filtered(lambda d: d.serial_number == "SN-2")
        self.assertIn("covered from", contract.message_ids[:1].body)
        self.bill_and_post(date(2026, 3, 31))
        self.assertEqual(self.billed(added), 25 + 50, "14 of 28 February days, then March")
        self.assertEqual(self.billed(per_device, device_id=contract.device_ids[0]), 150)
        self.assert_billed_once(contract, date(2026, 3, 31))

    def test_line_ended_refunds_what_was_billed_beyond(self):
        contract = self.new_contract()
        line = contract.line_ids
        self.bill_and_post(date(2026, 3, 31))
        with self.assertRaisesRegex(UserError, "has started"):
            line.active = False
        with self.assertRaisesRegex(UserError, "Add Line"):
            line.unlink()
        self.change(contract, "end_line", line_id=line.id, date=date(2026, 2, 14))
        self.assertEqual(line.date_end, date(2026, 2, 14))
        self.bill_and_post(date(2026, 3, 31))
        self.assertEqual(self.billed(line), 100 + 50, "January and half of February")
        self.assert_billed_once(contract, date(2026, 12, 31))

    def test_device_ended(self):
        contract = self.new_contract(
            device_ids=[Command.create({"product_id": self.device_product.id})],
        )
        self.change(contract, "add_line", service_id=self.device_service.id, date=date(2026, 1, 1))
        device = contract.device_ids
        self.bill_and_post(date(2026, 3, 31))
        self.change(contract, "end_device", device_id=device.id, date=date(2026, 1, 31))
        self.bill_and_post(date(2026, 3, 31))
        self.assertEqual(self.billed(device), 50, "January only")
        self.assert_billed_once(contract, date(2026, 3, 31))

    def test_end_date_changed(self):
        contract = self.new_contract()
        line = contract.line_ids
        self.bill_and_post(date(2026, 3, 31))
        self.change(contract, "date_end", date_end_agreed=date(2026, 2, 28))
        self.assertIn("End date changed", contract.message_ids[:1].body)
        self.bill_and_post(date(2026, 3, 31))
        self.assertEqual(self.billed(line), 200, "March refunded")
        # Extended again: March and April are billed once more, no further.
        self.change(contract, "date_end", date_end_agreed=date(2026, 4, 30))
        self.bill_and_post(date(2026, 12, 31))
        self.assertEqual(self.billed(line), 400)
        self.assert_billed_once(contract, date(2026, 12, 31))
