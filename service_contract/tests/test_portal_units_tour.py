# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestPortalUnitsTour(HttpCase, ServiceContractCommon):
    """A portal customer reads a contract marked for renewal as active, with
    its package, price per period and billing interval, and an unlimited
    service as "Unlimited"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        customer = cls.env["res.partner"].create({"name": "Units Tour Clinic", "is_company": True})
        portal = new_test_user(
            cls.env, login="units_portal", password="units_portal", groups="base.group_portal"
        )
        portal.partner_id.write({"parent_id": customer.id, "lang": "en_US"})
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": customer.id,
                "template_id": cls.Template.create(cls.template_vals()).id,
                "date_start": fields.Date.today() - relativedelta(months=1),
                "line_ids": [Command.create({"package_id": cls.package.id})],
                "device_ids": [
                    Command.create(
                        {
                            "product_id": cls.env["product.product"]
                            .create({"name": "Units tour chiller", "type": "consu"})
                            .id,
                            "serial_number": "SN-UNITS-1",
                        }
                    )
                ],
            }
        )
        cls.contract.action_start()
        cls.contract.action_mark_to_renew()

    def test_portal_contract_texts(self):
        self.assertEqual(self.package.price, 60)
        self.start_tour("/my", "service_contract_portal_units", login="units_portal")
