# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractPriceChange(models.Model):
    """A billing product's price change and the user's answer to it: apply
    the new price to the running contracts that bill the product, or not.
    One per company whose contracts bill the product: each company decides
    for its own contracts."""

    _name = "service.contract.price.change"
    _description = "Billing Product Price Change"
    _order = "create_date desc, id desc"

    product_tmpl_id = fields.Many2one(
        "product.template", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="product_tmpl_id.currency_id")
    old_price = fields.Monetary(required=True)
    new_price = fields.Monetary(required=True)
    line_ids = fields.Many2many(
        "service.contract.line",
        string="Contract Lines",
        help="The lines of running contracts that billed the product at the time.",
    )
    line_count = fields.Integer(compute="_compute_line_count")
    state = fields.Selection(
        [
            ("pending", "Waiting for Decision"),
            ("applied", "Applied to Contracts"),
            ("kept", "Contracts Kept Their Price"),
        ],
        required=True,
        default="pending",
    )
    date_effective = fields.Date(string="Effective from")
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decided_on = fields.Datetime(readonly=True)

    def _compute_line_count(self):
        for change in self:
            change.line_count = len(change.line_ids)

    def _decide(self, state, date_effective=False):
        self.write(
            {
                "state": state,
                "date_effective": date_effective,
                "decided_by_id": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
