# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase, ServiceContractCommon):
    """Two customers with a portal user each: each sees only their own
    company's started customer contracts, devices and documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.device_product = cls.env["product.product"].create(
            {"name": "Autoclave A9", "type": "consu"}
        )
        cls.template = cls.Template.create(cls.template_vals())
        cls.company_a = cls.env["res.partner"].create({"name": "Dental Clinic A", "is_company": True})
        cls.company_b = cls.env["res.partner"].create({"name": "Veterinary B", "is_company": True})
        cls.portal_a = cls.portal_user("portal_a", cls.company_a)
        cls.portal_b = cls.portal_user("portal_b", cls.company_b)
        cls.contract_a = cls.running_contract(cls.company_a, "SN-A-1")
        cls.contract_b = cls.running_contract(cls.company_b, "SN-B-1")
        cls.draft_a = cls.env["service.contract"].create(
            {"partner_id": cls.company_a.id, "template_id": cls.template.id}
        )
        cls.supplier_a = cls.running_contract(cls.company_a, "SN-SUP", direction="supplier")
        cls.expired_a = cls.running_contract(
            cls.company_a, "SN-OLD", start=fields.Date.today() - relativedelta(years=2)
        )
        cls.expired_a.action_expire()

    @classmethod
    def portal_user(cls, login, company):
        user = new_test_user(cls.env, login=login, password=login, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def running_contract(cls, company, serial, direction="customer", start=None):
        contract = cls.env["service.contract"].create(
            {
                "partner_id": company.id,
                "template_id": cls.template.id,
                "direction": direction,
                "date_start": start or fields.Date.today() - relativedelta(months=2),
                "line_ids": [Command.create({"product_id": cls.fee.id})],
                "device_ids": [
                    Command.create({"product_id": cls.device_product.id, "serial_number": serial})
                ],
            }
        )
        contract.action_start()
        return contract

    def test_list_shows_only_own_started_customer_contracts(self):
        self.authenticate("portal_a", "portal_a")
        page = self.url_open("/my/service_contracts").text
        self.assertIn(self.contract_a.name, page)
        self.assertIn(self.expired_a.name, page)
        for hidden in (self.contract_b, self.draft_a, self.supplier_a):
            self.assertNotIn(hidden.name, page)
        running = self.url_open("/my/service_contracts?filterby=running").text
        self.assertIn(self.contract_a.name, running)
        self.assertNotIn(self.expired_a.name, running)
        ended = self.url_open("/my/service_contracts?filterby=ended&sortby=end").text
        self.assertIn(self.expired_a.name, ended)
        self.assertNotIn(self.contract_a.name, ended)

    def test_counters(self):
        self.authenticate("portal_a", "portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["service_contract_count", "service_contract_device_count"]},
        )
        self.assertEqual(counters["service_contract_count"], 2, "running and expired")
        self.assertEqual(counters["service_contract_device_count"], 1, "running contract's device")

    def test_detail_page_shows_term_devices_and_entitlements(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/service_contracts/{self.contract_a.id}")
        self.assertEqual(response.status_code, 200)
        for expected in ("SN-A-1", "Hotline", "Maintenance visit", "Autoclave A9"):
            self.assertIn(expected, response.text)

    def test_other_customers_contract_redirects_also_for_guessed_ids(self):
        self.authenticate("portal_a", "portal_a")
        missing = self.contract_b.id + 1000
        for contract_id in (self.contract_b.id, self.draft_a.id, self.supplier_a.id, missing):
            for suffix in ("", "?report_type=pdf&download=true", "?report_type=html"):
                response = self.url_open(f"/my/service_contracts/{contract_id}{suffix}")
                self.assertTrue(response.url.endswith("/my"), f"{contract_id}{suffix}")
                self.assertNotIn("SN-B-1", response.text)

    def test_pdf_download(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(
            f"/my/service_contracts/{self.contract_a.id}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_access_token_opens_a_shared_link(self):
        self.contract_b._portal_ensure_token()
        url = f"/my/service_contracts/{self.contract_b.id}"
        shared = self.url_open(f"{url}?access_token={self.contract_b.access_token}")
        self.assertEqual(shared.status_code, 200)
        self.assertIn("SN-B-1", shared.text)
        wrong = self.url_open(f"{url}?access_token=not-the-token")
        self.assertNotIn("SN-B-1", wrong.text)
        self.assertIn("/web/login", wrong.url)

    def test_devices_page_lists_own_devices_with_todays_services(self):
        self.authenticate("portal_a", "portal_a")
        page = self.url_open("/my/devices").text
        self.assertIn("SN-A-1", page)
        self.assertIn("Hotline", page)
        for hidden in ("SN-B-1", "SN-SUP", "SN-OLD"):
            self.assertNotIn(hidden, page)

    def test_chatter_json_routes_refuse_other_customers_contract(self):
        self.authenticate("portal_a", "portal_a")
        messages_before = len(self.contract_b.message_ids)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "service.contract",
                    "thread_id": self.contract_b.id,
                    "post_data": {"body": "Intruder", "message_type": "comment"},
                },
            )
        self.assertEqual(len(self.contract_b.message_ids), messages_before)
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "service.contract",
                "thread_id": self.contract_b.id,
                "request_list": ["followers"],
            },
        )
        self.assertFalse(data.get("followers"))
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "service.contract",
                "thread_id": self.contract_a.id,
                "post_data": {"body": "Please call me", "message_type": "comment"},
            },
        )
        self.assertIn("Please call me", self.contract_a.message_ids[0].body)

    def test_pages_render_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["service_contract"], ["de_DE"])
        self.portal_a.partner_id.lang = "de_DE"
        self.authenticate("portal_a", "portal_a")
        page = self.url_open(f"/my/service_contracts/{self.contract_a.id}").text
        for german in ("Laufzeit", "Abgedeckte Geräte", "Ansprüche", "Kündigungsfrist"):
            self.assertIn(german, page)
        self.assertIn("Meine Geräte", self.url_open("/my/devices").text)

    def test_other_portal_user_sees_only_theirs(self):
        self.authenticate("portal_b", "portal_b")
        page = self.url_open("/my/service_contracts").text
        self.assertIn(self.contract_b.name, page)
        self.assertNotIn(self.contract_a.name, page)
        self.assertNotIn(self.expired_a.name, page)
