# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-05")
class TestBillOnCreationRights(BillingCommon):
    """Billing on creation posts the invoices (when the company posts
    contract invoices automatically) only for users who may post invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.service_contract_auto_post = True
        cls.template.write({"bill_on_creation": True, "bill_on_creation_count": 1})
        cls.contract_user = new_test_user(
            cls.env,
            login="sc_creation_user",
            groups="service_contract.service_contract_group_user",
            company_id=cls.env.company.id,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="sc_creation_accountant",
            groups="service_contract.service_contract_group_user,account.group_account_invoice",
            company_id=cls.env.company.id,
        )

    def start_as(self, user):
        contract = (
            self.env["service.contract"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "template_id": self.template.id,
                    "line_ids": [Command.create({"product_id": self.fee.id, "price_unit": 100})],
                }
            )
        )
        contract.action_start()
        return contract.sudo().billing_date_ids.filtered(lambda d: d.state == "billed").move_id

    def test_user_who_may_not_post_invoices_gets_drafts(self):
        self.assertFalse(self.contract_user.has_group("account.group_account_invoice"))
        invoice = self.start_as(self.contract_user)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(invoice.invoice_date)

    def test_user_who_may_post_invoices_gets_them_posted(self):
        invoice = self.start_as(self.accountant)
        self.assertEqual(invoice.state, "posted")
        self.env.company.service_contract_auto_post = False
        self.assertEqual(self.start_as(self.accountant).state, "draft")

    def test_salesperson_confirming_an_order_gets_drafts(self):
        salesman = new_test_user(
            self.env,
            login="sc_creation_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=self.env.company.id,
        )
        self.assertFalse(salesman.has_group("account.group_account_invoice"))
        package = self.env["service.contract.package"].create({"name": "Care"})
        self.template.package_ids = package
        device = self.env["product.product"].create(
            {"name": "Chiller", "service_contract_package_ids": [Command.set(package.ids)]}
        )
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "order_line": [Command.create({"product_id": device.id})],
                }
            )
        )
        order.action_confirm()
        contract = order.sudo().service_contract_ids
        self.assertEqual(contract.template_id, self.template)
        invoice = contract.billing_date_ids.filtered(lambda d: d.state == "billed").move_id
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "draft")
