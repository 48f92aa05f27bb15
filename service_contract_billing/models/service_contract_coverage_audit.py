# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Period-coverage audit: proves after the fact that every day of every
contract line's term is billed exactly once.

For each contract line it reports

- **gaps**: days of the line's term (per covered device for a package or
  service billed per device: ``service.contract.line._billing_units``)
  that no billing date *to bill* or *billed* covers (of any kind: a
  correction also bills days, e.g. those a longer term added to a billed
  period), that no pause covers and that are not outside the line's
  validity: an open-ended term is audited up to today; a contract that no
  longer bills regular periods (expired before its end, or without one) up
  to the last day it billed; removed (archived) lines are not audited for
  gaps;
- **overlaps**: days billed on more than one live (not cancelled) invoice
  line, or due to be billed again by a billing date still *to bill*.
  Only regular billing dates count: corrections bill the difference of a
  period already billed, and a *credited* date was refunded by the credit
  note that sent its period back to billing, so the fresh date of that
  period does not bill it twice.

The period arithmetic is in ``tools/periods.py``; the billing dates and
invoice lines are read with SQL, a thousand contract lines at a time.
"""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import periods
from .service_contract_billing_date_schedule import BILLED_STATES

_logger = logging.getLogger(__name__)

#: Contract lines audited per query.
AUDIT_BATCH = 1000


class ServiceContractCoverageAudit(models.Model):
    """The period-coverage audit of one company: when it last ran and what
    it found. The weekly scheduled action refreshes it and gives the
    company's billing manager one activity when it finds something."""

    _name = "service.contract.coverage.audit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Service Contract Coverage Audit"
    _order = "company_id"
    _mail_post_access = "read"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date_audit = fields.Datetime(string="Last Audit", readonly=True)
    issue_ids = fields.One2many("service.contract.coverage.issue", "audit_id", string="Issues", readonly=True)
    gap_count = fields.Integer(string="Gaps", compute="_compute_counts")
    overlap_count = fields.Integer(string="Overlaps", compute="_compute_counts")

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A company has one coverage audit."),
    ]

    @api.depends("issue_ids.kind")
    def _compute_counts(self):
        for audit in self:
            kinds = audit.issue_ids.mapped("kind")
            audit.gap_count = kinds.count("gap")
            audit.overlap_count = kinds.count("overlap")

    @api.depends("company_id")
    def _compute_display_name(self):
        for audit in self:
            audit.display_name = self.env._("Coverage audit of %(company)s", company=audit.company_id.name)

    # === Actions === #
    def action_audit(self):
        """Audit these companies now."""
        self._audit()
        return True

    def action_view_issues(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_billing.service_contract_coverage_issue_action"
        )
        action["domain"] = [("audit_id", "=", self.id)]
        return action

    # === Scheduled action === #
    @api.model
    def _cron_coverage_audit(self):
        """Weekly: audit every company; the billing manager of a company
        with issues gets one activity on its audit (none while one is still
        open), and the open activity is closed once nothing is left."""
        companies = self.env["service.contract"].sudo()._read_group([], groupby=["company_id"])
        audits = self._for_companies(self.env["res.company"].union(*(c for (c,) in companies)))
        audits._audit()
        for audit in audits:
            audit._notify_manager()

    # === Business === #
    @api.model
    def _for_companies(self, companies):
        """The audits of ``companies``, created when missing."""
        audits = self.sudo().search([("company_id", "in", companies.ids)])
        missing = companies - audits.company_id
        audits |= self.sudo().create([{"company_id": company.id} for company in missing])
        return audits.with_env(self.env)

    def _audit(self, today=None):
        """Replace the issues of these audits by what their companies' contract
        lines show now (``today``: the day open-ended terms are audited to)."""
        today = today or fields.Date.context_today(self)
        for audit in self.sudo():
            lines = (
                self.env["service.contract.line"]
                .sudo()
                .with_context(active_test=False)
                .search([("company_id", "=", audit.company_id.id), ("contract_id.state", "!=", "draft")])
            )
            issues = self._coverage_issues(lines, today)
            audit.issue_ids.unlink()
            audit.write(
                {
                    "date_audit": fields.Datetime.now(),
                    "issue_ids": [fields.Command.create(vals) for vals in issues],
                }
            )
            _logger.info("coverage audit of company %s: %s issues", audit.company_id.id, len(issues))

    @api.model
    def _coverage_issues(self, lines, today):
        """Values of the coverage issues of ``lines`` (see the module's
        docstring)."""
        issues = []
        for ids in split_every(AUDIT_BATCH, lines.ids):
            batch = lines.browse(ids)
            dates_by_unit = self._coverage_billing_dates(batch)
            for line in batch:
                for unit in line._billing_units():
                    billing_dates = dates_by_unit[line.id, unit.device.id or None]
                    issues += self._unit_gaps(unit, billing_dates, today)
                    issues += self._unit_overlaps(unit, billing_dates)
            batch.invalidate_recordset()
        return issues

    @api.model
    def _coverage_billing_dates(self, lines):
        """The billing dates of ``lines`` by line and device (None: the
        whole contract), as tuples ``(id, kind,
        state, period, live invoice lines)`` where the invoice lines are
        ``(move id, move name)`` of the lines not cancelled that bill it."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT bd.line_id, bd.device_id, bd.id, bd.kind, bd.state, bd.period_start, bd.period_end,
                       array_remove(array_agg(am.id ORDER BY am.id), NULL)
                  FROM service_contract_billing_date bd
             LEFT JOIN account_move_line aml
                    ON aml.service_contract_billing_date_id = bd.id AND aml.parent_state != 'cancel'
             LEFT JOIN account_move am ON am.id = aml.move_id
                 WHERE bd.line_id IN %s
                 GROUP BY bd.id
                 ORDER BY bd.line_id, bd.period_start, bd.id
                """,
                tuple(lines.ids),
            )
        )
        by_unit = defaultdict(list)
        for line_id, device_id, date_id, kind, state, start, end, move_ids in self.env.cr.fetchall():
            by_unit[line_id, device_id].append((date_id, kind, state, periods.Period(start, end), move_ids))
        return by_unit

    @api.model
    def _audit_window(self, unit, billing_dates, today):
        """The part of the billing unit's term (a line, for a device or the
        whole contract) whose every day must be billed once, as a Period, or
        None when there is none (see the module's docstring)."""
        contract = unit.line.contract_id
        if not unit.active or contract.state == "draft":
            return None
        start, end = unit.start, unit.end
        regular = contract.state in BILLED_STATES or (
            contract.state == "expired" and bool(contract.date_end) and contract.date_end <= today
        )
        if not regular:
            held = [date[3].end for date in billing_dates if date[2] in ("billed", "credited")]
            if not held:
                return None
            end = min(end, max(held)) if end else max(held)
        elif end is None:
            end = today
        return periods.Period(start, end) if start <= end else None

    @api.model
    def _unit_gaps(self, unit, billing_dates, today):
        window = self._audit_window(unit, billing_dates, today)
        if window is None:
            return []
        covered = [period for _id, _kind, state, period, _moves in billing_dates if state in ("to_bill", "billed")]
        paused = [periods.Period(p.date_start, p.date_end) for p in unit.line.contract_id.pause_ids]
        return [
            self._prepare_issue_vals(unit, "gap", gap)
            for gap in periods.coverage_gaps(window, covered, paused)
        ]

    @api.model
    def _unit_overlaps(self, unit, billing_dates):
        """Days of the unit billed by more than one live invoice line or
        billing date still to bill (regular dates only, credited ones left
        out)."""
        claims = []  # (period, billing date id, move ids)
        for date_id, kind, state, period, move_ids in billing_dates:
            if kind != "regular" or state == "credited":
                continue
            claims += [(period, date_id, [move_id]) for move_id in move_ids]
            if state == "to_bill":  # the next run bills it, whatever bills it already
                claims.append((period, date_id, []))
        issues = []
        for overlap in periods.overlapping_days([claim[0] for claim in claims]):
            involved = [claim for claim in claims if claim[0].intersection(overlap)]
            issues.append(
                self._prepare_issue_vals(
                    unit,
                    "overlap",
                    overlap,
                    billing_date_ids=sorted({claim[1] for claim in involved}),
                    move_ids=sorted({move_id for claim in involved for move_id in claim[2]}),
                )
            )
        return issues

    @api.model
    def _prepare_issue_vals(self, unit, kind, period, billing_date_ids=(), move_ids=()):
        """Values of one coverage issue of a billing unit; extension hook."""
        line = unit.line
        return {
            "kind": kind,
            "line_id": line.id,
            "device_id": unit.device.id or False,
            "contract_id": line.contract_id.id,
            "partner_id": line.contract_id.commercial_partner_id.id,
            "product_id": line.product_id.id,
            "date_start": period.start,
            "date_end": period.end,
            "days": period.days,
            "billing_date_ids": [fields.Command.set(list(billing_date_ids))],
            "move_ids": [fields.Command.set(list(move_ids))],
        }

    def _billing_manager(self):
        """Who answers for the company's billing: the first contract
        manager (lowest id) who works in the company."""
        self.ensure_one()
        managers = self.env.ref("service_contract.service_contract_group_manager").sudo().users
        return managers.filtered(
            lambda user: not user.share and self.company_id in user.company_ids and not user._is_superuser()
        ).sorted("id")[:1]

    def _notify_manager(self):
        """One activity for the company's billing manager while issues
        remain; none when one is still open; closed when none remain."""
        self.ensure_one()
        activity_type = self.env.ref("service_contract_billing.mail_activity_type_coverage_issues")
        audit = self.sudo()
        open_activities = audit.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if not audit.issue_ids:
            open_activities.action_feedback(feedback=self.env._("The last audit found no issue."))
            return
        if open_activities:
            return
        user = audit._billing_manager()
        if not user:
            _logger.info("coverage audit of company %s: no billing manager to notify", audit.company_id.id)
            return
        audit.activity_schedule(
            "service_contract_billing.mail_activity_type_coverage_issues",
            user_id=user.id,
            note=self.env._(
                "The period-coverage audit found gaps (days not billed): %(gaps)s; "
                "overlaps (days billed more than once): %(overlaps)s.",
                gaps=audit.gap_count,
                overlaps=audit.overlap_count,
            ),
        )
