# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractLinePrice(models.Model):
    """A contract line's price from a date on: the price history that lets a
    price change apply from its effective date to billing dates not yet billed."""

    _name = "service.contract.line.price"
    _description = "Service Contract Line Price"
    _order = "line_id, date_from"

    line_id = fields.Many2one("service.contract.line", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    price = fields.Monetary(required=True)
