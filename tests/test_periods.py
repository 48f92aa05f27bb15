"""Exhaustive tests of the billing period arithmetic (plain Python, no Odoo)."""

import importlib.util
import os
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "service_contract_billing",
    "tools",
    "periods.py",
)
_SPEC = importlib.util.spec_from_file_location("periods", _PATH)
periods = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(periods)
Period = periods.Period

INTERVALS = ["monthly", "quarterly", "half_yearly", "yearly"]
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def terms(draw):
    start = draw(dates)
    length = draw(st.integers(min_value=0, max_value=2000))
    return start, start + timedelta(days=length)


# --- calendar periods -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "interval", "start", "end"),
    [
        (date(2024, 2, 10), "monthly", date(2024, 2, 1), date(2024, 2, 29)),
        (date(2023, 2, 28), "monthly", date(2023, 2, 1), date(2023, 2, 28)),
        (date(2026, 12, 31), "monthly", date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 5, 31), "quarterly", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 12, 1), "quarterly", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 7, 1), "half_yearly", date(2026, 7, 1), date(2026, 12, 31)),
        (date(2026, 6, 30), "half_yearly", date(2026, 1, 1), date(2026, 6, 30)),
        (date(2028, 2, 29), "yearly", date(2028, 1, 1), date(2028, 12, 31)),
    ],
)
def test_calendar_period(day, interval, start, end):
    assert periods.calendar_period(day, interval) == Period(start, end)


@given(day=dates, interval=st.sampled_from(INTERVALS))
def test_calendar_period_contains_the_day_and_is_whole(day, interval):
    period = periods.calendar_period(day, interval)
    assert period.start <= day <= period.end
    assert period.start.day == 1
    assert (period.end + timedelta(days=1)).day == 1
    assert (period.start.month - 1) % periods.INTERVAL_MONTHS[interval] == 0


# --- cutting a term into periods --------------------------------------------


@given(term=terms(), interval=st.sampled_from(INTERVALS))
@settings(max_examples=300)
def test_periods_partition_the_term(term, interval):
    start, end = term
    result = periods.billing_periods(start, end, interval)
    assert result[0].start == start
    assert result[-1].end == end
    for previous, following in zip(result, result[1:], strict=False):
        assert following.start == previous.end + timedelta(days=1), "no gap, no overlap"
    for period in result:
        full = periods.calendar_period(period.start, interval)
        assert full.start <= period.start <= period.end <= full.end
    assert sum(p.days for p in result) == (end - start).days + 1
    # Only the first and the last period may be partial.
    for period in result[1:-1]:
        assert period == periods.calendar_period(period.start, interval)


def test_term_starting_on_the_31st():
    result = periods.billing_periods(date(2026, 1, 31), date(2026, 4, 30), "monthly")
    assert result == [
        Period(date(2026, 1, 31), date(2026, 1, 31)),
        Period(date(2026, 2, 1), date(2026, 2, 28)),
        Period(date(2026, 3, 1), date(2026, 3, 31)),
        Period(date(2026, 4, 1), date(2026, 4, 30)),
    ]


def test_one_day_contract():
    for interval in [*INTERVALS, "one_time"]:
        assert periods.billing_periods(date(2024, 2, 29), date(2024, 2, 29), interval) == [
            Period(date(2024, 2, 29), date(2024, 2, 29))
        ]


def test_one_time_is_the_whole_term_and_needs_an_end():
    assert periods.billing_periods(date(2026, 3, 15), date(2029, 3, 14), "one_time") == [
        Period(date(2026, 3, 15), date(2029, 3, 14))
    ]
    with pytest.raises(ValueError):
        periods.billing_periods(date(2026, 3, 15), None, "one_time")


def test_open_ended_term_until_a_horizon():
    result = periods.billing_periods(date(2026, 1, 15), None, "quarterly", until=date(2026, 8, 1))
    assert result == [
        Period(date(2026, 1, 15), date(2026, 3, 31)),
        Period(date(2026, 4, 1), date(2026, 6, 30)),
        Period(date(2026, 7, 1), date(2026, 9, 30)),
    ]
    with pytest.raises(ValueError):
        periods.billing_periods(date(2026, 1, 15), None, "monthly")


