# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-10")
class TestContractViewsBilling(BillingCommon):
    """The contract kanban shows the next billing date."""

    def test_next_billing_date(self):
        contract = self.new_contract()
        self.assertEqual(contract.next_billing_date, date(2026, 1, 1))
        self.bill(date(2026, 1, 31))
        self.assertEqual(contract.next_billing_date, date(2026, 2, 1))
        draft = self.env["service.contract"].create(
            {"partner_id": self.partner_a.id, "template_id": self.template.id}
        )
        self.assertFalse(draft.next_billing_date, "a draft has no billing dates yet")

    def test_kanban_shows_next_billing_date(self):
        arch = self.env["service.contract"].get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        self.assertTrue(etree.fromstring(arch).xpath("//field[@name='next_billing_date']"))
