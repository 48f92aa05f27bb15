# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import ServiceContractCommon


@freeze_time("2026-03-10")
class TestContract(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.customer = cls.env["res.partner"].create({"name": "Hospital North", "is_company": True})
        cls.template = cls.Template.create(
            cls.template_vals(
                payment_term_id=cls.env.ref("account.account_payment_term_30days").id,
                payment_purpose="Maintenance",
            )
        )
        cls.device_product = cls.env["product.product"].create({"name": "Chiller", "type": "consu"})

    def new_contract(self, **values):
        return self.Contract.create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": date(2026, 4, 1),
                "line_ids": [Command.create({"product_id": self.fee.id})],
                **values,
            }
        )

    def test_duration(self):
        contract = self.new_contract()
        self.assertEqual(contract.duration, "12 months")
        contract.date_end_agreed = date(2026, 4, 15)
        self.assertEqual(contract.duration, "15 days")
        contract.date_end_agreed = False
        self.assertEqual(contract.duration, "Until terminated")

    def test_filled_from_template(self):
        contract = self.new_contract()
        self.assertRegex(contract.name, r"^SC/2026/\d{5}$")
        self.assertEqual(contract.type_id, self.template.type_id)
        self.assertEqual(contract.package_ids, self.package)
        self.assertEqual(contract.payment_term_id, self.template.payment_term_id)
        self.assertEqual(contract.payment_purpose, "Maintenance")
        self.assertEqual(contract.date_end_agreed, date(2027, 3, 31))
        self.assertEqual(contract.date_end, date(2027, 3, 31))
        self.assertEqual(contract.line_ids.price_unit, 100)
        self.assertEqual(contract.planned_revenue_monthly, 100)
        self.assertEqual(contract.state, "draft")
        self.assertNotEqual(self.new_contract().name, contract.name)

    def test_term_in_days_and_open_ended(self):
        self.template.write({"duration": 30, "duration_unit": "days"})
        self.assertEqual(self.new_contract().date_end_agreed, date(2026, 4, 30))
        self.template.is_open_ended = True
        contract = self.new_contract()
        self.assertFalse(contract.date_end_agreed)
        self.assertFalse(contract.date_end)

    def test_form_flow(self):
        with Form(self.Contract.with_user(self.contract_user)) as form:
            form.partner_id = self.customer
            form.template_id = self.template
            form.date_start = date(2026, 5, 1)
            with form.line_ids.new() as line:
                line.product_id = self.fee
                line.quantity = 2
            self.assertEqual(form.date_end_agreed, date(2027, 4, 30))
        contract = form.record
        self.assertEqual(contract.planned_revenue_monthly, 200)
        contract.action_start()
        self.assertEqual(contract.state, "running")

    def test_end_before_start_is_refused(self):
        count = self.Contract.search_count([])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.new_contract(date_end_agreed=date(2026, 3, 1))
        self.assertEqual(self.Contract.search_count([]), count)

    def test_one_time_contract_keeps_its_end(self):
        self.template.billing_interval = "one_time"
        contract = self.new_contract()
        with self.assertRaisesRegex(ValidationError, "one-time payment"), self.env.cr.savepoint():
            contract.date_end_agreed = False
            contract.flush_recordset()
        contract.invalidate_recordset()
        self.assertEqual(contract.date_end_agreed, date(2027, 3, 31))
        # Each line keeps the rhythm the template proposed when it was made.
        self.template.billing_interval = "monthly"
        with self.assertRaisesRegex(ValidationError, "one-time payment"), self.env.cr.savepoint():
            contract.date_end_agreed = False
            contract.flush_recordset()
        contract.invalidate_recordset()
        contract.line_ids.billing_interval = "monthly"
        contract.date_end_agreed = False
        self.assertFalse(contract.date_end)

    def test_term_at_most_1000_months(self):
        contract = self.new_contract()
        # 1,000 months from 2026-04-01 end on 2109-07-31.
        contract.date_end_agreed = date(2109, 7, 31)
        self.assertEqual(contract.duration, "1000 months")
        with self.assertRaisesRegex(ValidationError, "1000 months"), self.env.cr.savepoint():
            contract.date_end_agreed = date(2109, 8, 1)
            contract.flush_recordset()
        contract.invalidate_recordset()
        self.assertEqual(contract.date_end_agreed, date(2109, 7, 31))
        count = self.Contract.search_count([])
        with self.assertRaisesRegex(ValidationError, "1000 months"), self.env.cr.savepoint():
            self.new_contract(date_end_agreed=date(9999, 12, 31))
        self.assertEqual(self.Contract.search_count([]), count)
        self.template.write({"duration": 1000, "duration_unit": "days"})
        self.assertEqual(self.new_contract().duration, "1000 days")

    def test_start_rules(self):
        empty = self.new_contract(line_ids=[])
        with self.assertRaisesRegex(UserError, "no lines"):
            empty.action_start()
        self.assertEqual(empty.state, "draft")
        contract = self.new_contract()
        contract.action_start()
        with self.assertRaisesRegex(UserError, "cannot be started: it is Running"):
            contract.action_start()

    def test_insurance_needs_a_device(self):
        insurance = self.env.ref("service_contract.contract_type_insurance")
        contract = self.new_contract(type_id=insurance.id)
        with self.assertRaisesRegex(UserError, "needs a covered device"):
            contract.action_start()
        contract.device_ids = [
            Command.create({"product_id": self.device_product.id, "serial_number": "SN-1"})
        ]
        contract.action_start()
        self.assertEqual(contract.state, "running")
        self.assertEqual(contract.device_ids.display_name, "Chiller (SN-1)")
        self.assertEqual(contract.device_count, 1)

    def test_illegal_moves(self):
        contract = self.new_contract()
        with self.assertRaises(UserError):
            contract.action_expire()
        with self.assertRaises(UserError):
            contract.action_mark_to_renew()
        with self.assertRaises(UserError):
            contract.action_terminate()
        self.assertEqual(contract.state, "draft")
        contract.action_start()
        contract.action_mark_to_renew()
        self.assertEqual(contract.state, "to_renew")
        contract.action_expire()
        with self.assertRaises(UserError):
            contract.action_mark_to_renew()
        self.assertEqual(contract.state, "expired")

    def test_termination_respects_notice(self):
        self.template.early_termination_allowed = True
        contract = self.new_contract(notice_period_days=90)
        contract.action_start()
        # Today 2026-03-10 + 90 days, but not before the start (2026-04-01).
        self.assertEqual(contract.earliest_end_date, date(2026, 6, 8))
        with self.assertRaisesRegex(UserError, "at the earliest"):
            contract.terminate(date(2026, 6, 7))
        self.assertEqual(contract.state, "running")
        self.assertEqual(contract.date_end_agreed, date(2027, 3, 31))
        action = contract.action_terminate()
        reason = self.env.ref("service_contract.termination_reason_customer_request")
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"reason_id": reason.id})
        )
        self.assertEqual(wizard.date_end, date(2026, 6, 8))
        wizard.comment = "Device sold"
        wizard.action_terminate()
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.date_end, date(2026, 6, 8))

    def test_delete_only_drafts(self):
        contract = self.new_contract()
        contract.action_start()
        with self.assertRaises(UserError):
            contract.unlink()
        draft = self.new_contract()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_negative_line_values_are_refused(self):
        contract = self.new_contract()
        for bad in ({"quantity": -1}, {"price_unit": -5}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError), self.env.cr.savepoint():
                contract.line_ids.write(bad)
        self.assertEqual(contract.line_ids.price_unit, 100)

    def test_template_in_use_cannot_be_deleted(self):
        self.new_contract()
        with self.assertRaisesRegex(UserError, "archive"):
            self.template.unlink()
        self.assertTrue(self.template.exists())
        self.assertEqual(self.template.contract_count, 1)
        self.template.action_archive()
        self.assertFalse(self.template.active)
        unused = self.Template.create(self.template_vals(name="Unused"))
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_supplier_contract(self):
        vendor = self.env["res.partner"].create({"name": "Manufacturer AG"})
        contract = self.new_contract(partner_id=vendor.id, direction="supplier")
        self.assertEqual(contract.direction, "supplier")
        self.assertIn(
            contract, self.Contract.search([("direction", "=", "supplier")])
        )

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        foreign = self.Contract.create(
            {"partner_id": self.customer.id, "company_id": other.id, "date_start": date(2026, 4, 1)}
        )
        self.assertNotIn(foreign, self.Contract.with_user(self.contract_user).search([]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.contract_user).read(["name"])


@freeze_time("2026-03-10")
class TestContractPause(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Lab South"})
        cls.template = cls.Template.create(cls.template_vals(pause_policy="always_extend"))

    def new_running_contract(self, **template_values):
        self.template.write(template_values)
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": self.fee.id})],
            }
        )
        contract.action_start()
        return contract

    def pause(self, contract, start, end, **values):
        return self.env["service.contract.pause"].create(
            {"contract_id": contract.id, "date_start": start, "date_end": end, "reason": "Renovation", **values}
        )

    def test_always_extend(self):
        contract = self.new_running_contract()
        self.assertEqual(contract.date_end, date(2026, 12, 31))
        pause = self.pause(contract, date(2026, 6, 1), date(2026, 6, 10))
        self.assertEqual(pause.duration_days, 10)
        self.assertTrue(pause.extends_term)
        self.assertEqual(contract.date_end, date(2027, 1, 10))
        self.assertEqual(contract.date_end_agreed, date(2026, 12, 31))
        pause.unlink()
        self.assertEqual(contract.date_end, date(2026, 12, 31))

    def test_never_extend(self):
        contract = self.new_running_contract(pause_policy="never_extend")
        with self.assertRaisesRegex(ValidationError, "pause policy"), self.env.cr.savepoint():
            self.pause(contract, date(2026, 6, 1), date(2026, 6, 10), extends_term=True)
        pause = self.pause(contract, date(2026, 6, 1), date(2026, 6, 10))
        self.assertFalse(pause.extends_term)
        self.assertEqual(contract.date_end, date(2026, 12, 31))

    def test_user_decides(self):
        contract = self.new_running_contract(pause_policy="user_decides")
        self.pause(contract, date(2026, 6, 1), date(2026, 6, 10), extends_term=True)
        self.pause(contract, date(2026, 7, 1), date(2026, 7, 5), extends_term=False)
        self.assertEqual(contract.date_end, date(2027, 1, 10))

    def test_no_pauses(self):
        contract = self.new_running_contract(pause_policy="no_pauses")
        with self.assertRaisesRegex(ValidationError, "does not allow pauses"), self.env.cr.savepoint():
            self.pause(contract, date(2026, 6, 1), date(2026, 6, 10))
        self.assertFalse(contract.pause_ids)

    def test_bad_pauses_are_refused(self):
        contract = self.new_running_contract()
        self.pause(contract, date(2026, 6, 1), date(2026, 6, 10))
        for start, end, message in (
            (date(2026, 6, 5), date(2026, 6, 20), "overlaps"),
            (date(2026, 5, 20), date(2026, 6, 1), "overlaps"),
            (date(2025, 12, 20), date(2026, 1, 5), "outside the term"),
            (date(2027, 2, 1), date(2027, 2, 5), "outside the term"),
            (date(2026, 8, 10), date(2026, 8, 1), "cannot end before"),
        ):
            with self.subTest(start=start), self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    self.pause(contract, start, end)
        self.assertEqual(len(contract.pause_ids), 1)
        self.assertEqual(contract.date_end, date(2027, 1, 10))

    def test_pause_today_pauses_the_contract(self):
        contract = self.new_running_contract()
        pause = self.pause(contract, date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(contract.state, "paused")
        pause.date_end = date(2026, 3, 5)
        self.assertEqual(contract.state, "running")
