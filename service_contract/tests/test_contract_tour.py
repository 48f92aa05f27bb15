# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestContractViewsTour(HttpCase):
    """An internal user switches the contracts to kanban and pivot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        fee = env["product.product"].create({"name": "Views fee", "type": "service", "list_price": 50})
        customer = env["res.partner"].create({"name": "Views Tour Customer"})
        contract = env["service.contract"].create(
            {
                "partner_id": customer.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": fee.id})],
            }
        )
        contract.action_start()

    def test_contract_views_tour(self):
        self.start_tour(
            "/odoo/action-service_contract.service_contract_action",
            "service_contract_views",
            login="admin",
        )
