# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

#: Waits for a selector in the page, then signals success; any client error
#: (a broken view, a failing RPC) fails the test through console.error.
WAIT_FOR = """
const selector = %r;
let tries = 0;
const timer = setInterval(() => {
    if (document.querySelector(selector)) {
        clearInterval(timer);
        console.log("test successful");
    } else if (++tries > 150) {
        clearInterval(timer);
        console.error("Nothing matched " + selector);
    }
}, 100);
"""


@tagged("post_install", "-at_install")
class TestViewsInBrowser(HttpCase):
    """Every screen of the app renders in the web client without an error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        fee = env["product.product"].create({"name": "UI fee", "type": "service", "list_price": 50})
        kind = env.ref("service_contract.service_kind_hotline")
        cls.service = env["service.contract.service"].create({"name": "UI hotline", "kind_id": kind.id})
        package = env["service.contract.package"].create(
            {"name": "UI package", "line_ids": [Command.create({"service_id": cls.service.id})]}
        )
        cls.template = env["service.contract.template"].create(
            {
                "name": "UI template",
                "package_ids": [Command.set(package.ids)],
                "billing_product_ids": [Command.set(fee.ids)],
            }
        )
        customer = env["res.partner"].create({"name": "UI customer"})
        cls.contract = env["service.contract"].create(
            {
                "partner_id": customer.id,
                "template_id": cls.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": fee.id})],
                "device_ids": [Command.create({"product_id": fee.id, "serial_number": "UI-1"})],
            }
        )
        cls.contract.action_start()

    def assert_renders(self, path, selector):
        self.browser_js(path, WAIT_FOR % selector, login="admin", timeout=90)

    def test_contract_screens(self):
        self.assert_renders("/odoo/action-service_contract.service_contract_action", ".o_list_renderer")
        self.assert_renders(
            f"/odoo/action-service_contract.service_contract_action/{self.contract.id}",
            ".o_form_renderer .o_field_widget[name='partner_id']",
        )
        self.assert_renders(
            "/odoo/action-service_contract.service_contract_entitlement_action", ".o_list_renderer"
        )

    def test_catalog_screens(self):
        self.assert_renders(
            f"/odoo/action-service_contract.service_contract_template_action/{self.template.id}",
            ".o_form_renderer .o_field_widget[name='billing_interval']",
        )
        self.assert_renders(
            "/odoo/action-service_contract.service_contract_package_action", ".o_kanban_renderer"
        )
        self.assert_renders(
            f"/odoo/action-service_contract.service_contract_service_action/{self.service.id}",
            ".o_form_renderer",
        )
        self.assert_renders(
            "/odoo/action-service_contract.res_config_settings_action",
            "[name='service_contract_expiry_notice_days']",
        )
