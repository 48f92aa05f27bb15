# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The schedule of billing dates: which dates a contract line has still to
bill, and the corrections of the periods it billed. The period arithmetic
itself is in ``tools/periods.py``."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.service_contract.models.service_contract import ACTIVE_STATES

from ..tools import periods

#: How far ahead billing dates of contracts without end are generated.
OPEN_ENDED_HORIZON_MONTHS = 12
#: States whose contracts have a billing schedule: those that grant rights.
BILLED_STATES = ACTIVE_STATES
#: Dates that hold their period when a line gets no new regular dates (a
#: credited period is then billed again by a correction).
HELD_STATES = ("billed", "credited")
#: The fields a date still to bill takes from the schedule when it is kept.
SCHEDULED_FIELDS = ("date", "quantity", "price_unit", "discount", "corrected_id")


class ServiceContractBillingDateSchedule(models.AbstractModel):
    """The schedule part of ``service.contract.billing.date`` (which inherits
    it): its methods run on billing dates."""

    _name = "service.contract.billing.date.schedule"
    _description = "Service Contract Billing Date Schedule"

    @api.model
    def _sync_contracts(self, contracts):
        """Recompute the dates still to bill of ``contracts``' lines.

        Billed and credited dates stay as they are, and no new date covers a
        period that was billed: a billed period that no longer matches the
        contract gets a correction instead. A contract that expired after its
        end keeps its schedule (its last period may be billed in arrears
        after it expired); one expired before its end, or without one, gets
        no new regular dates, only corrections.

        A date still to bill that an invoice line points at (the invoice was
        cancelled and may be reset to draft) is never deleted: it takes the
        new schedule's values for its period, or, when the period is gone
        from the schedule, it is *cancelled*. The other dates still to bill
        are made anew."""
        BillingDate = self.sudo()
        today = fields.Date.context_today(self)
        horizon = today + relativedelta(months=OPEN_ENDED_HORIZON_MONTHS)
        contracts = contracts.sudo()
        vals_list = []
        for contract in contracts.filtered(lambda c: c.state != "draft"):
            pauses = [periods.Period(p.date_start, p.date_end) for p in contract.pause_ids]
            regular = contract.state in BILLED_STATES or (
                contract.state == "expired" and bool(contract.date_end) and contract.date_end <= today
            )
            for line in contract.with_context(active_test=False).line_ids:
                for unit in line._billing_units():
                    vals_list += BillingDate._prepare_unit_vals(unit, pauses, horizon, regular=regular)
        to_bill = contracts.billing_date_ids.filtered(lambda d: d.state == "to_bill")
        kept = to_bill._referenced_by_invoice_lines()
        (to_bill - kept).unlink()
        vals_list = kept._take_scheduled_values(vals_list)
        BillingDate.create(vals_list)

    def _referenced_by_invoice_lines(self):
        """Those of these dates an invoice line points at (any invoice state)."""
        if not self:
            return self
        self.env["account.move.line"].flush_model(["service_contract_billing_date_id"])
        self.env.cr.execute(
            "SELECT DISTINCT service_contract_billing_date_id FROM account_move_line "
            "WHERE service_contract_billing_date_id IN %s",
            (tuple(self.ids),),
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _take_scheduled_values(self, vals_list):
        """These kept dates take the values of the scheduled date of the same
        line, kind and period; those without one are cancelled. Returns the
        values of the dates still to create."""
        by_period = {self._schedule_key(vals): vals for vals in vals_list}
        taken = set()
        for billing_date in self:
            key = (
                billing_date.line_id.id,
                billing_date.device_id.id or False,
                billing_date.kind,
                billing_date.period_start,
                billing_date.period_end,
            )
            vals = by_period.get(key)
            if vals is None:
                billing_date.sudo().write({"state": "cancelled"})
                continue
            taken.add(key)
            changes = {
                name: vals.get(name, False)
                for name in SCHEDULED_FIELDS
                if billing_date._scheduled_value_differs(name, vals.get(name, False))
            }
            if changes:
                billing_date.sudo().write(changes)
        return [vals for vals in vals_list if self._schedule_key(vals) not in taken]

    @api.model
    def _schedule_key(self, vals):
        return (
            vals["line_id"],
            vals.get("device_id") or False,
            vals.get("kind", "regular"),
            vals["period_start"],
            vals["period_end"],
        )

    def _scheduled_value_differs(self, name, value):
        current = self[name]
        if name == "corrected_id":
            return current.id != (value or False)
        if name == "price_unit":
            return not self.currency_id.is_zero(current - value)
        return current != value

    @api.model
    def _prepare_unit_vals(self, unit, pauses, horizon, regular=True):
        """Values of the dates a billing unit (``service.contract.line``'s
        ``BillingUnit``: a line, for one device or the whole contract) has
        still to bill: the corrections of its billed periods
        (``_prepare_correction_vals``), and, unless ``regular`` is False,
        one date per billing period that no billed (or credited) date holds.
        A contract with an end gets its whole term; one without end gets
        dates up to ``horizon``."""
        line = unit.line
        interval, timing = line._billing_interval_and_timing()
        regular = regular and unit.active
        # A credited period gets a fresh regular date; without regular dates
        # (ended contract) it is billed again by a correction instead.
        held_states = ("billed",) if regular else HELD_STATES
        held = unit.dates().filtered(lambda d: d.state in held_states)
        slots = periods.billed_slots(
            [periods.Period(d.period_start, d.period_end) for d in held], interval
        )
        vals_list = self._prepare_correction_vals(unit, interval, pauses, slots)
        start, end = unit.start, unit.end
        if not regular or (end is not None and end < start):
            return vals_list
        if interval == "one_time" and slots:
            return vals_list
        schedule = line._price_schedule(start, end)
        until = horizon if end is None else None
        for period in periods.billing_periods(start, end, interval, until=until):
            if periods.slot_overlapping(slots, period) is not None:
                continue
            vals_list.append(
                {
                    "line_id": line.id,
                    "device_id": unit.device.id or False,
                    "period_start": period.start,
                    "period_end": period.end,
                    "date": periods.billing_date(period, timing),
                    "quantity": unit.quantity,
                    "price_unit": periods.period_amount(period, interval, schedule, pauses),
                    "discount": line.discount,
                }
            )
        return vals_list

    @api.model
    def _prepare_correction_vals(self, unit, interval, pauses, slots):
        """One correction per slot (the calendar periods billed dates hold,
        see ``periods.billed_slots``) whose billed amount differs from what
        the slot should cost under the contract as it is now: should have
        been minus billed, an extra charge or (negative) a refund, due today.

        What a slot billed is the sum of its billed dates, regular ones and
        corrections, so a billed correction is never made again, and the
        result does not depend on how often this runs."""
        line = unit.line
        currency = line.currency_id
        today = fields.Date.context_today(self)
        by_slot = self._by_slot(unit, slots)
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
                continue
            corrected = corrected or in_slot[-1]
            should, covered = self._slot_amount(unit, slot, interval, pauses, corrected)
            delta = currency.round(should - sum(in_slot.mapped("amount")))
            if currency.is_zero(delta):
                continue
            covered += [periods.Period(d.period_start, d.period_end) for d in in_slot | corrected]
            vals_list.append(
                {
                    "line_id": line.id,
                    "device_id": unit.device.id or False,
                    "kind": "correction",
                    "corrected_id": corrected.id,
                    "period_start": min(p.start for p in covered),
                    "period_end": max(p.end for p in covered),
                    "date": today,
                    "quantity": 1.0,
                    "price_unit": delta,
                    "discount": 0.0,
                }
            )
        return vals_list

    @api.model
    def _by_slot(self, unit, slots):
        """The unit's billing dates inside each of ``slots``, in order of
        creation, in one pass."""
        by_slot = [[] for _slot in slots]
        for billing_date in unit.dates().sorted("id"):
            period = periods.Period(billing_date.period_start, billing_date.period_end)
            index = periods.slot_overlapping(slots, period)
            slot = slots[index] if index is not None else None
            if slot and slot.start <= period.start and period.end <= slot.end:
                by_slot[index].append(billing_date.id)
        return [self.browse(ids) for ids in by_slot]

    @api.model
    def _slot_amount(self, unit, slot, interval, pauses, corrected):
        """What ``slot`` should have billed for the unit as it is now, and
        the periods of its term inside it. Rounded like regular dates (per
        period: unit price, then amount after discount). A unit that no
        longer bills should have billed nothing. A one-time payment priced
        per billing period is prorated by the days of the term against the
        days of the billed period; one priced per month, quarter or year is
        the price of the term as it is now."""
        line = unit.line
        currency = line.currency_id
        start, end = unit.start, unit.end
        if not unit.active or (end is not None and end < start):
            return 0.0, []
        factor = 1 - (line.discount or 0.0) / 100.0
        schedule = line._price_schedule(start, end)
        if interval == "one_time":
            billed_term = periods.Period(corrected.period_start, corrected.period_end)
            term = periods.Period(start, end) if end else billed_term
            price = periods.price_on(start, schedule)
            if line._months_per_price() is None:
                price = periods.prorated_one_time(price, billed_term, term)
            return currency.round(unit.quantity * currency.round(price) * factor), [term]
        covered = periods.term_periods_in(slot, start, end, interval)
        should = sum(
            currency.round(
                unit.quantity
                * currency.round(periods.period_amount(period, interval, schedule, pauses))
                * factor
            )
            for period in covered
        )
        return should, covered
