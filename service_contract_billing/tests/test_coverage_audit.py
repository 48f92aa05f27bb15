# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The period-coverage audit finds the days not billed and the days billed
twice, however they came about, and tells the billing manager once."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestCoverageAudit(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Audit = cls.env["service.contract.coverage.audit"]
        cls.activity_type = cls.env.ref("service_contract_billing.mail_activity_type_coverage_issues")

    def audit(self):
        audit = self.Audit._for_companies(self.env.company)
        audit._audit()
        return audit

    def found(self, audit):
        return sorted(
            (
                (issue.kind, issue.contract_id, issue.date_start, issue.date_end, issue.days)
                for issue in audit.issue_ids
            ),
            key=lambda issue: (issue[0], issue[1].id, issue[2]),
        )

    def date_of(self, contract, period_start):
        return contract.billing_date_ids.filtered(
            lambda d: d.period_start == period_start and d.kind == "regular" and d.state != "credited"
        )

    def sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def test_gap_and_overlap_made_below_the_api_are_found(self):
        self.audit_coverage = False
        contract = self.new_contract()
        other = self.new_contract(self.partner_b)
        self.bill(date(2026, 2, 28)).move_ids.action_post()
        self.assertEqual(self.found(self.audit()), [], "a clean schedule")
        # February's billed date claims 20 January on: January 20 to 31 is
        # billed on two live invoice lines.
        self.sql(
            "UPDATE service_contract_billing_date SET period_start = %s WHERE id = %s",
            date(2026, 1, 20),
            self.date_of(contract, date(2026, 2, 1)).id,
        )
        # June is never billed.
        self.sql(
            "UPDATE service_contract_billing_date SET state = 'cancelled' WHERE id = %s",
            self.date_of(other, date(2026, 6, 1)).id,
        )
        # July is to bill twice.
        july = self.date_of(other, date(2026, 7, 1))
        self.sql(
            "INSERT INTO service_contract_billing_date (line_id, contract_id, company_id, commercial_partner_id, "
            "direction, period_start, period_end, date, quantity, price_unit, amount, state, kind) "
            "SELECT line_id, contract_id, company_id, commercial_partner_id, direction, period_start, "
            "period_end, date, quantity, price_unit, amount, state, kind "
            "FROM service_contract_billing_date WHERE id = %s",
            july.id,
        )
        audit = self.audit()
        self.assertEqual(
            self.found(audit),
            [
                ("gap", other, date(2026, 6, 1), date(2026, 6, 30), 30),
                ("overlap", contract, date(2026, 1, 20), date(2026, 1, 31), 12),
                ("overlap", other, date(2026, 7, 1), date(2026, 7, 31), 31),
            ],
        )
        overlap = audit.issue_ids.filtered(lambda i: i.contract_id == contract)
        self.assertEqual(len(overlap.move_ids), 1, "both periods on the same invoice")
        self.assertEqual(
            overlap.billing_date_ids,
            self.date_of(contract, date(2026, 1, 1)) | self.date_of(contract, date(2026, 1, 20)),
        )
        self.assertEqual((audit.gap_count, audit.overlap_count), (1, 2))
        self.assertEqual(overlap.partner_id, self.partner_a)
        self.assertEqual(overlap.product_id, self.fee)

    def test_cancelled_invoice_lines_do_not_bill(self):
        self.audit_coverage = False
        contract = self.new_contract()
        invoice = self.bill(date(2026, 1, 31)).move_ids
        invoice.button_cancel()
        self.assertEqual(self.found(self.audit()), [], "January is to bill again")
        # Below the API: January marked billed by its cancelled line.
        january = self.date_of(contract, date(2026, 1, 1))
        self.sql(
            "UPDATE service_contract_billing_date SET state = 'billed', invoice_line_id = %s WHERE id = %s",
            invoice.invoice_line_ids.id,
            january.id,
        )
        self.assertEqual(self.found(self.audit()), [], "billed, though on a cancelled line: one claim only")
        self.sql(
            "UPDATE account_move_line SET parent_state = 'posted' WHERE id = %s", invoice.invoice_line_ids.id
        )
        self.sql("UPDATE service_contract_billing_date SET state = 'to_bill' WHERE id = %s", january.id)
        self.assertEqual(
            self.found(self.audit()),
            [("overlap", contract, date(2026, 1, 1), date(2026, 1, 31), 31)],
            "a live invoice line and a date to bill for January",
        )

    def test_rebilled_credited_and_corrected_periods_are_no_overlap(self):
        contract = self.new_contract(notice_period_days=0)
        invoice = self.bill(date(2026, 2, 28)).move_ids
        invoice.action_post()
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"service_contract_rebill": True, "journal_id": invoice.journal_id.id})
        )
        wizard.refund_moves()
        wizard.new_move_ids.action_post()
        self.bill(date(2026, 2, 28)).move_ids.action_post()
        self.assertEqual(self.found(self.audit()), [], "the credited dates refunded what they billed")
        # Terminated within a billed period: the rest of the term is
        # refunded by a correction, and the term ends there.
        contract.terminate(date(2026, 2, 14))
        self.bill(date(2026, 2, 28)).move_ids.action_post()
        self.assertEqual(self.found(self.audit()), [])

    def test_pauses_open_ended_terms_and_expired_contracts(self):
        self.audit_coverage = False
        open_ended = self.new_contract(template=self.new_template("Open-ended", is_open_ended=True))
        self.assertFalse(open_ended.date_end)
        self.env["service.contract.pause"].create(
            {
                "contract_id": open_ended.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2026, 3, 31),
                "reason": "Closed",
            }
        )
        self.bill(date(2026, 1, 31))
        # March is paused: without its date of 0.00, it is not a gap.
        self.sql(
            "DELETE FROM service_contract_billing_date WHERE id = %s", self.date_of(open_ended, date(2026, 3, 1)).id
        )
        self.assertEqual(self.found(self.audit()), [])
        # An open-ended term is audited up to today.
        self.sql(
            "DELETE FROM service_contract_billing_date WHERE line_id = %s AND period_start > %s",
            open_ended.line_ids.id,
            date(2026, 3, 31),
        )
        self.assertEqual(self.found(self.audit()), [])
        with freeze_time("2026-04-10"):
            self.assertEqual(
                self.found(self.audit()), [("gap", open_ended, date(2026, 4, 1), date(2026, 4, 10), 10)]
            )
        # A contract expired without end bills only what it billed.
        open_ended.action_expire()
        self.assertEqual(self.found(self.audit()), [])

    def test_weekly_audit_gives_the_manager_one_activity(self):
        self.audit_coverage = False
        contract = self.new_contract()
        self.Audit._cron_coverage_audit()
        audit = self.Audit.search([("company_id", "=", self.env.company.id)])
        self.assertFalse(audit.activity_ids, "nothing found, nobody bothered")
        january = self.date_of(contract, date(2026, 1, 1))
        self.sql("UPDATE service_contract_billing_date SET state = 'cancelled' WHERE id = %s", january.id)
        self.Audit._cron_coverage_audit()
        self.Audit._cron_coverage_audit()
        activity = audit.activity_ids
        self.assertEqual(len(activity), 1, "one activity, not one per issue or per audit")
        self.assertEqual(activity.activity_type_id, self.activity_type)
        self.assertEqual(activity.user_id, self.env.user, "the company's contract manager")
        self.assertIn("gaps (days not billed): 1;", str(activity.note))
        # Billing users read the audit; the manager closes the activity.
        self.assertEqual(audit.with_user(self.env.user).issue_ids.kind, "gap")
        self.sql("UPDATE service_contract_billing_date SET state = 'to_bill' WHERE id = %s", january.id)
        self.Audit._cron_coverage_audit()
        self.assertFalse(audit.activity_ids, "closed once nothing is left")
        self.assertIn("found no issue", audit.message_ids[0].body)

    def test_audit_now_from_the_list(self):
        self.new_contract()
        action = self.env["service.contract.coverage.issue"].action_audit_now()
        self.assertEqual(action["tag"], "soft_reload")
        audit = self.Audit.search([("company_id", "=", self.env.company.id)])
        self.assertTrue(audit.date_audit)
        self.assertFalse(audit.issue_ids)
