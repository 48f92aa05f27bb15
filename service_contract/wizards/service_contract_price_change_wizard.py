# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..models.service_contract import ACTIVE_STATES


class ServiceContractPriceChangeWizard(models.TransientModel):
    """Asks whether the new price of a billing product, service package or
    single service applies to the running contracts that bill it, and
    records the answer."""

    _name = "service.contract.price.change.wizard"
    _description = "Apply Price Change to Contracts"

    price_change_id = fields.Many2one("service.contract.price.change", required=True)
    summary = fields.Char(related="price_change_id.summary")
    new_price_period = fields.Selection(related="price_change_id.new_price_period")
    line_count = fields.Integer(related="price_change_id.line_count")
    date_effective = fields.Date(
        string="Effective from", required=True, default=fields.Date.context_today
    )

    def _check_pending(self):
        if self.price_change_id.state != "pending":
            raise UserError(
                self.env._("This price change has already been decided.")
            )

    def _check_price_change_company(self):
        company = self.price_change_id.company_id
        if company != self.env.company:
            raise UserError(
                self.env._(
                    "This price change concerns the contracts of %(company)s: switch to "
                    "that company to decide it.",
                    company=company.name,
                )
            )

    def action_apply(self):
        """Apply the new price to the running contracts of the price
        change's company, which must be the current company: each line the
        new price as it bills it (see ``_line_price``)."""
        self.ensure_one()
        self._check_pending()
        self._check_price_change_company()
        change = self.price_change_id
        lines = change.line_ids.filtered(
            lambda line: line.contract_id.state in ACTIVE_STATES
            and line.company_id == self.env.company
        )
        by_price = lines.grouped(lambda line: change._line_price(line, self.date_effective))
        for price, price_lines in by_price.items():
            price_lines.sudo()._apply_price_change(price, self.date_effective)
        change._decide("applied", self.date_effective)
        return {"type": "ir.actions.act_window_close"}

    def action_keep(self):
        self.ensure_one()
        self._check_pending()
        self._check_price_change_company()
        self.price_change_id._decide("kept")
        return {"type": "ir.actions.act_window_close"}
