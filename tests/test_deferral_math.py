"""Tests of the deferral shares (plain Python, no Odoo)."""

import importlib.util
import os
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "service_contract_billing",
    "tools",
    "deferral.py",
)
_SPEC = importlib.util.spec_from_file_location("deferral", _PATH)
deferral = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(deferral)
share = deferral.deferred_share

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def periods(draw):
    start = draw(dates)
    return start, start + timedelta(days=draw(st.integers(min_value=0, max_value=1500)))


def test_yearly_period_by_month_releases_a_twelfth_each_month():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    for month in range(1, 13):
        m = deferral.month_end(date(2026, month, 1))
        assert share(start, end, m, "month") == Fraction(12 - month, 12)


def test_partial_months_weigh_their_days():
    # 2026-01-08..2026-03-15: January 24/31, February 1, March 15/31.
    start, end = date(2026, 1, 8), date(2026, 3, 15)
    total = Fraction(24, 31) + 1 + Fraction(15, 31)
    assert share(start, end, date(2026, 1, 31), "month") == 1 - Fraction(24, 31) / total
    assert share(start, end, date(2026, 2, 28), "month") == Fraction(15, 31) / total


def test_by_days():
    start, end = date(2026, 1, 8), date(2026, 3, 15)
    assert share(start, end, date(2026, 1, 31), "day") == Fraction(43, 67)
    assert share(start, end, date(2026, 2, 28), "day") == Fraction(15, 67)
    assert share(start, end, date(2026, 3, 31), "day") == 0


def test_before_and_after():
    start, end = date(2026, 3, 1), date(2026, 5, 31)
    for method in ("month", "day"):
        assert share(start, end, date(2026, 2, 28), method) == 1
        assert share(start, end, end, method) == 0
        assert share(start, end, date(2027, 1, 31), method) == 0


def test_unknown_method_and_reversed_period():
    with pytest.raises(ValueError):
        share(date(2026, 1, 1), date(2026, 2, 1), date(2026, 1, 15), "week")
    with pytest.raises(ValueError):
        share(date(2026, 2, 1), date(2026, 1, 1), date(2026, 1, 15), "day")


def test_month_ends():
    assert deferral.month_ends(date(2026, 1, 31), date(2026, 3, 31)) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert deferral.month_ends(date(2026, 1, 15), date(2026, 2, 27)) == [date(2026, 1, 31)]


@settings(max_examples=300, deadline=None)
@given(periods(), dates, dates, st.sampled_from(["month", "day"]))
def test_shares_are_monotone_bounded_and_zero_at_the_end(period, d1, d2, method):
    start, end = period
    a, b = sorted((d1, d2))
    sa, sb = share(start, end, a, method), share(start, end, b, method)
    assert 0 <= sb <= sa <= 1
    assert share(start, end, end, method) == 0
    assert share(start, end, start - timedelta(days=1), method) == 1
