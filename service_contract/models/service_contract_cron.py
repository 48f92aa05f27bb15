# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Time-driven behaviour of service contracts: the scheduled actions.

Each ``_cron_*`` method handles one bounded batch of the contracts its domain
selects, moves each processed contract out of that domain (a state, a flag or
a date changes), and reports progress to Odoo's cron runner, which commits and
calls again while work remains. Running a job twice on the same day therefore
does nothing the second time.

A contract whose step fails is rolled back alone (savepoint), logged, and
recorded (``service.contract.cron.error``); the step leaves it out for the
rest of the day, so that it neither stops the other contracts nor is reported
as remaining work call after call, and tries it again the next day.

This file runs the steps and updates the states; the expiry notices, renewal
offers and contact activities are steps of their own mixins
(``service_contract_expiry.py``, ``service_contract_renewal.py``,
``service_contract_contact.py``).
"""

import logging

from odoo import api, fields, models

from .states import ACTIVE_STATES

_logger = logging.getLogger(__name__)

BATCH_SIZE = 200


class ServiceContractCron(models.AbstractModel):
    """The scheduled actions' runner and the daily state updates, mixed into
    ``service.contract``."""

    _name = "service.contract.cron"
    _description = "Service Contract Scheduled Actions"

    @api.model
    def _cron_process(self, *steps):
        """Run each ``(domain, method_name)`` step on one batch of the
        contracts of its domain, each contract in its own savepoint, then tell
        the cron runner how many were handled and how many are left.

        A contract that fails counts as handled: its error is logged and
        recorded, and the step leaves it out until the next day (see the
        module docstring)."""
        today = self._today()
        Error = self.env["service.contract.cron.error"]
        done = remaining = 0
        for domain, method_name in steps:
            domain = [
                *domain,
                ("cron_error_ids", "not any", [("method", "=", method_name), ("date", "=", today)]),
            ]
            contracts = self.search(domain, limit=BATCH_SIZE, order="id")
            errors = {}
            for contract in contracts:
                try:
                    with self.env.cr.savepoint():
                        getattr(contract, method_name)()
                except Exception as error:  # noqa: BLE001 - one bad contract must not stop the rest
                    _logger.exception("%s failed for contract %s", method_name, contract.name)
                    errors[contract] = error
            Error._record(method_name, today, errors)
            Error._clear(method_name, contracts.filtered(lambda c, failed=errors: c not in failed))
            done += len(contracts)
            if len(contracts) == BATCH_SIZE:
                remaining += self.search_count(domain)
        self.env["ir.cron"]._service_contract_notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _today(self):
        return fields.Date.context_today(self)

    @api.model
    def _cron_update_states(self):
        """Pause and resume contracts on their pause days; expire the ones
        whose end has passed; mark for renewal those in their notice window."""
        today = self._today()
        paused_today = [("date_start", "<=", today), ("date_end", ">=", today)]
        return self._cron_process(
            (
                [
                    ("state", "in", ACTIVE_STATES),
                    ("date_end", "<", today),
                ],
                "action_expire",
            ),
            (
                [
                    ("state", "in", ("running", "paused")),
                    ("expiry_notice_date", "<=", today),
                    ("date_end", ">=", today),
                ],
                "action_mark_to_renew",
            ),
            (
                [
                    "|",
                    "&",
                    ("state", "=", "running"),
                    ("pause_ids", "any", paused_today),
                    "&",
                    ("state", "=", "paused"),
                    ("pause_ids", "not any", paused_today),
                ],
                "_sync_pause_state",
            ),
        )
