# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""When a contract can end if it is terminated today, in plain Python (no
Odoo import; tested in tests/test_term_rule.py).

Rules:

* A fixed term runs to its agreed end: terminating it does not end it
  earlier.
* Notice applies to open-ended contracts: they end ``notice_days`` after
  today, not before their start.
* A renewed contract ends at the end of its current term when notice is
  given in time (today plus the notice reaches no further than that end),
  else at the end of the next term.
* A template that allows early termination ends any contract ``notice_days``
  after today, not before its start and not after its agreed end.
"""

from datetime import timedelta

#: The kinds of term, see term_kind().
OPEN_ENDED = "open_ended"
FIXED = "fixed"
FIXED_EARLY = "fixed_early"
RENEWING = "renewing"


def term_kind(end, renews=False, early_termination=False):
    """Which rule applies to a contract ending on ``end`` (None: open-ended)."""
    if end is None:
        return OPEN_ENDED
    if early_termination:
        return FIXED_EARLY
    if renews:
        return RENEWING
    return FIXED


def earliest_end(
    today, notice_days, start, end=None, *, renews=False, early_termination=False, next_term_end=None
):
    """The earliest day a contract can end if it is terminated on ``today``.

    :param start: the contract's start
    :param end: the end of its current term, None when it is open-ended
    :param renews: whether the contract renews (rather than runs to its end)
    :param early_termination: whether its template allows ending before ``end``
    :param next_term_end: the end of the term after ``end`` (renewing
        contracts); None: the contract ends at ``end`` at the latest
    """
    by_notice = today + timedelta(days=notice_days)
    if start and by_notice < start:
        by_notice = start
    kind = term_kind(end, renews, early_termination)
    if kind == OPEN_ENDED:
        return by_notice
    if kind == FIXED_EARLY:
        return min(by_notice, end)
    if kind == RENEWING and by_notice > end:
        return next_term_end or end
    return end
