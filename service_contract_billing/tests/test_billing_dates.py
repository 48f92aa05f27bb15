# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import CoverageAuditedCase


@tagged("post_install", "-at_install")
@freeze_time("2026-01-10")
class TestBillingDates(CoverageAuditedCase, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("service_contract.service_contract_group_manager")
        cls.fee = cls.env["product.product"].create(
            {"name": "Maintenance fee", "type": "service", "list_price": 310}
        )
        cls.template = cls.env["service.contract.template"].create(
            {
                "name": "Monthly in advance",
                "billing_interval": "monthly",
                "billing_timing": "advance",
                "duration": 12,
                # The tests terminate contracts within their term.
                "early_termination_allowed": True,
                "pause_policy": "never_extend",
                "billing_product_ids": [Command.set(cls.fee.ids)],
            }
        )

    def new_contract(self, start=date(2026, 1, 15), **values):
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.partner_a.id,
                "template_id": self.template.id,
                "date_start": start,
                "line_ids": [Command.create({"product_id": self.fee.id, "price_unit": 310})],
                **values,
            }
        )
        contract.action_start()
        return contract

    def schedule(self, contract):
        return [
            (d.period_start, d.period_end, d.date, d.amount, d.state)
            for d in contract.billing_date_ids.sorted("period_start")
        ]

    def test_no_dates_before_start(self):
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.partner_a.id,
                "template_id": self.template.id,
                "line_ids": [Command.create({"product_id": self.fee.id})],
            }
        )
        self.assertFalse(contract.billing_date_ids)

    def test_monthly_in_advance_with_prorated_first_and_last_month(self):
        contract = self.new_contract()
        self.assertEqual(contract.date_end, date(2027, 1, 14))
        dates = self.schedule(contract)
        self.assertEqual(len(dates), 13)
        self.assertEqual(dates[0], (date(2026, 1, 15), date(2026, 1, 31), date(2026, 1, 15), 170.0, "to_bill"))
        self.assertEqual(dates[1][:4], (date(2026, 2, 1), date(2026, 2, 28), date(2026, 2, 1), 310.0))
        self.assertEqual(dates[-1][:4], (date(2027, 1, 1), date(2027, 1, 14), date(2027, 1, 1), 140.0))
        self.assertEqual(contract.billing_date_count, 13)

    def test_quarterly_in_arrears(self):
        self.template.write({"billing_interval": "quarterly", "billing_timing": "arrears"})
        contract = self.new_contract(start=date(2026, 1, 1), line_ids=[Command.create({"product_id": self.fee.id, "price_unit": 900})])
        dates = self.schedule(contract)
        self.assertEqual([d[2] for d in dates], [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)])
        self.assertEqual({d[3] for d in dates}, {900.0})

    def test_one_time_payment(self):
        self.template.write({"billing_interval": "one_time", "duration": 36})
        contract = self.new_contract(line_ids=[Command.create({"product_id": self.fee.id, "price_unit": 480, "quantity": 2})])
        self.assertEqual(self.schedule(contract), [(date(2026, 1, 15), date(2029, 1, 14), date(2026, 1, 15), 960.0, "to_bill")])

    def test_paused_days_are_not_billed(self):
        contract = self.new_contract(start=date(2026, 1, 1))
        self.env["service.contract.pause"].create(
            {"contract_id": contract.id, "date_start": date(2026, 3, 25), "date_end": date(2026, 4, 3), "reason": "Closed"}
        )
        by_month = {d[0]: d[3] for d in self.schedule(contract)}
        self.assertAlmostEqual(by_month[date(2026, 3, 1)], 310 * 24 / 31, places=2)
        self.assertAlmostEqual(by_month[date(2026, 4, 1)], round(310 * 27 / 30, 2), places=2)
        contract.pause_ids.unlink()
        self.assertEqual({d[3] for d in self.schedule(contract)}, {310.0})

    def test_billed_dates_are_never_touched(self):
        contract = self.new_contract(start=date(2026, 1, 1))
        january = contract.billing_date_ids.filtered(lambda d: d.period_start == date(2026, 1, 1))
        january.sudo().state = "billed"  # as the billing run would
        contract.line_ids._unlocked().price_unit = 620
        self.assertEqual(january.amount, 310, "billed: unchanged")
        self.assertTrue(january.exists())
        others = contract.billing_date_ids - january
        self.assertEqual(set(others.mapped("amount")), {620.0})
        self.assertEqual(
            len(contract.billing_date_ids.filtered(lambda d: d.period_start == date(2026, 1, 1))),
            1,
            "no second date for a billed period",
        )

    def test_termination_removes_later_dates(self):
        contract = self.new_contract(start=date(2026, 1, 1), notice_period_days=0)
        contract.terminate(date(2026, 3, 15))
        dates = self.schedule(contract)
        self.assertEqual(dates[-1][:2], (date(2026, 3, 1), date(2026, 3, 15)))
        self.assertAlmostEqual(dates[-1][3], 150.0)

    def test_open_ended_contract_gets_a_horizon(self):
        self.template.is_open_ended = True
        contract = self.new_contract(start=date(2026, 1, 1))
        self.assertFalse(contract.date_end)
        dates = self.schedule(contract)
        self.assertEqual(dates[-1][1], date(2027, 1, 31), "12 months ahead of today")

    def test_lines_added_and_removed(self):
        contract = self.new_contract(start=date(2026, 1, 1))
        extra = self.env["product.product"].create({"name": "Hotline", "type": "service"})
        contract._unlocked().line_ids = [Command.create({"product_id": extra.id, "price_unit": 31})]
        self.assertEqual(len(contract.billing_date_ids), 24)
        contract.line_ids.filtered(lambda l: l.product_id == extra)._unlocked().unlink()
        self.assertEqual(len(contract.billing_date_ids), 12)
