# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Post-calculation (Nachkalkulation): each contract has an analytic account
(cost centre) in the analytic plan "Service Contracts"; the billing run puts
its invoice and vendor-bill lines on it, so that revenue and cost per
contract can be read from the analytic lines
(``service.contract.profitability.report``)."""
# The post-calculation's part of the contract, in a file of its own (issue #14 is
# built in parts, each in new files).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

from odoo.addons.service_contract.models.states import ACTIVE_STATES


class ServiceContract(models.Model):
    _inherit = "service.contract"

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The contract's cost centre in the analytic plan Service Contracts, made "
        "when the contract starts. Its invoice lines, and the vendor bills of the "
        "supplier contracts covering it, are booked on it.",
    )
    covered_contract_ids = fields.Many2many(
        "service.contract",
        "service_contract_covered_contract_rel",
        "supplier_contract_id",
        "customer_contract_id",
        string="Covered Contracts",
        domain="[('direction', '=', 'customer'), ('company_id', '=', company_id)]",
        help="Supplier contract: the customer contracts whose delivery it pays for. "
        "Its vendor bills are booked on their analytic accounts, in equal shares, "
        "or by the covered devices of each when devices are set.",
    )
    covered_device_ids = fields.Many2many(
        "service.contract.device",
        "service_contract_covered_device_rel",
        "supplier_contract_id",
        "device_id",
        string="Covered Devices",
        domain="[('contract_id', 'in', covered_contract_ids)]",
        help="Supplier contract: the devices of the covered contracts it pays for. "
        "Each covered contract then bears a share of the vendor bills in "
        "proportion to its covered devices.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        contracts.filtered(lambda c: c.state in ACTIVE_STATES)._ensure_analytic_account()
        return contracts

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in ACTIVE_STATES:
            self._ensure_analytic_account()
        return result

    @api.model
    def _analytic_plan(self):
        """The analytic plan "Service Contracts" (remade if it was deleted)."""
        plan = self.env.ref(
            "service_contract_billing.analytic_plan_service_contracts", raise_if_not_found=False
        )
        if not plan:
            plan = self.env["account.analytic.plan"].sudo().create(
                {"name": self.env._("Service Contracts")}
            )
            self.env["ir.model.data"].sudo().create(
                {
                    "module": "service_contract_billing",
                    "name": "analytic_plan_service_contracts",
                    "model": plan._name,
                    "res_id": plan.id,
                    "noupdate": True,
                }
            )
        return plan

    def _ensure_analytic_account(self):
        """Give these contracts their analytic account when they have none:
        the contract's name, customer (supplier) and company."""
        missing = self.filtered(lambda c: not c.analytic_account_id)
        if not missing:
            return
        plan = self._analytic_plan()
        accounts = self.env["account.analytic.account"].sudo().create(
            [
                {
                    "name": contract.name,
                    "plan_id": plan.id,
                    "partner_id": contract.commercial_partner_id.id or contract.partner_id.id,
                    "company_id": contract.company_id.id,
                }
                for contract in missing
            ]
        )
        for contract, account in zip(missing, accounts):
            contract.sudo().analytic_account_id = account

    def _analytic_distribution(self):
        """The analytic distribution of this contract's invoice (vendor-bill)
        lines: its own account; for a supplier contract covering customer
        contracts, theirs, split equally, or by covered devices when it has
        covered devices (a covered contract without covered devices then
        bears nothing, unless none has: then equally)."""
        self.ensure_one()
        covered = self.covered_contract_ids if self.direction == "supplier" else self.browse()
        if covered:
            covered._ensure_analytic_account()
            weights = {
                contract: len(self.covered_device_ids.filtered(lambda d, c=contract: d.contract_id == c))
                for contract in covered
            }
            if not any(weights.values()):
                weights = dict.fromkeys(covered, 1)
            total = sum(weights.values())
            distribution = {}
            for contract, weight in weights.items():
                if weight:
                    key = str(contract.analytic_account_id.id)
                    distribution[key] = distribution.get(key, 0.0) + 100.0 * weight / total
            return distribution
        self._ensure_analytic_account()
        return {str(self.analytic_account_id.id): 100.0}

    def action_view_profitability(self):
        """The post-calculation of this contract: by month, in a pivot."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_billing.service_contract_profitability_report_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "pivot_row_groupby": ["date:month"],
            "pivot_column_groupby": [],
            "graph_groupbys": ["date:month"],
        }
        action["display_name"] = self.env._("Profitability of %(contract)s", contract=self.display_name)
        return action
