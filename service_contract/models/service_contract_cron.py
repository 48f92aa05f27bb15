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
"""

import logging

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from .service_contract import ACTIVE_STATES

_logger = logging.getLogger(__name__)

BATCH_SIZE = 200


class ServiceContract(models.Model):
    _inherit = "service.contract"

    expiry_notice_sent = fields.Boolean(copy=False, readonly=True)
    renewal_order_id = fields.Many2one(
        "sale.order", string="Renewal Offer", copy=False, readonly=True, check_company=True
    )
    next_contact_date = fields.Date(
        compute="_compute_next_contact_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="When the next contact activity of the template is planned.",
    )
    cron_error_ids = fields.One2many(
        "service.contract.cron.error", "contract_id", string="Scheduled Action Errors", readonly=True
    )
    expiry_notice_date = fields.Date(
        compute="_compute_expiry_notice_date",
        store=True,
        help="From this day on the salesperson and the customer are told the "
        "contract is ending.",
    )

    renewal_offer_date = fields.Date(
        compute="_compute_renewal_offer_date",
        store=True,
        help="From this day on the scheduled action offers the customer the next term "
        "(when the template makes renewal offers).",
    )

    @api.depends("template_id.contact_interval_months", "date_start")
    def _compute_next_contact_date(self):
        for contract in self:
            months = contract.template_id.contact_interval_months
            contract.next_contact_date = (
                contract.date_start + relativedelta(months=months)
                if months and contract.date_start
                else False
            )

    @api.depends(
        "date_end",
        "template_id.expiry_notice_days",
        "company_id.service_contract_expiry_notice_days",
    )
    def _compute_expiry_notice_date(self):
        for contract in self:
            days = (
                contract.template_id.expiry_notice_days
                or contract.company_id.service_contract_expiry_notice_days
            )
            contract.expiry_notice_date = (
                contract.date_end - relativedelta(days=days) if contract.date_end else False
            )

    @api.depends("date_end", "template_id.renewal_offer", "template_id.renewal_offer_days")
    def _compute_renewal_offer_date(self):
        for contract in self:
            template = contract.template_id
            contract.renewal_offer_date = (
                contract.date_end - relativedelta(days=template.renewal_offer_days)
                if template.renewal_offer and contract.date_end
                else False
            )

    # === Scheduled actions === #
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

    @api.model
    def _cron_send_expiry_notices(self):
        today = self._today()
        return self._cron_process(
            (
                [
                    ("state", "in", ACTIVE_STATES),
                    ("expiry_notice_sent", "=", False),
                    ("expiry_notice_date", "<=", today),
                    ("date_end", ">=", today),
                ],
                "_send_expiry_notice",
            )
        )

    @api.model
    def _cron_create_renewal_offers(self):
        today = self._today()
        return self._cron_process(
            (
                [
                    ("state", "in", ("running", "paused", "to_renew")),
                    ("renewal_order_id", "=", False),
                    ("renewal_offer_date", "<=", today),
                    ("date_end", ">=", today),
                ],
                "_create_renewal_offer",
            )
        )

    @api.model
    def _cron_plan_contact_activities(self):
        return self._cron_process(
            (
                [
                    ("state", "in", ("running", "paused", "to_renew")),
                    ("next_contact_date", "<=", self._today()),
                    ("template_id.contact_activity_type_id", "!=", False),
                ],
                "_plan_contact_activity",
            )
        )

    # === Business === #
    def _send_expiry_notice(self):
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.expiry_notice_date,
            user_id=self.user_id.id or self.env.uid,
            summary=self.env._("Contract ends on %(date)s", date=self.date_end),
        )
        template = self.env.ref(
            "service_contract.mail_template_contract_expiry", raise_if_not_found=False
        )
        if template and self.partner_id.email:
            self.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        self.expiry_notice_sent = True

    def _prepare_renewal_order_vals(self):
        """Values of the quotation offering the next term, in the contract's
        pricelist and so its currency (none: the company's); extension hook."""
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "user_id": self.user_id.id,
            "origin": self.name,
            "renewed_contract_id": self.id,
            "payment_term_id": self.payment_term_id.id,
            "order_line": [
                Command.create(line._prepare_renewal_order_line_vals()) for line in self.line_ids
            ],
        }

    def _create_renewal_offer(self):
        self.ensure_one()
        order = self.env["sale.order"].create(self._prepare_renewal_order_vals())
        self.renewal_order_id = order
        self.message_post(
            body=self.env._("Renewal offer %(order)s created.", order=order._get_html_link())
        )

    def _renew_from_order(self, order):
        """The customer accepted the renewal ``order``: the contract runs on
        for another term, from the day after its end (no gap, no overlap),
        at the order's prices."""
        self.ensure_one()
        if self.renewal_order_id != order:
            return False
        for order_line in order.order_line.filtered("service_contract_renewed_line_id"):
            contract_line = order_line.service_contract_renewed_line_id._unlocked()
            if contract_line.contract_id == self:
                contract_line.price_unit = order_line.price_unit
        # Offers made before order lines named their contract line.
        unlinked = order.order_line.filtered(
            lambda line: not line.service_contract_renewed_line_id and not line.display_type
        )
        prices = {line.product_id: line.price_unit for line in unlinked}
        for line in self.line_ids.filtered(
            lambda line: line.line_type == "product" and line.product_id in prices
        ):
            line.price_unit = prices[line.product_id]
        next_start = self.date_end + relativedelta(days=1)
        if self.template_id:
            new_end = self.template_id._term_end(next_start)
        else:
            new_end = next_start + relativedelta(years=1, days=-1)
        pause_extension = self.date_end - self.date_end_agreed
        self.write(
            {
                "date_end_agreed": new_end - pause_extension,
                "state": "running",
                "expiry_notice_sent": False,
                "renewal_order_id": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Renewed by %(order)s until %(date)s.",
                order=order._get_html_link(),
                date=self.date_end,
            )
        )
        return True

    def _plan_contact_activity(self):
        self.ensure_one()
        template = self.template_id
        self.activity_schedule(
            activity_type_id=template.contact_activity_type_id.id,
            date_deadline=self.next_contact_date,
            user_id=self.user_id.id or self.env.uid,
            summary=self.env._("Contact the customer (contract %(name)s)", name=self.name),
        )
        months = template.contact_interval_months
        next_date = self.next_contact_date
        today = self._today()
        while months > 0 and next_date <= today:
            next_date += relativedelta(months=months)
        # An interval below 1 month (data from before the check) plans no more.
        self.next_contact_date = next_date if months > 0 else False
