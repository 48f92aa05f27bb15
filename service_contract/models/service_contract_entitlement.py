# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .service_contract_priced_mixin import PERIOD_MONTHS


class ServiceContractEntitlement(models.Model):
    """A concrete right a contract grants: one service of one of its packages,
    for one device (per-device services) or for the whole contract, within a
    validity window, with an included quantity per period and what was used.

    Entitlements are derived from the contract's packages and devices by
    ``service.contract._sync_entitlements``; usage is recorded on them.
    """

    _name = "service.contract.entitlement"
    _inherit = ["service.contract.unit.mixin"]
    _description = "Service Contract Entitlement"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, index=True, string="Customer"
    )
    contract_state = fields.Selection(related="contract_id.state", string="Contract Status")
    package_line_id = fields.Many2one(
        "service.contract.package.line", required=True, ondelete="cascade"
    )
    package_id = fields.Many2one(related="package_line_id.package_id", store=True)
    service_id = fields.Many2one(related="package_line_id.service_id", store=True, index=True)
    sequence = fields.Integer(related="package_line_id.sequence")
    kind_id = fields.Many2one(related="service_id.kind_id", store=True, index=True)
    scope = fields.Selection(related="service_id.scope", store=True)
    device_id = fields.Many2one("service.contract.device", ondelete="cascade", index=True)
    reaction_time = fields.Float(related="service_id.reaction_time")
    coverage_percent = fields.Float(related="package_line_id.coverage_percent")
    included_quantity = fields.Float(related="package_line_id.included_quantity")
    included_uom_id = fields.Many2one(related="service_id.included_uom_id")
    included_period = fields.Selection(related="service_id.included_period")
    date_start = fields.Date(string="Valid from", compute="_compute_validity", store=True)
    date_end = fields.Date(string="Valid until", compute="_compute_validity", store=True)
    usage_ids = fields.One2many("service.contract.usage", "entitlement_id")
    used_quantity = fields.Float(
        compute="_compute_usage", help="Quantity used in the current period."
    )
    remaining_quantity = fields.Float(
        compute="_compute_usage",
        help="Quantity left in the current period; only meaningful when a "
        "quantity is included.",
    )
    is_valid_today = fields.Boolean(
        compute="_compute_is_valid_today", search="_search_is_valid_today"
    )

    active = fields.Boolean(
        default=True,
        help="Archived when the contract no longer grants it but usage was "
        "recorded against it.",
    )

    def init(self):
        # Each service of a package once per device (or once without device).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s "
                "(contract_id, package_line_id, COALESCE(device_id, 0)) WHERE active",
                SQL.identifier("service_contract_entitlement_line_device_uniq"),
                SQL.identifier(self._table),
            )
        )

    @api.depends(
        "contract_id.date_start", "contract_id.date_end", "service_id.validity_months"
    )
    def _compute_validity(self):
        for entitlement in self:
            contract = entitlement.contract_id
            end = contract.date_end
            months = entitlement.service_id.validity_months
            if months and contract.date_start:
                validity_end = contract.date_start + relativedelta(months=months, days=-1)
                end = min(end, validity_end) if end else validity_end
            entitlement.date_start = contract.date_start
            entitlement.date_end = end

    def _period_bounds(self, day):
        """The included-quantity period of this entitlement that holds
        ``day``: periods start at the validity start and repeat every month,
        quarter or year; 'term' is the whole validity."""
        self.ensure_one()
        start = self.date_start
        if self.included_period == "term" or not start:
            return start, self.date_end
        months = PERIOD_MONTHS[self.included_period]
        elapsed = (day.year - start.year) * 12 + day.month - start.month
        if day.day < start.day:
            elapsed -= 1
        index = max(elapsed // months, 0)
        period_start = start + relativedelta(months=index * months)
        period_end = start + relativedelta(months=(index + 1) * months, days=-1)
        return period_start, period_end

    @api.depends("usage_ids.quantity", "usage_ids.date", "included_quantity")
    @api.depends_context("date")
    def _compute_usage(self):
        today = fields.Date.context_today(self)
        for entitlement in self:
            start, end = entitlement._period_bounds(today)
            used = sum(
                usage.quantity
                for usage in entitlement.usage_ids
                if (not start or usage.date >= start) and (not end or usage.date <= end)
            )
            entitlement.used_quantity = used
            entitlement.remaining_quantity = max(entitlement.included_quantity - used, 0)

    @api.depends("date_start", "date_end", "contract_id.state")
    @api.depends_context("date")
    def _compute_is_valid_today(self):
        today = fields.Date.context_today(self)
        for entitlement in self:
            entitlement.is_valid_today = entitlement._is_valid_on(today)

    def _search_is_valid_today(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [
            ("contract_id.state", "in", ("running", "to_renew", "terminated")),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!", *domain]

    def _is_valid_on(self, day):
        self.ensure_one()
        return (
            self.contract_id.state in ("running", "to_renew", "terminated")
            and self.date_start
            and self.date_start <= day
            and (not self.date_end or day <= self.date_end)
            and not any(
                pause.date_start <= day <= pause.date_end
                for pause in self.contract_id.pause_ids
            )
        )

    @api.depends("service_id", "device_id")
    def _compute_display_name(self):
        for entitlement in self:
            name = entitlement.service_id.display_name or ""
            if entitlement.device_id:
                name = f"{name} – {entitlement.device_id.display_name}"
            entitlement.display_name = name

    @api.model
    def get_coverage(self, partner, kind, device=None, received_at=None):
        """Is ``kind`` (a service kind) covered for ``partner`` (and
        ``device``) at ``received_at`` (naive UTC datetime, default now)?

        Returns one dict per entitlement that covers it, best coverage first:
        ``entitlement``, ``contract``, ``coverage_percent``, ``deadline``
        (reaction deadline or False), ``remaining_quantity`` (None when the
        quantity is unlimited). An empty list means: not covered.
        """
        received_at = received_at or fields.Datetime.now()
        day = received_at.date()
        domain = [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("kind_id", "=", kind.id),
            ("contract_id.direction", "=", "customer"),
        ]
        if device:
            domain += ["|", ("device_id", "=", device.id), ("device_id", "=", False)]
        answers = []
        for entitlement in self.search(domain):
            if not entitlement._is_valid_on(day):
                continue
            limited = bool(entitlement.included_quantity)
            remaining = (
                entitlement.with_context(date=day).remaining_quantity if limited else None
            )
            if limited and not remaining:
                continue
            answers.append(
                {
                    "entitlement": entitlement,
                    "contract": entitlement.contract_id,
                    "coverage_percent": entitlement.coverage_percent,
                    "deadline": entitlement.service_id.get_reaction_deadline(received_at),
                    "remaining_quantity": remaining,
                }
            )
        return sorted(answers, key=lambda answer: -answer["coverage_percent"])
