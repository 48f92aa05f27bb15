# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import calendar

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class ResCompany(models.Model):
    _inherit = "res.company"

    service_contract_auto_post = fields.Boolean(
        string="Post Contract Invoices Automatically",
        help="Post the invoices and vendor bills of the billing run at once "
        "instead of leaving them as drafts for review.",
    )
    service_contract_billing_day = fields.Integer(
        string="Billing Day",
        default=0,
        help="Day of the month on which the scheduled billing run bills what "
        "is due; 0 means the last day of the month.",
    )
    service_contract_last_billing_day = fields.Date(
        string="Last Scheduled Billing Day",
        default=fields.Date.context_today,
        readonly=True,
        help="The last billing day for which the scheduled billing run created its run. "
        "Billing days after it that the scheduled action missed (server down, action "
        "inactive or failing) get their runs from its next call.",
    )

    service_contract_deferred_revenue_account_id = fields.Many2one(
        "account.account",
        string="Deferred Revenue Account",
        check_company=True,
        help="Passive deferral: the share of customer invoices that belongs to later months "
        "waits here and is released into revenue month by month.",
    )
    service_contract_prepaid_expense_account_id = fields.Many2one(
        "account.account",
        string="Prepaid Expense Account",
        check_company=True,
        help="Active deferral: the share of vendor bills that belongs to later months "
        "waits here and is released into expense month by month.",
    )
    service_contract_deferral_journal_id = fields.Many2one(
        "account.journal",
        string="Deferral Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Miscellaneous journal of the deferral entries.",
    )
    service_contract_deferral_method = fields.Selection(
        [("month", "Equal per Month"), ("day", "By Days")],
        string="Deferral Method",
        default="month",
        required=True,
        help="Equal per Month: every full month of the service period gets the same share, "
        "a partial month its share of days. By Days: every day gets the same share.",
    )
    service_contract_deferral_moment = fields.Selection(
        [("month_end", "At Month End"), ("posting", "When the Invoice Is Posted")],
        string="Generate Deferrals",
        default="month_end",
        required=True,
        help="At Month End: the month-end deferral run defers what posted invoices cover "
        "beyond their month. When the Invoice Is Posted: posting defers at once; "
        "the month-end run releases each month's share either way.",
    )

    def _is_service_contract_billing_day(self, day):
        self.ensure_one()
        return self._service_contract_billing_days(day - relativedelta(days=1), day) == [day]

    @api.model
    def _get_service_contract_billing_day_domain(self, day):
        """The companies whose billing day is ``day``, as a domain: the same
        rule as ``_is_service_contract_billing_day`` (0, or a day past the
        month's end, means the month's last day)."""
        last = calendar.monthrange(day.year, day.month)[1]
        if day.day < last:
            return [("service_contract_billing_day", "=", day.day)]
        return [
            "|",
            ("service_contract_billing_day", "in", [0, False]),
            ("service_contract_billing_day", ">=", last),
        ]

    @api.model
    def _get_service_contract_billing_due_domain(self, today):
        """The companies the scheduled billing run has to look at ``today``:
        today is their billing day, or billing days passed since the last
        one handled (missed ones)."""
        return expression.OR(
            [
                [("service_contract_last_billing_day", "=", False)],
                [("service_contract_last_billing_day", "<", today)],
                self._get_service_contract_billing_day_domain(today),
            ]
        )

    def _service_contract_billing_days(self, date_from, date_to):
        """The company's billing days after ``date_from`` up to ``date_to``
        included, oldest first: the billing day of each month, or its last
        day when the month is shorter (0: always the last day)."""
        self.ensure_one()
        days = []
        month = date_from.replace(day=1)
        while month <= date_to:
            last = calendar.monthrange(month.year, month.month)[1]
            day = month.replace(day=min(self.service_contract_billing_day or last, last))
            if date_from < day <= date_to:
                days.append(day)
            month += relativedelta(months=1)
        return days

    @api.constrains("service_contract_billing_day")
    def _check_service_contract_billing_day(self):
        for company in self:
            if not 0 <= company.service_contract_billing_day <= 31:
                raise ValidationError(
                    self.env._(
                        "The billing day of %(company)s must be a day of the month, "
                        "between 1 and 31, or 0 for the last day of the month.",
                        company=company.name,
                    )
                )
