"""The fixed term and notice rule of service contracts (plain Python, no Odoo)."""

import importlib.util
import os
from datetime import date

import pytest

_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "service_contract",
    "tools",
    "term_rule.py",
)
_SPEC = importlib.util.spec_from_file_location("term_rule", _PATH)
term_rule = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(term_rule)
earliest_end = term_rule.earliest_end

TODAY = date(2026, 12, 2)
START = date(2026, 7, 1)
END = date(2028, 6, 30)
NEXT_END = date(2030, 6, 30)


def test_fixed_term_runs_to_its_agreed_end():
    """The issue's case: 24 months to 2028-06-30, 90 days' notice."""
    assert earliest_end(TODAY, 90, START, END) == END
    assert earliest_end(date(2028, 6, 29), 90, START, END) == END


def test_open_ended_contract_ends_after_the_notice():
    assert earliest_end(TODAY, 90, START) == date(2027, 3, 2)
    assert earliest_end(TODAY, 0, START) == TODAY


def test_never_before_the_start():
    assert earliest_end(TODAY, 30, date(2027, 3, 1)) == date(2027, 3, 1)
    assert (
        earliest_end(TODAY, 30, date(2027, 3, 1), END, early_termination=True)
        == date(2027, 3, 1)
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2028, 3, 31), END),  # 91 days before the end: in time
        (date(2028, 4, 1), END),  # exactly 90 days: still in time
        (date(2028, 4, 2), NEXT_END),  # too late: the next term runs
    ],
)
def test_renewing_contract_ends_with_its_term(today, expected):
    assert earliest_end(today, 90, START, END, renews=True, next_term_end=NEXT_END) == expected


def test_renewing_contract_without_a_next_term_ends_with_its_term():
    assert earliest_end(date(2028, 6, 1), 90, START, END, renews=True) == END


def test_early_termination_is_today_plus_notice_capped_at_the_end():
    assert earliest_end(TODAY, 90, START, END, early_termination=True) == date(2027, 3, 2)
    assert earliest_end(date(2028, 6, 1), 90, START, END, early_termination=True) == END
    # Early termination wins over renewal: notice, capped at the current end.
    assert (
        earliest_end(
            date(2028, 6, 1), 90, START, END, renews=True, early_termination=True,
            next_term_end=NEXT_END,
        )
        == END
    )


@pytest.mark.parametrize(
    ("end", "renews", "early", "kind"),
    [
        (None, False, False, term_rule.OPEN_ENDED),
        (None, True, True, term_rule.OPEN_ENDED),
        (END, False, False, term_rule.FIXED),
        (END, True, False, term_rule.RENEWING),
        (END, False, True, term_rule.FIXED_EARLY),
        (END, True, True, term_rule.FIXED_EARLY),
    ],
)
def test_term_kind(end, renews, early, kind):
    assert term_rule.term_kind(end, renews, early) == kind
