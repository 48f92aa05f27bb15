# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class ServiceContract(models.Model):
    """The contract's recurring revenue this month, from the MRR report."""

    _inherit = "service.contract"

    mrr = fields.Monetary(
        string="MRR",
        compute="_compute_mrr",
        currency_field="company_currency_id",
        help="Monthly recurring revenue this month: what the recurring lines "
        "bill for one month, in the company's currency (see Reporting > MRR).",
    )
    arr = fields.Monetary(
        string="ARR",
        compute="_compute_mrr",
        currency_field="company_currency_id",
        help="Annual recurring revenue: twelve times this month's MRR.",
    )

    def _compute_mrr(self):
        month = fields.Date.context_today(self).replace(day=1)
        amounts = dict.fromkeys(self.ids, 0.0)
        if self.ids:
            Report = self.env["service.contract.mrr.report"]
            for model, fnames in Report._depends.items():
                self.env[model].flush_model(fnames)
            Report._mrr_without_jit()
            rows = self.env.execute_query(
                SQL(
                    "SELECT contract_id, mrr FROM (%s) AS mrr WHERE date = %s",
                    Report._mrr_query(self.ids, month, month),
                    month,
                )
            )
            amounts.update((contract_id, float(mrr)) for contract_id, mrr in rows)
        for contract in self:
            mrr = amounts.get(contract.id, 0.0)
            contract.mrr = mrr
            contract.arr = mrr * 12

    def action_view_mrr(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_mrr_report_action"
        )
        action["domain"] = [("contract_id", "in", self.ids)]
        action["context"] = {"search_default_group_month": 1}
        return action
