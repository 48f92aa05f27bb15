# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestPortalInvoices(AccountTestInvoicingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("service_contract.service_contract_group_manager")
        fee = cls.env["product.product"].create(
            {"name": "Service fee", "type": "service", "list_price": 80}
        )
        template = cls.env["service.contract.template"].create(
            {
                "name": "Monthly service",
                "billing_interval": "monthly",
                "duration": 12,
                "billing_product_ids": [Command.set(fee.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Optics Ltd", "is_company": True})
        user = new_test_user(cls.env, login="optics", password="optics", groups="base.group_portal")
        user.partner_id.parent_id = cls.customer
        start = fields.Date.today().replace(day=1) - relativedelta(months=2)
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.env.company.id,
                "template_id": template.id,
                "date_start": start,
                "line_ids": [Command.create({"product_id": fee.id})],
            }
        )
        cls.contract.action_start()
        run = cls.env["service.contract.billing.run"].create(
            {"date_cutoff": start, "company_id": cls.env.company.id}
        )
        run.action_run()
        cls.posted = run.move_ids
        cls.posted.action_post()
        run = cls.env["service.contract.billing.run"].create(
            {"date_cutoff": start + relativedelta(months=1), "company_id": cls.env.company.id}
        )
        run.action_run()
        cls.draft = run.move_ids

    def test_contract_page_lists_posted_invoices_only(self):
        self.assertEqual(len(self.posted), 1)
        self.assertEqual(len(self.draft), 1)
        self.authenticate("optics", "optics")
        page = self.url_open(f"/my/service_contracts/{self.contract.id}").text
        self.assertIn(self.posted.name, page)
        self.assertIn(self.posted.get_portal_url(), page)
        self.assertNotIn(f"/my/invoices/{self.draft.id}", page, "drafts are not the customer's yet")

    def test_contract_page_lists_only_the_customers_own_invoices(self):
        leasing = self.env["res.partner"].create({"name": "Leasing Bank", "is_company": True})
        self.contract.partner_invoice_id = leasing
        start = self.contract.date_start
        run = self.env["service.contract.billing.run"].create(
            {"date_cutoff": start + relativedelta(months=2), "company_id": self.env.company.id}
        )
        run.action_run()
        to_leasing = run.move_ids
        self.assertEqual(to_leasing.partner_id, leasing)
        self.assertEqual(to_leasing.invoice_line_ids.service_contract_id, self.contract)
        to_leasing.action_post()
        self.authenticate("optics", "optics")
        page = self.url_open(f"/my/service_contracts/{self.contract.id}").text
        self.assertIn(self.posted.get_portal_url(), page)
        self.assertNotIn(to_leasing.name, page, "sent to another customer's address")
        self.assertNotIn(f"/my/invoices/{to_leasing.id}", page)
        # The same holds for the page opened with the contract's access token.
        self.authenticate(None, None)
        page = self.url_open(self.contract.get_portal_url()).text
        self.assertIn(self.posted.name, page)
        self.assertNotIn(to_leasing.name, page)
