# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..hooks import post_init_hook


@tagged("post_install", "-at_install")
class TestDeferralSettings(AccountTestInvoicingCommon):
    """The deferral settings: proposed by the chart of accounts (Odoo's
    generic chart here; the German charts in tests/test_german_company.py),
    editable in the settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("service_contract.service_contract_group_manager")

    def chart_account(self, xmlid, company=None):
        return self.env.ref(f"account.{(company or self.env.company).id}_{xmlid}")

    def assert_defaults(self, company):
        self.assertEqual(company.service_contract_deferred_revenue_account_id, self.chart_account("deferred_revenue", company))
        self.assertEqual(company.service_contract_prepaid_expense_account_id, self.chart_account("prepaid_expenses", company))
        self.assertEqual(company.service_contract_deferral_journal_id.type, "general")
        self.assertEqual(company.service_contract_deferral_journal_id.code, "MISC")
        self.assertEqual(company.service_contract_deferral_journal_id.company_id, company)

    def test_loading_a_chart_proposes_the_settings(self):
        company = self.env.company
        self.assertEqual(company.chart_template, "generic_coa")
        self.assert_defaults(company)
        self.assertEqual(company.service_contract_deferred_revenue_account_id.account_type, "liability_current")
        self.assertEqual(company.service_contract_prepaid_expense_account_id.account_type, "asset_current")
        # A company set up later, its chart loaded afterwards.
        other = self.setup_other_company(name="Tochter GmbH")["company"]
        self.assert_defaults(other)

    def test_install_hook_fills_only_what_is_empty(self):
        company = self.env.company
        mine = self.company_data["default_account_revenue"].copy({"code": "299999", "account_type": "liability_current"})
        company.write(
            {
                "service_contract_deferred_revenue_account_id": mine.id,
                "service_contract_prepaid_expense_account_id": False,
                "service_contract_deferral_journal_id": False,
            }
        )
        post_init_hook(self.env(su=True))  # as Odoo runs it at install
        self.assertEqual(company.service_contract_deferred_revenue_account_id, mine, "a setting made stays")
        self.assertEqual(company.service_contract_prepaid_expense_account_id, self.chart_account("prepaid_expenses"))
        self.assertEqual(company.service_contract_deferral_journal_id.code, "MISC")

    def test_settings_screen(self):
        company = self.env.company
        other_account = self.company_data["default_account_revenue"].copy(
            {"code": "299998", "account_type": "liability_current"}
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.service_contract_deferred_revenue_account_id, self.chart_account("deferred_revenue"))
        self.assertEqual(settings.service_contract_prepaid_expense_account_id, self.chart_account("prepaid_expenses"))
        self.assertEqual(settings.service_contract_deferral_method, "month")
        self.assertEqual(settings.service_contract_deferral_moment, "month_end")
        # The settings' Save button: create the wizard, then execute it.
        self.env["res.config.settings"].create(
            {
                "service_contract_deferred_revenue_account_id": other_account.id,
                "service_contract_deferral_method": "day",
                "service_contract_deferral_moment": "posting",
            }
        ).execute()
        self.assertEqual(company.service_contract_deferred_revenue_account_id, other_account)
        self.assertEqual(company.service_contract_deferral_method, "day")
        self.assertEqual(company.service_contract_deferral_moment, "posting")
        Settings = self.env["res.config.settings"]
        self.assertIn("liability", Settings._fields["service_contract_deferred_revenue_account_id"].domain)
        self.assertIn("asset_current", Settings._fields["service_contract_prepaid_expense_account_id"].domain)
        self.assertIn("general", Settings._fields["service_contract_deferral_journal_id"].domain)
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        for name in (
            "service_contract_deferred_revenue_account_id",
            "service_contract_prepaid_expense_account_id",
            "service_contract_deferral_journal_id",
            "service_contract_deferral_method",
            "service_contract_deferral_moment",
        ):
            self.assertIn(f'name="{name}"', arch)


@tagged("post_install", "-at_install")
class TestDeferralDefaultsWithoutChart(TransactionCase):
    def test_company_without_chart_gets_no_accounts(self):
        company = self.env["res.company"].create({"name": "Ohne Kontenplan"})
        company._service_contract_set_deferral_defaults()
        self.assertFalse(company.service_contract_deferred_revenue_account_id)
        self.assertFalse(company.service_contract_prepaid_expense_account_id)
