# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractUsage(models.Model):
    """A usage may cost us something (a technician's visit, spare parts): that
    cost is booked on the contract's analytic account, on the usage's date,
    for the post-calculation."""

    _inherit = "service.contract.usage"

    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cost = fields.Monetary(
        currency_field="company_currency_id",
        compute="_compute_cost",
        store=True,
        readonly=False,
        precompute=True,
        help="What delivering this usage cost us, in the company's currency; proposed "
        "as the quantity times the cost of the service's product. Booked on the "
        "contract's analytic account for the post-calculation.",
    )
    analytic_line_id = fields.Many2one(
        "account.analytic.line", string="Analytic Item", copy=False, readonly=True, index="btree_not_null"
    )

    @api.depends("quantity", "entitlement_id")
    def _compute_cost(self):
        for usage in self:
            product = usage.entitlement_id.service_id.product_id.with_company(usage.company_id)
            usage.cost = usage.quantity * product.standard_price if product.standard_price else usage.cost

    @api.model_create_multi
    def create(self, vals_list):
        usages = super().create(vals_list)
        usages._sync_analytic_line()
        return usages

    def write(self, vals):
        result = super().write(vals)
        if {"cost", "date", "quantity", "entitlement_id", "note"} & vals.keys():
            self._sync_analytic_line()
        return result

    def unlink(self):
        lines = self.sudo().analytic_line_id
        result = super().unlink()
        lines.unlink()
        return result

    def _analytic_line_vals(self):
        self.ensure_one()
        contract = self.contract_id.sudo()
        contract._ensure_analytic_account()
        account = contract.analytic_account_id
        service = self.entitlement_id.service_id
        return {
            "name": self.env._(
                "Usage of %(service)s: %(note)s", service=service.display_name, note=self.note or ""
            ).rstrip(": ")
            if service
            else self.note or self.env._("Usage"),
            "date": self.date,
            "amount": -self.cost,
            "unit_amount": self.quantity,
            "company_id": self.company_id.id,
            "partner_id": contract.commercial_partner_id.id,
            "user_id": self.user_id.id,
            account.plan_id._column_name(): account.id,
        }

    def _sync_analytic_line(self):
        """One analytic item per usage with a cost, kept equal to it."""
        for usage in self.sudo():
            company_currency = usage.company_id.currency_id
            if usage.cost and not company_currency.is_zero(usage.cost) and usage.contract_id:
                vals = usage._analytic_line_vals()
                if usage.analytic_line_id:
                    usage.analytic_line_id.write(vals)
                else:
                    usage.analytic_line_id = self.env["account.analytic.line"].sudo().create(vals)
            elif usage.analytic_line_id:
                line = usage.analytic_line_id
                usage.analytic_line_id = False
                line.unlink()
