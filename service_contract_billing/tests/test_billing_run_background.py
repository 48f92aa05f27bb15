# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_contract_billing.models import service_contract_billing_run

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillingRunBackground(BillingCommon):
    """Runs larger than one batch are billed by the scheduled action."""

    def setUp(self):
        super().setUp()
        batch = service_contract_billing_run.BATCH_PARTNERS
        service_contract_billing_run.BATCH_PARTNERS = 2
        self.addCleanup(setattr, service_contract_billing_run, "BATCH_PARTNERS", batch)
        self.cron = self.env.ref("service_contract_billing.ir_cron_billing_run")
        self.customers = self.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(5)])

    def cron_call(self):
        """One call of the scheduled action, with the progress it reports."""
        progress = self.env["ir.cron.progress"].sudo().create({"cron_id": self.cron.id})
        self.Run.sudo().with_context(ir_cron_progress_id=progress.id)._cron_billing_run()
        return progress.done, progress.remaining

    def helper_call(self):
        helper = self.env.ref("service_contract_billing.ir_cron_billing_run_helper")
        progress = self.env["ir.cron.progress"].sudo().create({"cron_id": helper.id})
        self.Run.sudo().with_context(ir_cron_progress_id=progress.id)._cron_billing_run_helper()
        return progress.done, progress.remaining

    def test_second_worker_shares_the_run_it_is_woken_for(self):
        for customer in self.customers:
            self.new_contract(customer)
        helper = self.env.ref("service_contract_billing.ir_cron_billing_run_helper")
        self.assertEqual(self.helper_call(), (0, 0), "no run under way: nothing to help with")
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.state, "queued")
        self.assertEqual(self.helper_call(), (0, 0), "the second worker never starts a run")
        self.assertEqual(run.state, "queued")
        before = self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", helper.id)])
        self.assertEqual(self.cron_call(), (2, 1))
        self.assertTrue(
            self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", helper.id)]) - before,
            "starting the run wakes the second worker",
        )
        self.assertEqual(self.helper_call(), (2, 1))
        self.assertEqual(self.helper_call(), (1, 1))
        self.assertEqual(self.helper_call(), (0, 0), "the call that finds nothing left finishes")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billing_date_count, 5)
        self.assertEqual(len(run.move_ids), 5)
        self.assertEqual(self.cron_call(), (0, 0), "nothing left, nothing billed twice")

    def test_small_run_is_billed_at_once(self):
        for customer in self.customers[:2]:
            self.new_contract(customer)
        triggers = self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", self.cron.id)])
        run = self.bill(date(2026, 1, 31))
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", self.cron.id)]), triggers
        )

    def test_large_run_is_queued_and_billed_batch_by_batch(self):
        contracts = self.env["service.contract"]
        for customer in self.customers:
            contracts |= self.new_contract(customer)
        triggers = self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", self.cron.id)])
        run = self.bill(date(2026, 2, 28))
        self.assertEqual(run.state, "queued")
        self.assertFalse(run.move_ids, "nothing is billed in the request")
        self.assertTrue(
            self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", self.cron.id)]) - triggers,
            "the scheduled action is woken up",
        )
        self.assertEqual(self.cron_call(), (4, 1))
        self.assertEqual(run.state, "running")
        self.assertEqual(run.billing_date_count, 4)
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(self.cron_call(), (4, 1))
        self.assertEqual(self.cron_call(), (2, 1))
        self.assertEqual(run.billing_date_count, 10)
        self.assertEqual(self.cron_call(), (0, 0))
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.move_ids), 5)
        self.assertEqual(set(contracts.billing_date_ids.filtered(lambda d: d.date <= date(2026, 2, 28)).mapped("state")), {"billed"})
        self.assertIn("Billed 10 billing dates", run.message_ids[0].body)
        # Nothing left: the scheduled action has nothing to do.
        self.assertEqual(self.cron_call(), (0, 0))
        self.assertEqual(run.billing_date_count, 10)

    def test_queued_runs_are_billed_one_after_the_other(self):
        for customer in self.customers:
            self.new_contract(customer)
        first = self.bill(date(2026, 1, 31))
        second = self.bill(date(2026, 2, 28))
        self.assertEqual((first.state, second.state), ("queued", "queued"))
        self.assertEqual(self.cron_call(), (2, 2), "one batch of the oldest run; both remain")
        self.assertEqual((first.state, second.state), ("running", "queued"))
        for _call in range(10):
            if self.cron_call() == (0, 0):
                break
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertEqual(first.billing_date_count, 5)
        self.assertEqual(second.billing_date_count, 5)

    def test_large_run_needs_the_scheduled_action(self):
        for customer in self.customers:
            self.new_contract(customer)
        self.cron.sudo().active = False
        run = self.Run.create({"date_cutoff": date(2026, 1, 31)})
        with self.assertRaisesRegex(UserError, "not active"):
            run.action_run()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.move_ids)

    def test_month_end_run_goes_on_the_next_day(self):
        for customer in self.customers:
            self.new_contract(customer)
        with freeze_time("2026-01-31"):
            self.cron_call()
        # (Other companies of the database may have month-end runs too.)
        run = self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.env.company.id)])
        self.assertEqual(run.state, "running")
        self.assertEqual(run.billing_date_count, 2)
        with freeze_time("2026-02-01"):
            for _call in range(10):
                if self.cron_call() == (0, 0):
                    break
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billing_date_count, 5)
        self.assertEqual(
            len(self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.env.company.id)])), 1
        )
