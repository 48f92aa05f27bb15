# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The states of a service contract.

Kept apart from ``service_contract.py`` (which imports them, so they can
still be imported from there) because the contract's mixins need them and
are defined before the contract.
"""

STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("paused", "Paused"),
    ("to_renew", "To Renew"),
    ("terminated", "Terminated"),
    ("expired", "Expired"),
]
#: States in which a contract grants rights and is billed.
ACTIVE_STATES = ("running", "paused", "to_renew", "terminated")
