# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract's views for analysis, its list's totals, tags, archiving and
the name of a new contract."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form

from ..models.service_contract import STATES
from .common import ServiceContractCommon, create_pricelists

#: The views each contract action offers.
VIEW_TYPES = ["list", "kanban", "form", "pivot", "graph", "calendar", "activity"]


@freeze_time("2026-03-10")
class TestContractViews(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        # 1 unit of the company's currency is 1.25 units of the other one.
        other_code = "EUR" if cls.currency.name != "EUR" else "USD"
        cls.other = cls.setup_other_currency(other_code, rates=[("2026-01-01", 1.25)])
        cls.foreign_pricelist = create_pricelists(cls.env, cls.currency, cls.other, cls.fee)[1]
        cls.customer = cls.env["res.partner"].create({"name": "Praxis Nord"})
        cls.foreign = cls.env["res.partner"].create(
            {"name": "Clinique Lyon", "property_product_pricelist": cls.foreign_pricelist.id}
        )
        cls.template = cls.Template.create(cls.template_vals())

    def new_contract(self, partner=None, **values):
        return self.Contract.create(
            {
                "partner_id": (partner or self.customer).id,
                "template_id": self.template.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": self.fee.id})],
                **values,
            }
        )

    def test_actions_offer_the_analysis_views(self):
        for xmlid in (
            "service_contract.service_contract_action",
            "service_contract.service_contract_action_supplier",
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(action.view_mode.split(","), VIEW_TYPES, xmlid)
        supplier_list = self.env.ref("service_contract.service_contract_action_supplier").view_ids
        self.assertEqual(
            supplier_list.view_id, self.env.ref("service_contract.service_contract_view_list_supplier")
        )
        arch = etree.fromstring(
            self.Contract.get_views([(supplier_list.view_id.id, "list")])["views"]["list"]["arch"]
        )
        (running_cost,) = arch.xpath("//field[@name='running_cost_monthly']")
        self.assertEqual(running_cost.get("optional"), "show", "what supplier contracts cost adds up")
        analysis = self.env.ref("service_contract.service_contract_analysis_action")
        self.assertEqual(analysis.view_mode.split(",")[:2], ["pivot", "graph"])
        reporting = self.env.ref("service_contract.service_contract_menu_reporting")
        self.assertIn(
            analysis, reporting.child_id.mapped("action"), "Contracts Analysis is under Reporting"
        )
        self.assertIn(
            self.env.ref("service_contract.service_contract_calculation_report_action"),
            reporting.child_id.mapped("action"),
        )

    def test_every_view_loads(self):
        views = self.Contract.get_views([(False, view_type) for view_type in VIEW_TYPES])
        self.assertEqual(set(views["views"]), set(VIEW_TYPES))
        kanban = etree.fromstring(views["views"]["kanban"]["arch"])
        self.assertEqual(kanban.get("default_group_by"), "state")
        self.assertEqual(kanban.get("records_draggable"), "0", "states change by actions only")
        for field in ("partner_id", "template_id", "device_count"):
            self.assertTrue(kanban.xpath(f"//field[@name='{field}']"), field)
        # Its columns follow the contract's life, empty ones too.
        groups = self.Contract.read_group([], ["state"], ["state"])
        self.assertEqual([group["state"] for group in groups], [key for key, _label in STATES])
        calendar = etree.fromstring(views["views"]["calendar"]["arch"])
        self.assertEqual(calendar.get("date_start"), "date_end")

    def test_list_totals_only_comparable_figures(self):
        """The contract's own amounts (in its currency) are shown per month
        without a total; the total adds the running contracts' figures in
        the company's currency."""
        arch = etree.fromstring(self.Contract.get_views([(False, "list")])["views"]["list"]["arch"])
        for name in ("planned_revenue_monthly", "planned_cost_monthly", "planned_margin_monthly"):
            (node,) = arch.xpath(f"//field[@name='{name}']")
            self.assertFalse(node.get("sum"), f"{name} is in the contract's currency")
            self.assertIn("per Month", node.get("string"))
        for name in ("running_revenue_monthly", "running_cost_monthly", "running_margin_monthly"):
            (node,) = arch.xpath(f"//field[@name='{name}']")
            self.assertTrue(node.get("sum"), name)
            self.assertEqual(self.Contract._fields[name].currency_field, "company_currency_id")

        draft = self.new_contract()
        local = self.new_contract()
        foreign = self.new_contract(self.foreign)
        ended = self.new_contract()
        (local | foreign | ended).action_start()
        ended.action_expire()
        self.assertEqual(foreign.currency_id, self.other)
        self.assertTrue(draft.planned_revenue_monthly)
        self.assertEqual(draft.running_revenue_monthly, 0, "a draft runs nothing yet")
        self.assertEqual(ended.running_revenue_monthly, 0, "an expired contract runs nothing")
        self.assertEqual(local.running_revenue_monthly, local.planned_revenue_monthly)
        self.assertAlmostEqual(
            foreign.running_revenue_monthly,
            self.currency.round(foreign.planned_revenue_monthly / 1.25),
        )
        self.assertAlmostEqual(
            local.running_margin_monthly,
            local.running_revenue_monthly - local.running_cost_monthly,
        )
        contracts = draft | local | foreign | ended
        [(total,)] = self.Contract._read_group(
            [("id", "in", contracts.ids)], aggregates=["running_revenue_monthly:sum"]
        )
        self.assertAlmostEqual(
            total, local.running_revenue_monthly + foreign.running_revenue_monthly
        )

    def test_new_contract_is_named_new_until_saved(self):
        form = Form(self.Contract)
        self.assertEqual(form.name, "New")
        form.partner_id = self.customer
        form.template_id = self.template
        contract = form.save()
        self.assertTrue(contract.name.startswith("SC/"), contract.name)
        contract_de = self.Contract.with_context(lang="de_DE")
        self.assertEqual(
            contract_de.default_get(["name"])["name"], contract_de.env._("New")
        )

    def test_existing_names_are_kept(self):
        contract = self.new_contract(name="SC/LEGACY/1")
        self.assertEqual(contract.name, "SC/LEGACY/1")
        contract.tag_ids = False  # any write keeps it
        self.assertEqual(contract.name, "SC/LEGACY/1")

    def test_contract_tags(self):
        tags = self.env["service.contract.tag"].create([{"name": "Region North"}, {"name": "Key"}])
        self.assertTrue(all(1 <= tag.color <= 11 for tag in tags))
        contract = self.new_contract(tag_ids=[Command.set(tags.ids)])
        self.assertEqual(self.Contract.search([("tag_ids", "=", "Key")]), contract)
        # Users read tags, managers maintain them.
        self.assertTrue(self.env["service.contract.tag"].with_user(self.contract_user).search([]))
        self.assertFalse(
            self.env["service.contract.tag"].with_user(self.contract_user).has_access("create")
        )
        self.assertTrue(
            self.env["service.contract.tag"].with_user(self.contract_manager).has_access("create")
        )

    def test_archive_drafts_and_expired_contracts_only(self):
        draft = self.new_contract()
        running = self.new_contract()
        running.action_start()
        draft.action_archive()
        self.assertFalse(draft.active)
        self.assertNotIn(draft, self.Contract.search([("partner_id", "=", self.customer.id)]))
        self.assertIn(
            draft,
            self.Contract.with_context(active_test=False).search(
                [("partner_id", "=", self.customer.id), ("active", "=", False)]
            ),
        )
        with self.assertRaises(ValidationError):
            running.action_archive()
        running.action_expire()
        running.action_archive()
        self.assertFalse(running.active)
        running.action_unarchive()
        self.assertTrue(running.active)
