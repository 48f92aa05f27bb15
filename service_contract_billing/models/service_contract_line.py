# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import periods


class ServiceContractLine(models.Model):
    _inherit = "service.contract.line"

    billing_date_ids = fields.One2many("service.contract.billing.date", "line_id")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._sync_billing_dates()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if {"quantity", "price_unit", "date_start", "date_end"} & vals.keys():
            self.contract_id._sync_billing_dates()
        return result

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts._sync_billing_dates()
        return result

    def _billing_term(self):
        """The part of the contract's term this line bills, as (start, end);
        end is None for a contract without end."""
        self.ensure_one()
        contract = self.contract_id
        start = max(filter(None, [contract.date_start, self.date_start]))
        ends = [d for d in (contract.date_end, self.date_end) if d]
        return start, (min(ends) if ends else None)

    def _prepare_billing_dates_vals(self, interval, timing, pauses, horizon):
        """Values of the billing dates of this line, skipping periods that
        overlap a billed (or cancelled) date. A contract with an end gets its
        whole term; one without end gets dates up to ``horizon``."""
        self.ensure_one()
        start, end = self._billing_term()
        if end is not None and end < start:
            return []
        kept = [
            periods.Period(d.period_start, d.period_end)
            for d in self.billing_date_ids
            if d.state != "to_bill"
        ]
        schedule = [(start, self.price_unit)]
        vals_list = []
        until = horizon if end is None else None
        for period in periods.billing_periods(start, end, interval, until=until):
            if any(period.intersection(done) for done in kept):
                continue
            vals_list.append(
                {
                    "line_id": self.id,
                    "period_start": period.start,
                    "period_end": period.end,
                    "date": periods.billing_date(period, timing),
                    "quantity": self.quantity,
                    "price_unit": periods.period_amount(period, interval, schedule, pauses),
                }
            )
        return vals_list
