# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10")
class TestMrrPriceHistory(BillingCommon):
    """The MRR follows a line's price history: a price changed from a date
    counts from that date's month on, the months before keep the old one."""

    def mrr_by_month(self, contract):
        Report = self.env["service.contract.mrr.report"]
        Report.invalidate_model()
        return {
            row.date: (row.mrr, row.expansion_mrr, row.contraction_mrr)
            for row in Report.search([("contract_id", "=", contract.id)])
        }

    def test_price_change_counts_from_its_month(self):
        contract = self.new_contract()
        self.bill(date(2026, 1, 31))
        contract.line_ids._apply_price_change(120, date(2026, 4, 1))
        # Effective on the 15th: the month counts the price of its last day.
        contract.line_ids._apply_price_change(90, date(2026, 7, 15))
        self.assertEqual(len(contract.line_ids.price_ids), 3)
        rows = self.mrr_by_month(contract)
        self.assertEqual(rows[date(2026, 3, 1)], (100, 0, 0))
        self.assertEqual(rows[date(2026, 4, 1)], (120, 20, 0), "expansion in April")
        self.assertEqual(rows[date(2026, 6, 1)], (120, 0, 0))
        self.assertEqual(rows[date(2026, 7, 1)], (90, 0, -30), "contraction in July")
        self.assertEqual(rows[date(2026, 12, 1)], (90, 0, 0))

    def test_price_typed_after_billing_counts_after_the_billed_periods(self):
        contract = self.new_contract()
        self.bill(date(2026, 2, 28))
        contract.line_ids._unlocked().price_unit = 150
        rows = self.mrr_by_month(contract)
        self.assertEqual(rows[date(2026, 2, 1)][0], 100, "billed at the old price")
        self.assertEqual(rows[date(2026, 3, 1)], (150, 50, 0))
