# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractUsage(models.Model):
    """What was delivered against an entitlement (e.g. one visit, 3 hours)."""

    _name = "service.contract.usage"
    _description = "Service Contract Usage"
    _order = "date desc, id desc"

    entitlement_id = fields.Many2one(
        "service.contract.entitlement", required=True, ondelete="cascade", index=True
    )
    contract_id = fields.Many2one(related="entitlement_id.contract_id", store=True)
    company_id = fields.Many2one(related="entitlement_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    quantity = fields.Float(required=True, default=1.0)
    uom_id = fields.Many2one(related="entitlement_id.included_uom_id")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    note = fields.Char()

    @api.constrains("quantity")
    def _check_quantity(self):
        for usage in self:
            if usage.quantity <= 0:
                raise ValidationError(self.env._("A used quantity must be positive."))
