# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import calendar

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    service_contract_auto_post = fields.Boolean(
        string="Post Contract Invoices Automatically",
        help="Post the invoices and vendor bills of the billing run at once "
        "instead of leaving them as drafts for review.",
    )
    service_contract_billing_day = fields.Integer(
        string="Billing Day",
        default=0,
        help="Day of the month on which the scheduled billing run bills what "
        "is due; 0 means the last day of the month.",
    )

    @api.constrains("service_contract_billing_day")
    def _check_service_contract_billing_day(self):
        for company in self:
            if not 0 <= company.service_contract_billing_day <= 31:
                raise ValidationError(
                    self.env._(
                        "The billing day of %(company)s must be a day of the month, "
                        "between 1 and 31, or 0 for the last day of the month.",
                        company=company.name,
                    )
                )

    def _is_service_contract_billing_day(self, day):
        self.ensure_one()
        last = calendar.monthrange(day.year, day.month)[1]
        wanted = self.service_contract_billing_day or last
        return day.day == min(wanted, last)

    def _get_service_contract_billing_day_domain(self, day):
        """The companies whose billing day is ``day``, as a domain: the same
        rule as ``_is_service_contract_billing_day`` (0, or a day past the
        month's end, means the month's last day)."""
        last = calendar.monthrange(day.year, day.month)[1]
        if day.day < last:
            return [("service_contract_billing_day", "=", day.day)]
        return [
            "|",
            ("service_contract_billing_day", "in", [0, False]),
            ("service_contract_billing_day", ">=", last),
        ]