def test_horizon_before_the_end_stops_early():
    result = periods.billing_periods(date(2026, 1, 1), date(2026, 12, 31), "monthly", until=date(2026, 2, 10))
    assert [p.end for p in result] == [date(2026, 1, 31), date(2026, 2, 28)]


def test_bad_period():
    with pytest.raises(ValueError):
        Period(date(2026, 2, 2), date(2026, 2, 1))


# --- amounts, prorating, pauses and price changes ---------------------------


def test_full_and_partial_months():
    price = [(date(2000, 1, 1), 310.0)]
    assert periods.period_amount(Period(date(2026, 1, 1), date(2026, 1, 31)), "monthly", price) == 310
    assert periods.period_amount(Period(date(2026, 1, 22), date(2026, 1, 31)), "monthly", price) == 100
    # February 2024 has 29 days: 10 of them are 10/29 of the price.
    amount = periods.period_amount(Period(date(2024, 2, 20), date(2024, 2, 29)), "monthly", [(date(2000, 1, 1), 290.0)])
    assert amount == pytest.approx(100)


@given(term=terms(), interval=st.sampled_from(INTERVALS), price=st.integers(0, 10_000))
@settings(max_examples=200)
def test_whole_periods_cost_the_price_and_parts_add_up(term, interval, price):
    start, end = term
    schedule = [(date(1999, 1, 1), float(price))]
    amounts = [periods.period_amount(p, interval, schedule) for p in periods.billing_periods(start, end, interval)]
    expected = sum(
        price * p.days / periods.calendar_period(p.start, interval).days
        for p in periods.billing_periods(start, end, interval)
    )
    assert sum(amounts) == pytest.approx(expected)
    for period, amount in zip(periods.billing_periods(start, end, interval), amounts, strict=True):
        if period == periods.calendar_period(period.start, interval):
            assert amount == pytest.approx(price)
        assert 0 <= amount <= price + 1e-9


def test_pause_across_a_period_border():
    pause = Period(date(2026, 1, 25), date(2026, 2, 3))  # 7 days in January, 3 in February
    price = [(date(2000, 1, 1), 310.0)]
    january = periods.period_amount(Period(date(2026, 1, 1), date(2026, 1, 31)), "monthly", price, [pause])
    assert january == pytest.approx(310 * 24 / 31)
    february = periods.period_amount(Period(date(2026, 2, 1), date(2026, 2, 28)), "monthly", price, [pause])
    assert february == pytest.approx(310 * 25 / 28)


def test_overlapping_pauses_count_once_and_whole_pause_bills_nothing():
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    pauses = [Period(date(2026, 3, 1), date(2026, 3, 10)), Period(date(2026, 3, 5), date(2026, 3, 15))]
    assert periods.billable_days(period, pauses) == 16
    assert periods.billable_days(period, [Period(date(2026, 2, 1), date(2026, 4, 30))]) == 0
    assert periods.period_amount(period, "monthly", [(period.start, 99.0)], [Period(date(2026, 2, 1), date(2026, 4, 30))]) == 0


@given(
    period_start=dates,
    length=st.integers(0, 400),
    pauses=st.lists(st.tuples(dates, st.integers(0, 100)), max_size=5),
)
def test_billable_days_bounds(period_start, length, pauses):
    period = Period(period_start, period_start + timedelta(days=length))
    pause_periods = [Period(s, s + timedelta(days=n)) for s, n in pauses]
    billable = periods.billable_days(period, pause_periods)
    assert 0 <= billable <= period.days
    paused_days = {
        day
        for pause in pause_periods
        for day in (pause.start + timedelta(days=n) for n in range(pause.days))
        if period.start <= day <= period.end
    }
    assert billable == period.days - len(paused_days)


