# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.service_contract.models import service_contract_cron

from .common import ServiceContractCommon


class TestContractCrons(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.env.company.service_contract_expiry_notice_days = 30
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cold Storage Ltd", "email": "service@cold-storage.example"}
        )
        cls.template = cls.Template.create(
            cls.template_vals(
                renewal_offer=True,
                renewal_offer_days=60,
                contact_interval_months=6,
                contact_activity_type_id=cls.env.ref("mail.mail_activity_data_call").id,
            )
        )
        cls.contract = cls.Contract.create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": cls.fee.id, "price_unit": 80})],
            }
        )
        cls.contract.action_start()

    def run_daily_crons(self):
        self.Contract._cron_update_states()
        self.Contract._cron_send_expiry_notices()
        self.Contract._cron_create_renewal_offers()
        self.Contract._cron_plan_contact_activities()

    def expiry_mails(self):
        return self.contract.message_ids.filtered(
            lambda message: message.subject and "ends on" in message.subject
        )

    def test_expiry_notice_and_to_renew_once(self):
        self.assertEqual(self.contract.expiry_notice_date, date(2026, 12, 1))
        with freeze_time("2026-11-30"):
            self.run_daily_crons()
            self.assertEqual(self.contract.state, "running")
            self.assertFalse(self.expiry_mails())
        with freeze_time("2026-12-01"):
            self.run_daily_crons()
            self.run_daily_crons()
        self.assertEqual(self.contract.state, "to_renew")
        self.assertEqual(len(self.expiry_mails()), 1)
        self.assertIn(self.customer, self.expiry_mails().partner_ids)
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.assertEqual(len(self.contract.activity_ids.filtered(lambda a: a.activity_type_id == todo)), 1)
        self.assertTrue(self.contract.expiry_notice_sent)

    def test_template_overrides_the_notice(self):
        self.template.expiry_notice_days = 10
        self.assertEqual(self.contract.expiry_notice_date, date(2026, 12, 21))

    def test_expired_after_the_end(self):
        with freeze_time("2026-12-31"):
            self.run_daily_crons()
            self.assertEqual(self.contract.state, "to_renew")
        with freeze_time("2027-01-01"):
            self.run_daily_crons()
        self.assertEqual(self.contract.state, "expired")

    def test_renewal_offer_once_and_confirmation_extends(self):
        with freeze_time("2026-11-01"):
            self.run_daily_crons()
            self.run_daily_crons()
        order = self.contract.renewal_order_id
        self.assertTrue(order)
        self.assertEqual(self.env["sale.order"].search_count([("renewed_contract_id", "=", self.contract.id)]), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.product_id, self.fee)
        self.assertEqual(order.order_line.price_unit, 960, "the next term: 12 months at 80.00")
        order.order_line.price_unit = 1020
        order.action_confirm()
        self.assertEqual(
            order.order_line.qty_to_invoice, 0, "the contract bills the renewed term, not the sale"
        )
        self.assertEqual(order.invoice_status, "no")
        self.assertEqual(self.contract.date_end, date(2027, 12, 31), "next term, no gap, no overlap")
        self.assertEqual(self.contract.line_ids.price_unit, 85)
        self.assertFalse(self.contract.renewal_order_id)
        self.assertFalse(order.service_contract_ids, "a renewal creates no new contract")
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertFalse(self.contract._renew_from_order(order), "renewing twice does nothing")
        self.assertEqual(self.contract.date_end, date(2027, 12, 31))

    def test_renewal_offer_of_packages_services_and_sections(self):
        """Sections stay sections; a per-device package is offered for each
        device; two lines posted with the same product each take their own
        price from the confirmed offer."""
        product = self.env["product.product"].create({"name": "Maintenance services", "type": "service"})
        self.package.write({"product_id": product.id, "billing_scope": "device"})
        self.hotline.product_id = product
        self.contract._unlocked().write(
            {
                "line_ids": [
                    Command.clear(),
                    Command.create({"display_type": "line_section", "name": "Cold rooms"}),
                    Command.create({"package_id": self.package.id, "price_unit": 60}),
                    Command.create({"service_id": self.hotline.id}),
                ],
                "device_ids": [
                    Command.create({"product_id": self.fee.id, "serial_number": f"CR-{n}"}) for n in (1, 2)
                ],
            }
        )
        with freeze_time("2026-11-01"):
            self.run_daily_crons()
        order = self.contract.renewal_order_id
        self.assertEqual(
            [(line.display_type, line.name.split(",")[0], line.product_uom_qty, line.price_unit) for line in order.order_line],
            [("line_section", "Cold rooms", 0.0, 0.0), (False, "Standard", 2.0, 720.0), (False, "Hotline", 1.0, 360.0)],
        )
        order.order_line[1].price_unit = 780
        order.action_confirm()
        section, package_line, hotline_line = self.contract.line_ids
        self.assertEqual((package_line.price_unit, hotline_line.price_unit), (65.0, 30.0))
        self.assertEqual(section.display_type, "line_section")

    def test_renewal_keeps_pause_extension(self):
        self.env["service.contract.pause"].create(
            {
                "contract_id": self.contract.id,
                "date_start": date(2026, 5, 1),
                "date_end": date(2026, 5, 10),
                "reason": "Closed",
                "extends_term": True,
            }
        )
        self.assertEqual(self.contract.date_end, date(2027, 1, 10))
        with freeze_time("2026-11-15"):
            self.run_daily_crons()
        self.contract.renewal_order_id.action_confirm()
        self.assertEqual(self.contract.date_end, date(2028, 1, 10))

    def test_contact_activities(self):
        call = self.env.ref("mail.mail_activity_data_call")
        self.assertEqual(self.contract.next_contact_date, date(2026, 7, 1))
        with freeze_time("2026-07-02"):
            self.run_daily_crons()
            self.run_daily_crons()
        calls = self.contract.activity_ids.filtered(lambda a: a.activity_type_id == call)
        self.assertEqual(len(calls), 1)
        self.assertEqual(self.contract.next_contact_date, date(2027, 1, 1))

    def test_pause_state_follows_the_calendar(self):
        self.env["service.contract.pause"].create(
            {
                "contract_id": self.contract.id,
                "date_start": date(2026, 5, 1),
                "date_end": date(2026, 5, 10),
                "reason": "Closed",
                "extends_term": False,
            }
        )
        with freeze_time("2026-05-02"):
            self.run_daily_crons()
            self.assertEqual(self.contract.state, "paused")
        with freeze_time("2026-05-11"):
            self.run_daily_crons()
            self.assertEqual(self.contract.state, "running")

    def test_bounded_batches_report_progress(self):
        others = self.Contract.create(
            [
                {
                    "partner_id": self.customer.id,
                    "template_id": self.template.id,
                    "date_start": date(2025, 1, 1),
                    "line_ids": [Command.create({"product_id": self.fee.id})],
                }
                for _i in range(3)
            ]
        )
        others.action_start()
        # Only these contracts are due (demo data may hold others).
        self.Contract.search([("id", "not in", (others | self.contract).ids)])._unlocked().write(
            {"state": "draft"}
        )
        cron = self.env.ref("service_contract.ir_cron_update_states")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        Contract = self.Contract.with_context(ir_cron_progress_id=progress.id)
        with patch.object(service_contract_cron, "BATCH_SIZE", 2), freeze_time("2026-02-01"):
            Contract._cron_update_states()
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(others.mapped("state").count("expired"), 2)
            Contract._cron_update_states()
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertEqual(set(others.mapped("state")), {"expired"})
            self.assertEqual(self.contract.state, "running")

    # --- a contract that fails never starves the others ---------------------------

    def cron_call(self, method_name):
        """One call of a scheduled action's method, with the progress it reports."""
        cron = self.env.ref("service_contract.ir_cron_update_states")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        getattr(self.Contract.with_context(ir_cron_progress_id=progress.id), method_name)()
        return progress.done, progress.remaining

    def assert_failing_contract_is_isolated(self, cron_method, method_name, day, handled):
        """``method_name`` always fails for ``self.contract``: the contract
        after it is handled anyway (in batches of one), the failure is
        recorded, and the failing contract is neither tried again nor
        reported as remaining before the next day."""
        bad = self.contract
        good = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": self.fee.id, "price_unit": 80})],
            }
        )
        good.action_start()
        # Only these contracts are due (demo data may hold others).
        self.Contract.search([("id", "not in", (bad | good).ids)])._unlocked().write(
            {"state": "draft"}
        )
        original = getattr(type(self.Contract), method_name)
        tried = []

        def failing(contract, *args, **kwargs):
            tried.append(contract)
            if contract == bad:
                raise ValueError("The customer's address is incomplete")
            return original(contract, *args, **kwargs)

        with (
            patch.object(type(self.Contract), method_name, failing),
            patch.object(service_contract_cron, "BATCH_SIZE", 1),
            mute_logger("odoo.addons.service_contract.models.service_contract_cron"),
        ):
            with freeze_time(day):
                results = [self.cron_call(cron_method) for _call in range(3)]
                self.assertEqual(results, [(1, 1), (1, 0), (0, 0)], "the failure counts as handled")
                self.assertTrue(handled(good), "the next contract is handled")
                self.assertEqual(tried.count(bad), 1, "not tried again the same day")
                self.assertEqual(bad.cron_error_ids.method, method_name)
                self.assertIn("address is incomplete", bad.cron_error_ids.message)
            with freeze_time(day + timedelta(days=1)):
                self.cron_call(cron_method)
                self.assertEqual(tried.count(bad), 2, "tried again the next day")
                self.assertEqual(len(bad.cron_error_ids), 1, "one record per contract and step")
        with freeze_time(day + timedelta(days=2)):
            self.cron_call(cron_method)
        self.assertFalse(bad.cron_error_ids, "the error is cleared once the contract succeeds")

    def test_failing_contract_does_not_stop_expiry(self):
        self.assert_failing_contract_is_isolated(
            "_cron_update_states", "action_expire", date(2027, 1, 1), lambda c: c.state == "expired"
        )

    def test_failing_contract_does_not_stop_expiry_notices(self):
        self.assert_failing_contract_is_isolated(
            "_cron_send_expiry_notices",
            "_send_expiry_notice",
            date(2026, 12, 1),
            lambda c: c.expiry_notice_sent,
        )

    def test_failing_contract_does_not_stop_renewal_offers(self):
        self.assert_failing_contract_is_isolated(
            "_cron_create_renewal_offers",
            "_create_renewal_offer",
            date(2026, 11, 1),
            lambda c: c.renewal_order_id,
        )

    def test_failing_contract_does_not_stop_contact_activities(self):
        self.assert_failing_contract_is_isolated(
            "_cron_plan_contact_activities",
            "_plan_contact_activity",
            date(2026, 7, 2),
            lambda c: c.next_contact_date == date(2027, 1, 1),
        )
