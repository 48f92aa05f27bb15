# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The billing run's scheduling: batches bounded by billing dates."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.service_contract_billing.models import service_contract_billing_run

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingRunScheduling(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("service_contract_billing.ir_cron_billing_run")
        cls.helper = cls.env.ref("service_contract_billing.ir_cron_billing_run_helper")
        cls.customers = cls.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(5)])
        cls.BillingDate = cls.env["service.contract.billing.date"]

    def call(self, cron=None):
        """One call of a scheduled action, with the progress it reports."""
        cron = cron or self.cron
        progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id})
        Run = self.Run.sudo().with_context(ir_cron_progress_id=progress.id)
        if cron == self.helper:
            Run._cron_billing_run_helper()
        else:
            Run._cron_billing_run()
        return progress.done, progress.remaining

    def call_until_done(self, calls=30):
        results = []
        for _call in range(calls):
            results.append(self.call())
            if results[-1] == (0, 0):
                return results
        self.fail(f"still work left after {calls} calls: {results}")

    def month_end_runs(self):
        return self.Run.search(
            [("origin", "=", "cron"), ("company_id", "=", self.env.company.id)], order="date_cutoff"
        )

    def triggers(self, cron):
        return self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)])

    def due(self, contracts, cutoff):
        return contracts.billing_date_ids.filtered(lambda d: d.date <= cutoff)

    # --- 3. batches bounded by billing dates ------------------------------------

    def test_one_partner_with_many_contracts_is_split_by_contract(self):
        self.template.invoice_per_contract = True
        contracts = self.env["service.contract"].union(
            *(self.new_contract(self.customers[0]) for _i in range(100))
        )
        cutoff = date(2026, 3, 31)
        self.assertEqual(len(self.due(contracts, cutoff)), 300)
        with patch.object(service_contract_billing_run, "BATCH_DATES", 50):
            run = self.bill(cutoff)
            self.assertEqual(run.state, "queued", "more dates than one batch: in the background")
            results = self.call_until_done(calls=20)
        billed = [done for done, _remaining in results if done]
        self.assertEqual(sum(billed), 300)
        self.assertTrue(all(done <= 50 for done in billed), billed)
        self.assertEqual(billed[:6], [48] * 6, "whole contracts (3 dates each) up to the bound")
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.move_ids), 100)
        for move in run.move_ids:
            self.assertEqual(len(move.invoice_line_ids), 3, "a contract's dates stay together")
            self.assertEqual(len(move.invoice_line_ids.service_contract_id), 1)

    def test_several_partners_fill_a_batch_without_splitting_one(self):
        for customer in self.customers:
            self.new_contract(customer)
            self.new_contract(customer)
        cutoff = date(2026, 2, 28)
        with patch.object(service_contract_billing_run, "BATCH_DATES", 9):
            run = self.bill(cutoff)
            self.assertEqual(run.state, "queued")
            results = self.call_until_done()
        billed = [done for done, _remaining in results if done]
        self.assertEqual(billed, [8, 8, 4], "two partners (4 dates each) per batch, never a third")
        self.assertEqual(len(run.move_ids), 5, "one invoice per customer")

    def test_partner_larger_than_a_batch_gets_one_invoice_per_batch(self):
        contracts = self.env["service.contract"].union(
            *(self.new_contract(self.customers[0]) for _i in range(10))
        )
        with patch.object(service_contract_billing_run, "BATCH_DATES", 8):
            run = self.bill(date(2026, 2, 28))
            self.call_until_done()
        self.assertEqual(run.billing_date_count, 20)
        self.assertEqual(len(run.move_ids), 3, "8 + 8 + 4 dates: split because they must be")
        for move in run.move_ids:
            for contract in move.invoice_line_ids.service_contract_id:
                self.assertEqual(
                    move.invoice_line_ids.filtered(lambda line, c=contract: line.service_contract_id == c),
                    contract.billing_date_ids.invoice_line_id,
                    "both dates of a contract on the same invoice",
                )
        self.assertEqual(set(self.due(contracts, date(2026, 2, 28)).mapped("state")), {"billed"})
