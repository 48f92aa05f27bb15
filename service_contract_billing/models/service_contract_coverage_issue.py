# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractCoverageIssue(models.Model):
    """Days of a contract line not billed (gap) or billed more than once
    (overlap), as the last coverage audit of its company found them
    (``service.contract.coverage.audit``)."""

    _name = "service.contract.coverage.issue"
    _description = "Service Contract Coverage Issue"
    _order = "date_start desc, contract_id, id"
    _check_company_auto = True

    audit_id = fields.Many2one(
        "service.contract.coverage.audit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    date_audit = fields.Datetime(related="audit_id.date_audit")
    kind = fields.Selection(
        [("gap", "Gap"), ("overlap", "Overlap")],
        required=True,
        help="Gap: days of the term neither billed, to bill nor paused. "
        "Overlap: days billed (or to bill) on more than one invoice line.",
    )
    line_id = fields.Many2one("service.contract.line", string="Contract Line", ondelete="cascade", index=True)
    contract_id = fields.Many2one("service.contract", index=True)
    partner_id = fields.Many2one("res.partner")
    product_id = fields.Many2one("product.product")
    device_id = fields.Many2one("service.contract.device", ondelete="cascade")
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="To")
    days = fields.Integer(aggregator="sum")
    billing_date_ids = fields.Many2many(
        "service.contract.billing.date",
        "service_contract_coverage_issue_billing_date_rel",
        "issue_id",
        "billing_date_id",
        string="Billing Dates",
    )
    move_ids = fields.Many2many("account.move", string="Invoices")

    @api.depends("kind", "contract_id", "date_start", "date_end")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for issue in self:
            issue.display_name = (
                f"{labels.get(issue.kind, '')} {issue.contract_id.name or ''}: {issue.date_start} – {issue.date_end}"
            )

    # === Actions === #
    def action_audit_now(self):
        """Audit the companies the user works in now, then show the result."""
        audits = self.env["service.contract.coverage.audit"]._for_companies(self.env.companies)
        audits._audit()
        return {"type": "ir.actions.client", "tag": "soft_reload"}
