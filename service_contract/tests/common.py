# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


def create_pricelists(env, company_currency, other_currency, discounted_product):
    """The company's default pricelist, first (partners without a pricelist
    of their own fall back to it, as when pricelists are on), and a pricelist
    in ``other_currency`` that takes 10 % off ``discounted_product``."""
    Pricelist = env["product.pricelist"]
    default = Pricelist.create({"name": "Default", "sequence": 1, "currency_id": company_currency.id})
    other = Pricelist.create(
        {
            "name": "Abroad",
            "sequence": 20,
            "currency_id": other_currency.id,
            "item_ids": [
                Command.create(
                    {
                        "applied_on": "0_product_variant",
                        "product_id": discounted_product.id,
                        "compute_price": "percentage",
                        "percent_price": 10,
                    }
                )
            ],
        }
    )
    return default, other


class ServiceContractCommon(BaseCommon):
    """A small catalog of our own, independent of demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Service = cls.env["service.contract.service"]
        cls.Package = cls.env["service.contract.package"]
        cls.Template = cls.env["service.contract.template"]
        # Printing as an administrator of a company without a document layout
        # opens the layout configurator instead of the report.
        cls.env.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.kind_labour = cls.env.ref("service_contract.service_kind_labour")
        cls.kind_hotline = cls.env.ref("service_contract.service_kind_hotline")
        cls.contract_user = new_test_user(
            cls.env,
            login="sc_user",
            groups="service_contract.service_contract_group_user",
        )
        cls.contract_manager = new_test_user(
            cls.env,
            login="sc_manager",
            groups="service_contract.service_contract_group_manager",
        )
        cls.hotline = cls.Service.create(
            {
                "name": "Hotline",
                "kind_id": cls.kind_hotline.id,
                "scope": "customer",
                "reaction_time": 2,
                "price": 30,
                "cost": 12,
                "price_period": "month",
            }
        )
        cls.visit = cls.Service.create(
            {
                "name": "Maintenance visit",
                "kind_id": cls.kind_labour.id,
                "included_quantity": 2,
                "price": 360,
                "cost": 240,
                "price_period": "year",
            }
        )
        cls.fee = cls.env["product.product"].create(
            {"name": "Contract fee", "type": "service", "list_price": 100, "default_code": "FEE"}
        )
        cls.package = cls.Package.create(
            {
                "name": "Standard",
                "line_ids": [
                    Command.create({"service_id": cls.hotline.id}),
                    Command.create({"service_id": cls.visit.id}),
                ],
            }
        )

    @classmethod
    def template_vals(cls, **values):
        return {
            "name": "Standard maintenance",
            "billing_interval": "monthly",
            "duration": 12,
            "package_ids": [Command.set(cls.package.ids)],
            "billing_product_ids": [Command.set(cls.fee.ids)],
            **values,
        }
