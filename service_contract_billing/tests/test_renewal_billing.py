# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An indexed renewal bills its new prices from the next term's start, each
period exactly once; the periods before keep their price, billed or not."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2027-05-01")
class TestRenewalBilling(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.renewed_template = cls.new_template(
            "Renewed yearly, indexed", renewal_offer=True, renewal_index_percent=3.0
        )

    def schedule(self, contract, start):
        return [
            (d.period_start, d.amount, d.state, d.kind)
            for d in contract.billing_date_ids.sorted("period_start")
            if d.period_start >= start
        ]

    def test_indexed_renewal_bills_the_new_term_at_the_new_price_once(self):
        contract = self.new_contract(
            template=self.renewed_template,
            date_start=date(2026, 7, 1),
            line_ids=[Command.create({"product_id": self.fee.id, "price_unit": 110})],
        )
        self.bill(date(2027, 5, 31))
        contract._create_renewal_offer()
        order = contract.renewal_order_id
        self.assertEqual(order.order_line.price_unit, 1359.6, "12 months at 113.30")
        order.action_confirm()
        self.assertEqual(contract.date_end, date(2028, 6, 30))
        line = contract.line_ids
        self.assertEqual(line.price_unit, 113.3)
        self.assertEqual(
            [(price.date_from, price.price) for price in line.price_ids],
            [(date(2026, 7, 1), 110.0), (date(2027, 7, 1), 113.3)],
        )
        self.assertEqual(
            self.schedule(contract, date(2027, 5, 1))[:3],
            [
                (date(2027, 5, 1), 110.0, "billed", "regular"),
                (date(2027, 6, 1), 110.0, "to_bill", "regular"),
                (date(2027, 7, 1), 113.3, "to_bill", "regular"),
            ],
            "the old term's last month, not billed yet, keeps its price",
        )
        with freeze_time("2028-06-30"):
            run = self.bill(date(2028, 6, 30))
            self.bill(date(2028, 6, 30))
        new_term = self.schedule(contract, date(2027, 7, 1))
        self.assertEqual(len(new_term), 12)
        self.assertEqual({amount for _start, amount, _state, _kind in new_term}, {113.3})
        self.assertEqual({(state, kind) for _s, _a, state, kind in new_term}, {("billed", "regular")})
        self.assertFalse(
            contract.billing_date_ids.filtered(lambda d: d.kind != "regular"),
            "no correction: no billed period changed its price",
        )
        invoice_lines = run.move_ids.invoice_line_ids.filtered(lambda aml: aml.product_id == self.fee)
        self.assertEqual(len(invoice_lines), 13, "June 2027 and the new term's 12 months")
        self.assertAlmostEqual(sum(invoice_lines.mapped("price_subtotal")), 110 + 12 * 113.3)