def test_price_change_inside_a_period():
    schedule = [(date(2025, 1, 1), 300.0), (date(2026, 4, 11), 600.0)]
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    # 10 days at 300/30 per day, 20 days at 600/30 per day.
    assert periods.period_amount(april, "monthly", schedule) == pytest.approx(100 + 400)
    assert periods.period_amount(Period(date(2026, 5, 1), date(2026, 5, 31)), "monthly", schedule) == 600
    assert periods.price_on(date(2024, 1, 1), schedule) == 300, "before the first entry: the first price"


def test_one_time_amount_is_not_prorated():
    term = Period(date(2026, 3, 15), date(2029, 3, 14))
    assert periods.period_amount(term, "one_time", [(term.start, 480.0)]) == 480


def test_billing_dates():
    period = Period(date(2026, 4, 1), date(2026, 6, 30))
    assert periods.billing_date(period, "advance") == date(2026, 4, 1)
    assert periods.billing_date(period, "arrears") == date(2026, 6, 30)
    with pytest.raises(ValueError):
        periods.billing_date(period, "sometimes")


# --- corrections of billed periods -------------------------------------------


def test_billed_slots_widen_to_calendar_periods_and_merge():
    billed = [
        Period(date(2026, 1, 15), date(2026, 1, 31)),
        Period(date(2026, 2, 1), date(2026, 2, 28)),
        Period(date(2026, 5, 1), date(2026, 5, 10)),
    ]
    assert periods.billed_slots(billed, "monthly") == [
        Period(date(2026, 1, 1), date(2026, 1, 31)),
        Period(date(2026, 2, 1), date(2026, 2, 28)),
        Period(date(2026, 5, 1), date(2026, 5, 31)),
    ]
    # Billed monthly, now quarterly: the quarter holds both months.
    assert periods.billed_slots(billed[:2], "quarterly") == [Period(date(2026, 1, 1), date(2026, 3, 31))]
    assert periods.billed_slots([], "monthly") == []
    assert periods.billed_slots(billed[:2], "one_time") == [Period(date(2026, 1, 15), date(2026, 2, 28))]


@given(
    billed=st.lists(st.tuples(dates, st.integers(0, 400)), max_size=6),
    interval=st.sampled_from(INTERVALS),
)
def test_billed_slots_cover_every_billed_day_without_overlap(billed, interval):
    billed_periods = [Period(s, s + timedelta(days=n)) for s, n in billed]
    slots = periods.billed_slots(billed_periods, interval)
    for period in billed_periods:
        assert any(slot.start <= period.start and period.end <= slot.end for slot in slots)
    for previous, following in zip(slots, slots[1:], strict=False):
        assert previous.end < following.start
    for slot in slots:
        assert slot.start == periods.calendar_period(slot.start, interval).start
        assert slot.end == periods.calendar_period(slot.end, interval).end


@given(
    billed=st.lists(st.tuples(dates, st.integers(0, 400)), max_size=6),
    interval=st.sampled_from(INTERVALS),
    probe=st.tuples(dates, st.integers(0, 100)),
)
def test_slot_overlapping_finds_the_overlapped_slot(billed, interval, probe):
    slots = periods.billed_slots([Period(s, s + timedelta(days=n)) for s, n in billed], interval)
    period = Period(probe[0], probe[0] + timedelta(days=probe[1]))
    overlapped = [i for i, slot in enumerate(slots) if period.intersection(slot)]
    assert periods.slot_overlapping(slots, period) == (overlapped[-1] if overlapped else None)


def test_term_periods_in_a_slot():
    slot = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert periods.term_periods_in(slot, date(2026, 2, 10), date(2026, 12, 31), "monthly") == [
        Period(date(2026, 2, 10), date(2026, 2, 28)),
        Period(date(2026, 3, 1), date(2026, 3, 31)),
    ]
    assert periods.term_periods_in(slot, date(2025, 1, 1), None, "quarterly") == [slot]
    assert periods.term_periods_in(slot, date(2025, 1, 1), date(2026, 1, 20), "quarterly") == [
        Period(date(2026, 1, 1), date(2026, 1, 20))
    ]
    assert periods.term_periods_in(slot, date(2026, 4, 1), None, "monthly") == [], "term starts later"
    assert periods.term_periods_in(slot, date(2025, 1, 1), date(2025, 12, 31), "monthly") == []


