# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _service_period_text(self):
        """The service period of this line as printed on the invoice
        ("Service period: 01/01/2026 – 12/31/2026"), in the environment's
        language and its date format (the invoice document renders in the
        partner's); empty without a period."""
        self.ensure_one()
        if not self.service_start_date or not self.service_end_date:
            return ""
        BillingDate = self.env["service.contract.billing.date"]
        return self.env._(
            "Service period: %(start)s – %(end)s",
            start=BillingDate._format_date(self.service_start_date),
            end=BillingDate._format_date(self.service_end_date),
        )

    def _service_period_printed(self):
        """Whether the invoice document prints the service period under this
        line's label: not on lines the billing run made, whose label already
        ends with their contract and period (and, on a correction, the
        invoice it corrects)."""
        self.ensure_one()
        return bool(self.service_start_date and not self.service_contract_billing_date_id)
