# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deferral shares of a service period (plain Python, no Odoo).

``deferred_share(start, end, date, method)`` is the part of an amount for
the service period ``start``..``end`` (both included) that still belongs to
the days after ``date``: 1 before the period, 0 from its last day on.

- ``month``: every full month of the period weighs the same; a partial
  month weighs its covered days divided by the days of that month.
- ``day``: every day of the period weighs the same.

The result is an exact :class:`fractions.Fraction`; rounding the amount is
left to the caller (currency rounding)."""

import calendar
from datetime import timedelta
from fractions import Fraction

METHODS = ("month", "day")


def month_end(day):
    """The last day of the month of ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month_weight(start, end, upto):
    """Sum over the months of the covered days of ``start``..``min(end, upto)``
    divided by the days of their month."""
    last = min(end, upto)
    total = Fraction(0)
    day = start
    while day <= last:
        stop = min(month_end(day), last)
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        total += Fraction((stop - day).days + 1, days_in_month)
        day = stop + timedelta(days=1)
    return total


def deferred_share(start, end, date, method="month"):
    """Share (0..1) of the period ``start``..``end`` still deferred after ``date``."""
    if method not in METHODS:
        raise ValueError("unknown deferral method %r" % (method,))
    if start > end:
        raise ValueError("the period ends before it starts")
    if date < start:
        return Fraction(1)
    if date >= end:
        return Fraction(0)
    if method == "day":
        return Fraction((end - date).days, (end - start).days + 1)
    return 1 - _month_weight(start, end, date) / _month_weight(start, end, end)


def month_ends(date_from, date_to):
    """Month ends after ``date_from`` up to ``date_to`` included, oldest first."""
    result = []
    day = month_end(date_from)
    if day == date_from:
        day = month_end(day + timedelta(days=1))
    while day <= date_to:
        result.append(day)
        day = month_end(day + timedelta(days=1))
    return result


__all__ = ["deferred_share", "month_end", "month_ends", "METHODS"]