@given(term=terms(), cut=st.integers(0, 2000), interval=st.sampled_from(INTERVALS), price=st.integers(0, 10_000))
@settings(max_examples=200)
def test_corrected_slots_add_up_to_the_changed_term(term, cut, interval, price):
    """Bill a whole term, then end it earlier: the slots' should-have-been
    amounts plus the unbilled rest are exactly what the shorter term costs."""
    start, end = term
    new_end = min(end, start + timedelta(days=cut))
    schedule = [(date(1999, 1, 1), float(price))]
    billed = periods.billing_periods(start, end, interval)
    should = sum(
        periods.period_amount(p, interval, schedule)
        for slot in periods.billed_slots(billed, interval)
        for p in periods.term_periods_in(slot, start, new_end, interval)
    )
    expected = sum(periods.period_amount(p, interval, schedule) for p in periods.billing_periods(start, new_end, interval))
    assert should == pytest.approx(expected)


def test_prorated_one_time():
    billed = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert periods.prorated_one_time(365.0, billed, billed) == 365
    assert periods.prorated_one_time(365.0, billed, Period(date(2026, 1, 1), date(2027, 1, 31))) == 396
    assert periods.prorated_one_time(365.0, billed, Period(date(2026, 1, 1), date(2026, 1, 10))) == 10
    assert periods.prorated_one_time(365.0, billed, None) == 0


# --- prices per month, quarter or year in a billing interval ----------------


@pytest.mark.parametrize(
    ("price", "months", "interval", "expected"),
    [
        (1200.0, 12, "quarterly", 300.0),
        (100.0, 1, "yearly", 1200.0),
        (89.0, 1, "quarterly", 267.0),
        (300.0, 3, "monthly", 100.0),
        (1200.0, 12, "half_yearly", 600.0),
        (50.0, 3, "quarterly", 50.0),
    ],
)
def test_interval_price(price, months, interval, expected):
    assert periods.interval_price(price, months, interval) == pytest.approx(expected)


@given(
    price=st.integers(0, 100_000),
    months=st.sampled_from([1, 3, 12]),
    interval=st.sampled_from(INTERVALS),
    year=st.integers(2000, 2060),
)
def test_a_year_costs_the_same_in_every_interval(price, months, interval, year):
    """Whatever the interval, the periods of a calendar year bill twelve
    months of the price."""
    schedule = [(date(1999, 1, 1), periods.interval_price(float(price), months, interval))]
    year_periods = periods.billing_periods(date(year, 1, 1), date(year, 12, 31), interval)
    total = sum(periods.period_amount(p, interval, schedule) for p in year_periods)
    assert total == pytest.approx(price * 12 / months)


def test_one_time_amount_of_a_monthly_price():
    monthly = [(date(2000, 1, 1), 89.0)]
    assert periods.one_time_amount(monthly, date(2026, 1, 1), date(2026, 12, 31)) == pytest.approx(1068.0)
    # 17 to 31 January 2026 (15 days) and all February: 89 * 15 / 31 + 89
    assert periods.one_time_amount(monthly, date(2026, 1, 17), date(2026, 2, 28)) == pytest.approx(
        89 * 15 / 31 + 89
    )
    # a price change from March on counts from March on
    changed = [(date(2000, 1, 1), 89.0), (date(2026, 3, 1), 99.0)]
    assert periods.one_time_amount(changed, date(2026, 1, 1), date(2026, 4, 30)) == pytest.approx(2 * 89 + 2 * 99)


# --- coverage: gaps and overlaps ----------------------------------------------


def d(month, day):
    return date(2026, month, day)


def days_of(spans):
    """Every day of ``spans`` (which may overlap), as a set."""
    return {span.start + timedelta(days=n) for span in spans for n in range(span.days)}


