# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class CoverageAuditedCase:
    """After each test, the period-coverage audit finds nothing: every day
    of every contract line's term in the database (the test's and the demo
    data's) is billed exactly once. A test that breaks the coverage on
    purpose sets ``audit_coverage = False``."""

    audit_coverage = True

    def tearDown(self):
        if self.audit_coverage:
            self.assert_coverage_complete()
        super().tearDown()

    def assert_coverage_complete(self):
        lines = (
            self.env["service.contract.line"]
            .sudo()
            .with_context(active_test=False)
            .search([("contract_id.state", "!=", "draft")])
        )
        issues = self.env["service.contract.coverage.audit"]._coverage_issues(
            lines, fields.Date.context_today(lines)
        )
        self.assertEqual(
            [
                (
                    issue["kind"],
                    self.env["service.contract"].browse(issue["contract_id"]).name,
                    str(issue["date_start"]),
                    str(issue["date_end"]),
                )
                for issue in issues
            ],
            [],
            "the coverage audit finds no gap and no overlap",
        )


class BillingCommon(CoverageAuditedCase, AccountTestInvoicingCommon):
    """A monthly template billed in advance with a taxed maintenance fee,
    contracts started on 2026-01-01 and a helper to run the billing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("service_contract.service_contract_group_manager")
        cls.Run = cls.env["service.contract.billing.run"]
        cls.fee = cls.env["product.product"].create(
            {
                "name": "Maintenance fee",
                "type": "service",
                "list_price": 100,
                "taxes_id": [Command.set(cls.company_data["default_tax_sale"].ids)],
            }
        )
        cls.template = cls.new_template("Monthly")

    @classmethod
    def new_template(cls, name, **values):
        return cls.env["service.contract.template"].create(
            {
                "name": name,
                "billing_interval": "monthly",
                "billing_timing": "advance",
                "duration": 12,
                # The tests terminate contracts within their term.
                "early_termination_allowed": True,
                "billing_product_ids": [Command.set(cls.fee.ids)],
                **values,
            }
        )

    def new_contract(self, partner=None, template=None, **values):
        contract = self.env["service.contract"].create(
            {
                "partner_id": (partner or self.partner_a).id,
                "template_id": (template or self.template).id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": self.fee.id, "price_unit": 100})],
                **values,
            }
        )
        contract.action_start()
        return contract

    def bill(self, cutoff, **values):
        run = self.Run.create({"date_cutoff": cutoff, **values})
        run.action_run()
        return run
