# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Billing period arithmetic, in plain Python (no Odoo import).

Rules (documented in the readme, tested in tests/test_periods.py):

* Billing periods are calendar periods: months, quarters (starting January,
  April, July, October), half-years (January, July) or years. A contract's
  term is cut into the calendar periods it touches; the first and the last
  may be partial. A one-time payment has a single period: the whole term.
* All dates are inclusive: a period from the 1st to the 31st has 31 days.
* Prices are per *full* billing period. A partial period, a paused day or a
  price change inside a period is prorated by days: each day of a period is
  worth ``price / days in the full calendar period``; paused days are worth
  nothing. A one-time price is the price of the whole term and is not
  prorated.
* The billing date of a period is its first day when billing in advance, its
  last day when billing in arrears.
* Corrections: a billed period is corrected as a whole *slot*, the calendar
  periods it touches (merged with overlapping slots). What the slot should
  have cost is the sum of the term's billing periods inside it; a one-time
  payment is prorated by the days of its changed term against the days it
  was billed for.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

INTERVAL_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def intersection(self, other):
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start <= end else None


def _first_of_month(year, month):
    """The first day of ``month`` of ``year``, month counted past 12."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


def calendar_period(day, interval):
    """The whole calendar period of ``interval`` that contains ``day``."""
    months = INTERVAL_MONTHS[interval]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end = _first_of_month(day.year, first_month + months) - ONE_DAY
    return Period(start, end)


def billing_periods(term_start, term_end, interval, until=None):
    """The billing periods of a term, in order.

    ``term_end`` may be None for a contract without end: periods are then
    produced up to the one containing ``until`` (required in that case).
    For ``one_time`` the whole term is one period and needs an end.
    """
    if interval == "one_time":
        if term_end is None:
            raise ValueError("a one-time payment needs a term with an end date")
        return [Period(term_start, term_end)]
    if term_end is None:
        if until is None:
            raise ValueError("a term without end needs an 'until' date")
        last = calendar_period(max(until, term_start), interval).end
    else:
        last = term_end if until is None else min(term_end, calendar_period(until, interval).end)
    periods = []
    day = term_start
    while day <= last:
        full = calendar_period(day, interval)
        periods.append(Period(day, min(full.end, last)))
        day = full.end + ONE_DAY
    return periods


def billable_days(period, pauses=()):
    """Days of ``period`` not covered by any of the ``pauses`` (Periods,
    which may overlap each other)."""
    paused = set()
    for pause in pauses:
        overlap = period.intersection(pause)
        if overlap:
            paused.update(overlap.start + timedelta(days=n) for n in range(overlap.days))
    return period.days - len(paused)


def price_on(day, price_schedule):
    """The price in force on ``day``: the last ``(effective_from, price)``
    of the schedule starting on or before it (the first one before that)."""
    schedule = sorted(price_schedule)
    price = schedule[0][1]
    for effective_from, candidate in schedule:
        if effective_from <= day:
            price = candidate
    return price


def period_amount(period, interval, price_schedule, pauses=()):
    """The amount of one billing period.

    ``price_schedule``: ``[(effective_from, price per full period), ...]``;
    a single price can be given as ``[(period.start, price)]``. For
    ``one_time`` the price in force at the period's start is the amount.
    """
    if interval == "one_time":
        return price_on(period.start, price_schedule)
    full_days = calendar_period(period.start, interval).days
    total = 0.0
    for segment in _price_segments(period, price_schedule):
        price = price_on(segment.start, price_schedule)
        total += price * billable_days(segment, pauses) / full_days
    return total


def _price_segments(period, price_schedule):
    """``period`` cut at the effective dates of the price schedule."""
    cuts = sorted(
        {effective for effective, _price in price_schedule if period.start < effective <= period.end}
    )
    segments, start = [], period.start
    for cut in cuts:
        segments.append(Period(start, cut - ONE_DAY))
        start = cut
    segments.append(Period(start, period.end))
    return segments


def interval_price(price, months_per_price, interval):
    """The price of one full billing period of ``interval`` (not one-time)
    for a ``price`` that pays for ``months_per_price`` months: 1,200.00 a
    year billed quarterly is 300.00, 100.00 a month billed yearly 1,200.00."""
    return price * INTERVAL_MONTHS[interval] / months_per_price


def one_time_amount(monthly_schedule, term_start, term_end):
    """The one-time payment of a term priced per month: the sum of the
    term's monthly billing periods, a partial month prorated by days.
    ``monthly_schedule``: ``[(effective_from, price per month), ...]``."""
    return sum(
        period_amount(period, "monthly", monthly_schedule)
        for period in billing_periods(term_start, term_end, "monthly")
    )


def billing_date(period, timing):
    """When a period is billed: its first day in advance, its last in arrears."""
    if timing == "advance":
        return period.start
    if timing == "arrears":
        return period.end
    raise ValueError(f"unknown billing timing {timing!r}")


def billed_slots(billed_periods, interval):
    """The spans that billed periods hold, in order: each billed period
    widened to the whole calendar periods of ``interval`` it touches, and
    overlapping spans merged. No new billing period is made inside a slot;
    the slot is corrected as a whole instead. For ``one_time`` the slot is
    the span of all billed periods."""
    if interval == "one_time":
        if not billed_periods:
            return []
        return [Period(min(p.start for p in billed_periods), max(p.end for p in billed_periods))]
    spans = sorted(
        Period(calendar_period(p.start, interval).start, calendar_period(p.end, interval).end)
        for p in billed_periods
    )
    merged = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            merged[-1] = Period(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def slot_overlapping(slots, period):
    """The index of the slot (of ``billed_slots``: sorted, disjoint) that
    ``period`` overlaps, the last one if several; None if it overlaps none."""
    index = bisect_right([slot.start for slot in slots], period.end) - 1
    if index >= 0 and slots[index].end >= period.start:
        return index
    return None


def term_periods_in(slot, term_start, term_end, interval):
    """The billing periods of the term ``term_start``..``term_end`` (None:
    no end) that lie inside ``slot``: what the slot should have billed.
    Empty when the term misses the slot."""
    start = max(slot.start, term_start)
    end = slot.end if term_end is None else min(slot.end, term_end)
    if end < start:
        return []
    return billing_periods(start, end, interval)


def prorated_one_time(amount, billed_term, term):
    """What a one-time payment of ``amount`` for ``billed_term`` is worth
    for the changed ``term`` (None: no term left), prorated by days."""
    if term is None:
        return 0.0
    return amount * term.days / billed_term.days


# --- coverage: which days of a term are billed, and how often ----------------


def merge_periods(spans):
    """The days of ``spans`` as sorted, disjoint periods; periods that
    overlap or touch (one ends the day before the other starts) are merged."""
    merged = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end + ONE_DAY:
            if span.end > merged[-1].end:
                merged[-1] = Period(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def subtract_periods(spans, removed):
    """The days of ``spans`` that none of ``removed`` covers, as sorted,
    disjoint periods."""
    result = []
    removed = merge_periods(removed)
    for span in merge_periods(spans):
        start = span.start
        for cut in removed:
            if cut.end < start or cut.start > span.end:
                continue
            if cut.start > start:
                result.append(Period(start, cut.start - ONE_DAY))
            start = cut.end + ONE_DAY
            if start > span.end:
                break
        if start <= span.end:
            result.append(Period(start, span.end))
    return result


def coverage_gaps(term, covered, excluded=()):
    """The days of ``term`` that neither ``covered`` (billed or to bill) nor
    ``excluded`` (paused, outside the validity) account for."""
    return subtract_periods([term], [*covered, *excluded])


def overlapping_days(spans):
    """The days that at least two of ``spans`` cover, as sorted, disjoint
    periods (a sweep over the start and end of every span)."""
    events = sorted(
        [(span.start, 1) for span in spans] + [(span.end + ONE_DAY, -1) for span in spans]
    )
    result, depth, since = [], 0, None
    for day, step in events:
        before = depth
        depth += step
        if before < 2 <= depth:
            since = day
        elif depth < 2 <= before and since < day:
            result.append(Period(since, day - ONE_DAY))
    return merge_periods(result)


def days_in(spans):
    """How many days the (disjoint) ``spans`` hold."""
    return sum(span.days for span in spans)
