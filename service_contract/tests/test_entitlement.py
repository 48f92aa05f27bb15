# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .common import ServiceContractCommon


@freeze_time("2026-03-10 09:00:00")
class TestEntitlement(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entitlement = cls.env["service.contract.entitlement"]
        cls.customer = cls.env["res.partner"].create({"name": "Dental Clinic", "is_company": True})
        cls.chiller = cls.env["product.product"].create({"name": "Chiller", "type": "consu"})
        cls.template = cls.Template.create(cls.template_vals())
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": cls.fee.id})],
                "device_ids": [
                    Command.create({"product_id": cls.chiller.id, "serial_number": "A1"}),
                    Command.create({"product_id": cls.chiller.id, "serial_number": "B2"}),
                ],
            }
        )
        cls.contract.action_start()
        cls.device_a, cls.device_b = cls.contract.device_ids

    def visit_of(self, device):
        return self.contract.entitlement_ids.filtered(
            lambda e: e.service_id == self.visit and e.device_id == device
        )

    def test_derived_from_packages_and_devices(self):
        entitlements = self.contract.entitlement_ids
        self.assertEqual(len(entitlements), 3)
        hotline = entitlements.filtered(lambda e: e.service_id == self.hotline)
        self.assertFalse(hotline.device_id, "per-customer service: one, without device")
        self.assertEqual(
            entitlements.filtered(lambda e: e.service_id == self.visit).device_id,
            self.device_a | self.device_b,
        )
        self.assertEqual(hotline.date_start, date(2026, 1, 1))
        self.assertEqual(hotline.date_end, date(2026, 12, 31))
        self.assertEqual(hotline.commercial_partner_id, self.customer)

    def test_devices_added_and_removed(self):
        self.contract._unlocked().device_ids = [
            Command.create({"product_id": self.chiller.id, "serial_number": "C3"})
        ]
        self.assertEqual(len(self.contract.entitlement_ids), 4)
        self.device_b._unlocked().unlink()
        self.assertEqual(len(self.contract.entitlement_ids), 3)
        self.assertFalse(self.visit_of(self.device_b))

    def test_validity_shorter_than_the_term(self):
        self.visit.validity_months = 6
        self.contract.invalidate_recordset()
        self.env.add_to_compute(
            self.Entitlement._fields["date_end"], self.contract.entitlement_ids
        )
        self.assertEqual(self.visit_of(self.device_a).date_end, date(2026, 6, 30))

    def test_usage_and_remaining_quantity(self):
        visit = self.visit_of(self.device_a)
        self.assertEqual((visit.included_quantity, visit.remaining_quantity), (2, 2))
        visit.usage_ids = [Command.create({"date": date(2026, 2, 1), "quantity": 1})]
        self.assertEqual((visit.used_quantity, visit.remaining_quantity), (1, 1))
        self.assertEqual(self.visit_of(self.device_b).remaining_quantity, 2)
        with freeze_time("2027-02-01"):
            visit.invalidate_recordset(["used_quantity", "remaining_quantity"])
            self.assertEqual(visit.used_quantity, 0, "a new yearly period starts")

    def test_coverage_question(self):
        labour = self.kind_labour
        answers = self.Entitlement.get_coverage(self.customer, labour, self.device_a)
        self.assertEqual(len(answers), 1)
        self.assertEqual(answers[0]["entitlement"], self.visit_of(self.device_a))
        self.assertEqual(answers[0]["remaining_quantity"], 2)
        self.assertEqual(answers[0]["coverage_percent"], 100)
        hotline = self.Entitlement.get_coverage(
            self.customer, self.kind_hotline, received_at=datetime(2026, 3, 10, 9, 0)
        )
        self.assertEqual(hotline[0]["deadline"], datetime(2026, 3, 10, 11, 0))
        self.assertIsNone(hotline[0]["remaining_quantity"])
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        self.assertEqual(self.Entitlement.get_coverage(stranger, labour), [])
        # Outside the term, or used up: not covered.
        self.assertEqual(
            self.Entitlement.get_coverage(
                self.customer, labour, self.device_a, received_at=datetime(2027, 1, 5)
            ),
            [],
        )
        self.visit_of(self.device_a).usage_ids = [
            Command.create({"date": date(2026, 3, 1), "quantity": 2})
        ]
        self.assertEqual(self.Entitlement.get_coverage(self.customer, labour, self.device_a), [])

    def test_not_covered_while_paused_or_expired(self):
        self.env["service.contract.pause"].create(
            {
                "contract_id": self.contract.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2026, 3, 31),
                "reason": "Closed",
                "extends_term": False,
            }
        )
        self.assertEqual(self.Entitlement.get_coverage(self.customer, self.kind_hotline), [])
        self.assertFalse(
            self.Entitlement.search([("contract_id", "=", self.contract.id), ("is_valid_today", "=", True)])
        )
        self.contract.pause_ids.unlink()
        self.assertEqual(len(self.Entitlement.get_coverage(self.customer, self.kind_hotline)), 1)
        self.assertEqual(
            len(self.Entitlement.search([("contract_id", "=", self.contract.id), ("is_valid_today", "=", True)])),
            3,
        )
        self.contract.action_expire()
        self.assertEqual(self.Entitlement.get_coverage(self.customer, self.kind_hotline), [])

    def test_usage_is_never_lost(self):
        visit = self.visit_of(self.device_b)
        visit.usage_ids = [Command.create({"date": date(2026, 2, 1), "quantity": 1})]
        with self.assertRaisesRegex(UserError, "Usage was recorded"):
            self.device_b._unlocked().unlink()
        # A package that no longer grants the service archives it.
        self.contract.package_ids = False
        self.assertFalse(visit.active, "archived, not deleted")
        self.assertEqual(visit.usage_ids.quantity, 1)
        self.contract.package_ids = self.package
        self.assertTrue(visit.active, "granted again, with its usage")
        self.assertEqual(visit.used_quantity, 1)
        self.assertEqual(len(self.contract.entitlement_ids), 3)
        usage_line = self.package.line_ids.filtered(lambda line: line.service_id == self.visit)
        self.visit_of(self.device_a).usage_ids = [Command.create({"quantity": 1})]
        with self.assertRaisesRegex(UserError, "recorded usage"):
            usage_line.unlink()

    def test_package_changes_reach_contracts(self):
        extra = self.Service.create({"name": "Remote diagnosis", "kind_id": self.kind_hotline.id, "scope": "customer"})
        self.package.line_ids = [Command.create({"service_id": extra.id})]
        self.assertIn(extra, self.contract.entitlement_ids.service_id)
