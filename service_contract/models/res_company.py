# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    service_contract_expiry_notice_days = fields.Integer(
        string="Expiry Notice (Days)",
        default=30,
        help="How many days before a contract's end the salesperson gets an "
        "activity and the customer an email. Templates may override it.",
    )

    @api.constrains("service_contract_expiry_notice_days")
    def _check_service_contract_expiry_notice_days(self):
        for company in self:
            if not 0 <= company.service_contract_expiry_notice_days <= 1000:
                raise ValidationError(
                    self.env._(
                        "The expiry notice of %(company)s must be between 0 and "
                        "1000 days.",
                        company=company.name,
                    )
                )
