# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The billing run's scheduling: missed month-ends, progress reported to
Odoo's cron runner, batches bounded by billing dates, when a run is done,
and failing contracts."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

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

    # --- 1. a missed month-end is billed by the next call ------------------------

    def test_missed_month_end_is_billed_by_the_next_call_once(self):
        contracts = self.env["service.contract"].union(*(self.new_contract(c) for c in self.customers[:3]))
        with freeze_time("2025-12-31"):
            self.call_until_done()
        self.assertEqual(self.month_end_runs().mapped("date_cutoff"), [date(2025, 12, 31)])
        # January 31: the server is down. February 3: the next call.
        with freeze_time("2026-02-03"):
            self.call_until_done()
            self.call_until_done()
        runs = self.month_end_runs()
        self.assertEqual(runs.mapped("date_cutoff"), [date(2025, 12, 31), date(2026, 1, 31)])
        january = runs[1]
        self.assertEqual(january.state, "done")
        self.assertEqual(january.billing_date_count, 3, "January of each contract")
        self.assertEqual(set(self.due(contracts, date(2026, 1, 31)).mapped("state")), {"billed"})
        self.assertEqual(self.due(contracts, date(2026, 2, 28)).filtered(lambda d: d.state == "to_bill").mapped("date"), [date(2026, 2, 1)] * 3)
        with freeze_time("2026-02-04"):
            self.call_until_done()
        self.assertEqual(len(self.month_end_runs()), 2, "only once")

    def test_several_missed_month_ends_each_get_their_run(self):
        contracts = self.env["service.contract"].union(*(self.new_contract(c) for c in self.customers[:2]))
        with freeze_time("2026-01-31"):
            self.call_until_done()
        # The scheduled action was inactive through February and March.
        with freeze_time("2026-04-02"):
            self.call_until_done()
        runs = self.month_end_runs()
        self.assertEqual(
            runs.mapped("date_cutoff"), [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
        )
        self.assertEqual(runs.mapped("state"), ["done"] * 3)
        self.assertEqual(runs.mapped("billing_date_count"), [2, 2, 2], "each month on its own run")
        for run, month in zip(runs, (1, 2, 3), strict=True):
            self.assertEqual(
                set(run.move_ids.invoice_line_ids.service_contract_billing_date_id.mapped("period_start")),
                {date(2026, month, 1)},
            )
        self.assertEqual(set(self.due(contracts, date(2026, 3, 31)).mapped("state")), {"billed"})

    def test_billing_days_after_the_last_one_handled(self):
        with freeze_time("2026-01-20"):
            company = self.env["res.company"].create(
                {"name": "Founded on the 20th", "service_contract_billing_day": 15}
            )
            self.assertEqual(company.service_contract_last_billing_day, date(2026, 1, 20))
            self.call_until_done()

        def month_end_cutoffs():
            runs = self.Run.search([("origin", "=", "cron"), ("company_id", "=", company.id)])
            return sorted(runs.mapped("date_cutoff"))

        self.assertEqual(month_end_cutoffs(), [], "no billing day before the company existed")
        with freeze_time("2026-03-01"):
            self.call_until_done()
        self.assertEqual(month_end_cutoffs(), [date(2026, 2, 15)])
        self.assertEqual(company.service_contract_last_billing_day, date(2026, 2, 15))
        with freeze_time("2026-03-15"):
            self.call_until_done()
        self.assertEqual(month_end_cutoffs(), [date(2026, 2, 15), date(2026, 3, 15)])

    # --- 2. nothing done while work remains: called again within minutes ---------

    def assert_called_again_soon(self, cron, before):
        new = self.triggers(cron) - before
        self.assertTrue(new, f"{cron.name} is called again")
        self.assertLessEqual(
            max(new.mapped("call_at")), fields.Datetime.now() + timedelta(minutes=5), "within minutes"
        )

    def test_retried_batch_calls_again_within_minutes(self):
        for customer in self.customers:
            self.new_contract(customer)
        run = self.Run.create({"date_cutoff": date(2026, 1, 31), "state": "queued"})
        before = self.triggers(self.cron)
        with patch.object(type(self.Run), "_claim_batch", lambda self: None):
            self.assertEqual(self.call(), (0, 1), "a concurrent update: the batch is retried")
        self.assert_called_again_soon(self.cron, before)
        self.call_until_done()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billing_date_count, 5)

    def test_dates_held_by_another_worker_call_again_within_minutes(self):
        for customer in self.customers:
            self.new_contract(customer)
        run = self.Run.create({"date_cutoff": date(2026, 1, 31), "state": "queued"})
        with patch.object(service_contract_billing_run, "BATCH_PARTNERS", 2):
            self.assertEqual(self.call(), (2, 1))
        self.assertEqual(run.state, "running")
        held = self.BillingDate.browse()
        before = self.triggers(self.helper)
        # Another worker holds every date left: this one bills nothing.
        with patch.object(type(self.BillingDate), "_claim", lambda self, *args: held):
            self.assertEqual(self.call(self.helper), (0, 1))
            self.assert_called_again_soon(self.helper, before)
            before = self.triggers(self.cron)
            self.assertEqual(self.call(), (0, 1))
            self.assert_called_again_soon(self.cron, before)
        self.assertEqual(run.state, "running", "not done while dates are left")
        self.call_until_done()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billing_date_count, 5)

    def test_queued_runs_wait_no_longer_than_minutes(self):
        for customer in self.customers:
            self.new_contract(customer)
        first = self.Run.create({"date_cutoff": date(2026, 1, 31), "state": "queued"})
        second = self.Run.create({"date_cutoff": date(2026, 2, 28), "state": "queued"})
        before = self.triggers(self.cron)
        with patch.object(type(self.BillingDate), "_claim", lambda self, *args: self.browse()):
            done, remaining = self.call()
        self.assertEqual(done, 0)
        self.assertGreater(remaining, 0)
        self.assert_called_again_soon(self.cron, before)
        self.call_until_done()
        self.assertEqual((first.state, second.state), ("done", "done"))

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

    # --- 4. done only when nothing is left -----------------------------------------

    def test_request_run_with_dates_held_elsewhere_is_not_done(self):
        contract = self.new_contract()
        run = self.Run.create({"date_cutoff": date(2026, 1, 31)})
        before = self.triggers(self.cron)
        with patch.object(type(self.BillingDate), "_claim", lambda self, *args: self.browse()):
            run.action_run()
        self.assertEqual(run.state, "running", "a date is left: the run is not done")
        self.assertTrue(self.triggers(self.cron) - before, "the scheduled action bills the rest")
        self.call_until_done()
        self.assertEqual(run.state, "done")
        self.assertEqual(self.due(contract, date(2026, 1, 31)).state, "billed")
        self.assertEqual(run.billing_date_count, 1)

    def test_a_done_run_cannot_run_again(self):
        self.new_contract()
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.state, "done")
        self.new_contract(self.partner_b)
        with self.assertRaisesRegex(UserError, "is done"):
            run.action_run()
        self.assertEqual(run.billing_date_count, 1, "nothing billed into a done run")

    # --- 5. a failing contract never starves the others ---------------------------

    def failing_for(self, contracts):
        """Patch: preparing the invoice lines of ``contracts`` always fails."""
        original = type(self.BillingDate)._prepare_invoice_line_vals

        def prepare(billing_date):
            if billing_date.contract_id in contracts:
                raise ValueError("No account for this contract")
            return original(billing_date)

        return patch.object(type(self.BillingDate), "_prepare_invoice_line_vals", prepare)

    def test_failing_contract_never_starves_the_scheduled_run(self):
        contracts = self.env["service.contract"].union(
            *(self.new_contract(c) for c in self.customers),
            *(self.new_contract(c) for c in self.customers),
        )
        bad = contracts[0] | contracts[7]
        cutoff = date(2026, 2, 28)
        with (
            patch.object(service_contract_billing_run, "BATCH_PARTNERS", 2),
            self.failing_for(bad),
            mute_logger("odoo.addons.service_contract_billing.models.service_contract_billing_run"),
        ):
            run = self.bill(cutoff)
            self.assertEqual(run.state, "queued")
            self.call_until_done(calls=10)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.error_ids.contract_id, bad, "each failing contract recorded once")
        self.assertEqual(len(run.error_ids), 2)
        self.assertIn("No account", run.error_ids[0].message)
        self.assertEqual(set(self.due(contracts - bad, cutoff).mapped("state")), {"billed"})
        self.assertEqual(set(self.due(bad, cutoff).mapped("state")), {"to_bill"})
        self.assertEqual(
            len(run.move_ids), 5, "the other contract of each failing contract's customer is billed"
        )
        # The next run tries them again.
        second = self.bill(cutoff)
        self.assertEqual(second.billing_date_count, 4)
        self.assertFalse(second.error_ids)

    def test_failing_contract_does_not_loop_a_request_run(self):
        good = self.new_contract()
        bad = self.new_contract(self.partner_b)
        with (
            self.failing_for(bad),
            mute_logger("odoo.addons.service_contract_billing.models.service_contract_billing_run"),
        ):
            run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.state, "done")
        self.assertEqual(run.error_ids.contract_id, bad)
        self.assertEqual(run.move_ids.invoice_line_ids.service_contract_id, good)

    def test_failing_contract_is_isolated_within_its_invoice(self):
        good = self.new_contract()
        bad = self.new_contract()  # same customer, same invoice
        with (
            self.failing_for(bad),
            mute_logger("odoo.addons.service_contract_billing.models.service_contract_billing_run"),
        ):
            run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.error_ids.contract_id, bad)
        self.assertEqual(run.move_ids.invoice_line_ids.service_contract_id, good)
