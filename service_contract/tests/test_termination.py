# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .common import ServiceContractCommon


@freeze_time("2026-12-02")
class TestTermination(ServiceContractCommon):
    """A fixed term runs to its agreed end; notice applies to contracts that
    run until terminated, to renewed ones and where the template allows early
    termination. The terminate wizard keeps a reason and a comment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Clinic South", "is_company": True})
        cls.two_years = cls.Template.create(cls.template_vals(name="Two years", duration=24))
        cls.reason = cls.env.ref("service_contract.termination_reason_device_decommissioned")

    def new_contract(self, template=None, **values):
        contract = self.env["service.contract"].create(
            {
                "partner_id": self.customer.id,
                "template_id": (template or self.two_years).id,
                "date_start": date(2026, 7, 1),
                "notice_period_days": 90,
                "line_ids": [Command.create({"product_id": self.fee.id})],
                **values,
            }
        )
        contract.action_start()
        return contract

    def open_wizard(self, contract):
        action = contract.action_terminate()
        return self.env[action["res_model"]].with_context(**action["context"]).new({})

    def test_fixed_term_runs_to_its_agreed_end(self):
        contract = self.new_contract()
        self.assertEqual(contract.date_end, date(2028, 6, 30))
        self.assertEqual(contract.earliest_end_date, date(2028, 6, 30), "not today + notice")
        self.assertEqual(
            contract.term_rule,
            "Fixed term until 06/30/2028: the contract runs to its agreed end and cannot "
            "be terminated earlier.",
        )
        wizard = self.open_wizard(contract)
        self.assertEqual(wizard.date_end, date(2028, 6, 30))
        self.assertEqual(wizard.term_rule, contract.term_rule)
        wizard.date_end = date(2027, 3, 2)
        wizard.reason_id = self.reason
        with self.assertRaisesRegex(
            UserError, r"can end on 06/30/2028 at the earliest\. Fixed term until 06/30/2028"
        ):
            wizard.action_terminate()
        self.assertEqual(contract.state, "running")

    def test_early_termination_allowed_by_the_template(self):
        template = self.Template.create(
            self.template_vals(name="Flexible", duration=24, early_termination_allowed=True)
        )
        contract = self.new_contract(template)
        self.assertEqual(contract.earliest_end_date, date(2027, 3, 2), "today + 90 days")
        self.assertIn("may be terminated earlier with 90 days' notice", contract.term_rule)
        with freeze_time("2028-06-01"):
            contract.invalidate_recordset(["earliest_end_date"])
            self.assertEqual(contract.earliest_end_date, date(2028, 6, 30), "capped at the end")

    def test_open_ended_contract_ends_after_the_notice(self):
        template = self.Template.create(self.template_vals(name="Open", is_open_ended=True))
        contract = self.new_contract(template)
        self.assertFalse(contract.date_end)
        self.assertEqual(contract.earliest_end_date, date(2027, 3, 2))
        self.assertEqual(contract.term_rule, "Runs until terminated, with 90 days' notice.")

    def test_renewed_contract_ends_with_its_term_or_the_next(self):
        template = self.Template.create(self.template_vals(name="Yearly", duration=12))
        contract = self.new_contract(
            template, date_start=date(2026, 1, 1), notice_period_days=30
        )
        self.assertEqual(contract.earliest_end_date, date(2026, 12, 31))
        contract._create_renewal_offer()
        contract.renewal_order_id.action_confirm()
        self.assertEqual(contract.date_end, date(2027, 12, 31), "renewed")
        contract.invalidate_recordset(["earliest_end_date", "term_rule"])
        self.assertEqual(contract.earliest_end_date, date(2027, 12, 31), "notice in time")
        self.assertIn("Renewed term until 12/31/2027", contract.term_rule)
        with freeze_time("2027-12-15"):
            contract.invalidate_recordset(["earliest_end_date"])
            self.assertEqual(
                contract.earliest_end_date, date(2028, 12, 31), "too late: the next term"
            )

    def test_reason_and_comment_are_kept_and_told(self):
        contract = self.new_contract()
        wizard = self.open_wizard(contract)
        wizard.reason_id = self.reason
        wizard.comment = "Letter of 1 December"
        wizard.action_terminate()
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.date_end, date(2028, 6, 30))
        self.assertEqual(contract.termination_reason_id, self.reason)
        self.assertEqual(contract.termination_comment, "Letter of 1 December")
        messages = contract.message_ids.mapped("body")
        self.assertTrue(
            any(
                "Terminated, ends on 06/30/2028. Reason: Device decommissioned. "
                "Letter of 1 December" in body
                for body in messages
            ),
            messages,
        )
        for name in ("termination_reason_id", "termination_comment"):
            self.assertTrue(contract._fields[name].tracking, f"{name} is tracked")

    def test_reasons_are_configurable(self):
        Reason = self.env["service.contract.termination.reason"]
        self.assertEqual(
            Reason.search([], limit=10).mapped("name"),
            [
                "Customer request",
                "Device decommissioned",
                "Replaced by new contract",
                "Non-payment",
            ],
        )
        self.reason.action_archive()
        self.assertNotIn(self.reason, Reason.search([], limit=10))
