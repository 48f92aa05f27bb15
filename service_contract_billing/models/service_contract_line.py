# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models

from ..tools import periods


class ServiceContractLine(models.Model):
    _inherit = "service.contract.line"

    active = fields.Boolean(
        default=True,
        help="A removed line that was billed is archived instead of deleted: "
        "its billed periods are refunded by corrections.",
    )
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
            self._price_after_billed_periods(vals["price_unit"])
        result = super().write(vals)
        if {"quantity", "price_unit", "date_start", "date_end", "active"} & vals.keys():
            self.contract_id._sync_billing_dates()
        return result

    def unlink(self):
        """A line with billed periods is archived, not deleted, so that its
        billing history stays; its billed periods are refunded."""
        contracts = self.contract_id
        billed = self.filtered(
            lambda line: any(d.state != "to_bill" for d in line.billing_date_ids)
        )
        billed.write({"active": False})
        result = super(ServiceContractLine, self - billed).unlink()
        contracts._sync_billing_dates()
        return result

    def _price_after_billed_periods(self, new_price):
        """A price typed on the line applies to every period after the last
        billed one. The price history keeps the price billed before, so
        that the billed periods are not corrected; a price change with an
        effective date (``_apply_price_change``) does correct them."""
        for line in self:
            billed = line.billing_date_ids.filtered(
                lambda d: d.kind == "regular" and d.state == "billed"
            )
            if not billed:
                line.price_ids.unlink()
                continue
            start, _end = line._billing_term()
            cut = max(billed.mapped("period_end")) + timedelta(days=1)
            if not line.price_ids:
                line.price_ids = [Command.create({"date_from": start, "price": line.price_unit})]
            line.price_ids.filtered(lambda p, cut=cut: p.date_from >= cut).unlink()
            line.price_ids = [Command.create({"date_from": cut, "price": new_price})]

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

    def _prepare_billing_dates_vals(self, interval, timing, pauses, horizon, regular=True):
        """Values of the dates still to bill of this line: the corrections of
        its billed periods (``_prepare_correction_vals``), and, unless
        ``regular`` is False, one date per billing period that no billed (or
        cancelled) date holds. A contract with an end gets its whole term;
        one without end gets dates up to ``horizon``."""
        self.ensure_one()
        regular = regular and self.active
        # A credited period gets a fresh regular date; without regular dates
        # (ended contract) it is billed again by a correction instead.
        held_states = ("billed", "cancelled") if regular else ("billed", "credited", "cancelled")
        held = self.billing_date_ids.filtered(lambda d: d.state in held_states)
        slots = periods.billed_slots(
            [periods.Period(d.period_start, d.period_end) for d in held], interval
        )
        vals_list = self._prepare_correction_vals(interval, pauses, slots)
        start, end = self._billing_term()
        if not regular or (end is not None and end < start):
            return vals_list
        if interval == "one_time" and slots:
            return vals_list
        schedule = self._price_schedule(start)
        until = horizon if end is None else None
        for period in periods.billing_periods(start, end, interval, until=until):
            if periods.slot_overlapping(slots, period) is not None:
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

    def _prepare_correction_vals(self, interval, pauses, slots):
        """One correction per slot (the calendar periods billed dates hold,
        see ``periods.billed_slots``) whose billed amount differs from what
        the slot should cost under the contract as it is now: should have
        been minus billed, an extra charge or (negative) a refund, due today.

        What a slot billed is the sum of its billed dates, regular ones and
        corrections, so a billed correction is never made again, and the
        result does not depend on how often this runs."""
        self.ensure_one()
        currency = self.currency_id
        today = fields.Date.context_today(self)
        by_slot = self._billing_dates_by_slot(slots)
        vals_list = []
        for slot, dates in zip(slots, by_slot, strict=True):
            in_slot = dates.filtered(lambda d: d.state == "billed")
            regular = dates.filtered(lambda d: d.kind == "regular")
            # The regular date corrected: the last billed, else the last credited.
            corrected = (
                regular.filtered(lambda d: d.state == "billed")[-1:]
                or regular.filtered(lambda d: d.state == "credited")[-1:]
            )
            if not (corrected or in_slot):
                continue  # only cancelled dates: nothing to bill
            corrected = corrected or in_slot[-1]
            should, covered = self._slot_amount(slot, interval, pauses, corrected)
            delta = currency.round(should - sum(in_slot.mapped("amount")))
            if currency.is_zero(delta):
                continue
            covered += [
                periods.Period(d.period_start, d.period_end) for d in in_slot | corrected
            ]
            vals_list.append(
                {
                    "line_id": self.id,
                    "kind": "correction",
                    "corrected_id": corrected.id,
                    "period_start": min(p.start for p in covered),
                    "period_end": max(p.end for p in covered),
                    "date": today,
                    "quantity": 1.0,
                    "price_unit": delta,
                }
            )
        return vals_list

    def _billing_dates_by_slot(self, slots):
        """This line's billing dates inside each of ``slots``, in order of
        creation, in one pass."""
        BillingDate = self.env["service.contract.billing.date"]
        by_slot = [[] for _slot in slots]
        for billing_date in self.billing_date_ids.sorted("id"):
            period = periods.Period(billing_date.period_start, billing_date.period_end)
            index = periods.slot_overlapping(slots, period)
            slot = slots[index] if index is not None else None
            if slot and slot.start <= period.start and period.end <= slot.end:
                by_slot[index].append(billing_date.id)
        return [BillingDate.browse(ids) for ids in by_slot]

    def _slot_amount(self, slot, interval, pauses, corrected):
        """What ``slot`` should have billed for this line as it is now, and
        the periods of the term inside it. Rounded like regular dates (per
        period, unit price then amount). A removed (archived) line should
        have billed nothing; a one-time payment is prorated by the days of
        the term against the days of the billed period."""
        currency = self.currency_id
        start, end = self._billing_term()
        if not self.active or (end is not None and end < start):
            return 0.0, []
        schedule = self._price_schedule(start)
        if interval == "one_time":
            billed_term = periods.Period(corrected.period_start, corrected.period_end)
            term = periods.Period(start, end) if end else billed_term
            unit = periods.prorated_one_time(periods.price_on(start, schedule), billed_term, term)
            return currency.round(self.quantity * currency.round(unit)), [term]
        covered = periods.term_periods_in(slot, start, end, interval)
        should = sum(
            currency.round(
                self.quantity
                * currency.round(periods.period_amount(period, interval, schedule, pauses))
            )
            for period in covered
        )
        return should, covered