@st.composite
def spans(draw, max_size=6):
    """Short periods in a few months, so that they often overlap and touch."""
    result = []
    for _ in range(draw(st.integers(0, max_size))):
        start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 120)))
        result.append(Period(start, start + timedelta(days=draw(st.integers(0, 40)))))
    return result


def test_merge_periods_joins_overlapping_and_touching_ones():
    assert periods.merge_periods([]) == []
    assert periods.merge_periods(
        [Period(d(2, 1), d(2, 28)), Period(d(1, 1), d(1, 31)), Period(d(3, 5), d(3, 10)), Period(d(3, 8), d(3, 9))]
    ) == [Period(d(1, 1), d(2, 28)), Period(d(3, 5), d(3, 10))]


def test_subtract_periods():
    year = Period(d(1, 1), d(12, 31))
    assert periods.subtract_periods([year], []) == [year]
    assert periods.subtract_periods([year], [year]) == []
    assert periods.subtract_periods([year], [Period(d(2, 1), d(2, 28)), Period(d(12, 1), date(2027, 1, 31))]) == [
        Period(d(1, 1), d(1, 31)),
        Period(d(3, 1), d(11, 30)),
    ]


def test_coverage_gaps_of_a_term():
    term = Period(d(1, 15), d(6, 30))
    covered = [Period(d(1, 15), d(1, 31)), Period(d(2, 1), d(2, 28)), Period(d(4, 1), d(4, 30))]
    paused = [Period(d(3, 10), d(3, 31))]
    assert periods.coverage_gaps(term, covered, paused) == [
        Period(d(3, 1), d(3, 9)),
        Period(d(5, 1), d(6, 30)),
    ]
    assert periods.coverage_gaps(term, [Period(d(1, 1), d(12, 31))]) == []


def test_overlapping_days():
    assert periods.overlapping_days([]) == []
    assert periods.overlapping_days([Period(d(1, 1), d(1, 31)), Period(d(2, 1), d(2, 28))]) == [], "touching"
    assert periods.overlapping_days(
        [Period(d(1, 1), d(1, 31)), Period(d(1, 20), d(2, 10)), Period(d(2, 10), d(2, 10)), Period(d(1, 31), d(1, 31))]
    ) == [Period(d(1, 20), d(1, 31)), Period(d(2, 10), d(2, 10))]


@given(spans(), spans())
def test_subtract_periods_removes_exactly_the_removed_days(kept, removed):
    result = periods.subtract_periods(kept, removed)
    assert days_of(result) == days_of(kept) - days_of(removed)
    assert result == periods.merge_periods(result), "sorted, disjoint, not touching"
    assert periods.days_in(result) == len(days_of(result))


@given(spans())
def test_merge_periods_keeps_the_days(spans_):
    merged = periods.merge_periods(spans_)
    assert days_of(merged) == days_of(spans_)
    assert all(a.end + timedelta(days=1) < b.start for a, b in zip(merged, merged[1:]))


@given(spans(max_size=8))
def test_overlapping_days_are_the_days_covered_twice(spans_):
    counts = {}
    for span in spans_:
        for day in days_of([span]):
            counts[day] = counts.get(day, 0) + 1
    result = periods.overlapping_days(spans_)
    assert days_of(result) == {day for day, count in counts.items() if count >= 2}
    assert result == periods.merge_periods(result)


@given(term=terms(), interval=st.sampled_from(INTERVALS), data=st.data())
@settings(max_examples=200)
def test_a_billing_schedule_has_no_gap_and_no_overlap(term, interval, data):
    """The billing periods of a term cover it exactly once; dropping one
    period leaves exactly that period as a gap, unless a pause covers it."""
    start, end = term
    billed = periods.billing_periods(start, end, interval)
    assert periods.coverage_gaps(Period(start, end), billed) == []
    assert periods.overlapping_days(billed) == []
    dropped = data.draw(st.sampled_from(billed))
    rest = [p for p in billed if p != dropped]
    assert periods.coverage_gaps(Period(start, end), rest) == [dropped]
    assert periods.coverage_gaps(Period(start, end), rest, [dropped]) == []
    assert periods.overlapping_days([*billed, dropped]) == [dropped]
