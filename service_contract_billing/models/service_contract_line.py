# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models

from ..tools import periods


class ServiceContractLine(models.Model):
    _inherit = "service.contract.line"

    billing_date_ids = fields.One2many("service.contract.billing.date", "line_id")
    price_ids = fields.One2many(
        "service.contract.line.price", "line_id", string="Price History"
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._sync_billing_dates()
        return lines

    def write(self, vals):
        if "price_unit" in vals and not self.env.context.get("service_contract_price_change"):
            # A price typed on the line applies to every date not yet billed.
            self.price_ids.unlink()
        result = super().write(vals)
        if {"quantity", "price_unit", "date_start", "date_end"} & vals.keys():
            self.contract_id._sync_billing_dates()
        return result

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts._sync_billing_dates()
        return result

    def _apply_price_change(self, new_price, date_effective):
        """Keep the old price until ``date_effective`` and the new one from
        then on: only billing dates not yet billed are recomputed, and a
        period that straddles the date is prorated by days."""
        for line in self:
            start, _end = line._billing_term()
            if not line.price_ids:
                line.price_ids = [Command.create({"date_from": start, "price": line.price_unit})]
            line.price_ids.filtered(lambda p, d=date_effective: p.date_from >= d).unlink()
            line.price_ids = [Command.create({"date_from": date_effective, "price": new_price})]
        return super(
            ServiceContractLine, self.with_context(service_contract_price_change=True)
        )._apply_price_change(new_price, date_effective)

    def _price_schedule(self, start):
        """``[(effective_from, price)]`` of this line for the period maths."""
        self.ensure_one()
        if self.price_ids:
            return [(price.date_from, price.price) for price in self.price_ids]
        return [(start, self.price_unit)]

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
        schedule = self._price_schedule(start)
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
