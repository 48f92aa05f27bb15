# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.service_contract.models.service_contract_line_calculation import OPEN_ENDED_MONTHS
from odoo.addons.service_contract.models.states import ACTIVE_STATES

#: Account types whose analytic items are revenue, and cost.
REVENUE_ACCOUNT_TYPES = ("income", "income_other")
COST_ACCOUNT_TYPES = ("expense", "expense_depreciation", "expense_direct_cost")


class ServiceContractProfitabilityReport(models.Model):
    """Post-calculation (Nachkalkulation) per contract, device, service kind
    and month, in the company's currency.

    Actual figures are the analytic items on the contracts' analytic accounts
    (plan Service Contracts): revenue is the items of income accounts (posted
    invoices; a deferral entry keeps the invoice line's distribution, so
    revenue is deferral-adjusted by itself), cost the items of expense
    accounts (vendor bills of the contract, of supplier contracts covering
    it) and the items without journal item (costs recorded on usage). Device
    and service kind come from the billing date of the journal item, of the
    invoice line a deferral item defers, or from the usage's entitlement.

    Planned figures are the running calculation of the contract lines of
    started contracts: the line's planned revenue and cost per month, for the
    months of its term (a month the line runs only partly, by its days), at
    the currency's latest rate. Supplier contracts covering customer
    contracts are left out of the plan: their cost is planned on the
    customer contracts' lines. Planned figures have no device.

    Margin % is the margin's share of the revenue of each row shown: the
    grouped rows of the pivot compute it from their summed margin and
    revenue (``read_group``), never as an average of the rows' ratios."""

    _name = "service.contract.profitability.report"
    _description = "Service Contract Profitability"
    _auto = False
    _order = "date desc, contract_id"
    _rec_name = "contract_id"

    _depends = {
        "account.analytic.line": ["amount", "date", "general_account_id", "move_line_id"],
        "account.account": ["account_type"],
        "account.move.line": ["service_contract_billing_date_id", "service_contract_deferral_source_id"],
        "service.contract.billing.date": ["contract_id", "device_id", "line_id"],
        "service.contract.line": [
            "contract_id",
            "display_type",
            "service_id",
            "date_start",
            "date_end",
            "planned_revenue_monthly",
            "planned_cost_monthly",
        ],
        "service.contract.service": ["kind_id"],
        "service.contract.usage": ["analytic_line_id", "entitlement_id"],
        "service.contract.entitlement": ["device_id", "kind_id"],
        "service.contract": [
            "analytic_account_id",
            "covered_contract_ids",
            "company_id",
            "currency_id",
            "date_start",
            "date_end",
            "direction",
            "partner_id",
            "state",
            "template_id",
            "user_id",
        ],
    }

    date = fields.Date(string="Month", readonly=True)
    contract_id = fields.Many2one("service.contract", readonly=True)
    device_id = fields.Many2one("service.contract.device", readonly=True)
    service_kind_id = fields.Many2one("service.contract.service.kind", readonly=True)
    template_id = fields.Many2one("service.contract.template", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True, help="Revenue minus cost.")
    margin_percent = fields.Float(
        string="Margin %",
        readonly=True,
        aggregator="sum",
        help="Margin as a share of the revenue, computed from the summed margin and revenue of each group.",
    )
    planned_revenue = fields.Monetary(readonly=True)
    planned_cost = fields.Monetary(readonly=True)
    planned_margin = fields.Monetary(readonly=True)
    deviation = fields.Monetary(readonly=True, help="Margin minus planned margin.")

    @property
    def _table_query(self):
        plan = self.env["service.contract"]._analytic_plan()
        column_name = plan._column_name()
        column = SQL.identifier(column_name)
        # the plan's column of the analytic items is made at run time
        plan_field = self.env["account.analytic.line"]._fields.get(column_name)
        query = SQL(
            """
            SELECT ROW_NUMBER() OVER (
                       ORDER BY r.date, r.contract_id, r.device_id, r.service_kind_id
                   ) AS id,
                   r.date, r.contract_id, r.device_id, r.service_kind_id,
                   c.template_id, c.partner_id, c.user_id, c.company_id,
                   company.currency_id,
                   SUM(r.revenue) AS revenue,
                   SUM(r.cost) AS cost,
                   SUM(r.revenue - r.cost) AS margin,
                   CASE WHEN SUM(r.revenue) <> 0
                        THEN SUM(r.revenue - r.cost) / SUM(r.revenue) * 100 ELSE 0 END
                       AS margin_percent,
                   SUM(r.planned_revenue) AS planned_revenue,
                   SUM(r.planned_cost) AS planned_cost,
                   SUM(r.planned_revenue - r.planned_cost) AS planned_margin,
                   SUM((r.revenue - r.cost) - (r.planned_revenue - r.planned_cost)) AS deviation
              FROM (%(actual)s UNION ALL %(planned)s) r
              JOIN service_contract c ON c.id = r.contract_id
              JOIN res_company company ON company.id = c.company_id
             GROUP BY r.date, r.contract_id, r.device_id, r.service_kind_id,
                      c.template_id, c.partner_id, c.user_id, c.company_id, company.currency_id
            """,
            actual=self._actual_query(column),
            planned=self._planned_query(),
        )
        return SQL("%s%s", query, SQL(to_flush=plan_field)) if plan_field else query

    @api.model
    def _actual_query(self, column):
        return SQL(
            """
            SELECT date_trunc('month', aal.date)::date AS date,
                   c.id AS contract_id,
                   COALESCE(
                       CASE WHEN bd.contract_id = c.id THEN bd.device_id END,
                       CASE WHEN sbd.contract_id = c.id THEN sbd.device_id END,
                       ent.device_id
                   ) AS device_id,
                   COALESCE(svc.kind_id, ssvc.kind_id, ent.kind_id) AS service_kind_id,
                   CASE WHEN acc.account_type IN %(revenue_types)s THEN aal.amount ELSE 0 END AS revenue,
                   CASE WHEN acc.account_type IN %(cost_types)s OR aal.move_line_id IS NULL
                        THEN -aal.amount ELSE 0 END AS cost,
                   0.0 AS planned_revenue,
                   0.0 AS planned_cost
              FROM account_analytic_line aal
              JOIN service_contract c ON c.analytic_account_id = aal.%(column)s
              LEFT JOIN account_account acc ON acc.id = aal.general_account_id
              LEFT JOIN account_move_line aml ON aml.id = aal.move_line_id
              LEFT JOIN service_contract_billing_date bd ON bd.id = aml.service_contract_billing_date_id
              LEFT JOIN service_contract_line bl ON bl.id = bd.line_id
              LEFT JOIN service_contract_service svc ON svc.id = bl.service_id
              LEFT JOIN account_move_line src ON src.id = aml.service_contract_deferral_source_id
              LEFT JOIN service_contract_billing_date sbd ON sbd.id = src.service_contract_billing_date_id
              LEFT JOIN service_contract_line sbl ON sbl.id = sbd.line_id
              LEFT JOIN service_contract_service ssvc ON ssvc.id = sbl.service_id
              LEFT JOIN service_contract_usage u ON u.analytic_line_id = aal.id
              LEFT JOIN service_contract_entitlement ent ON ent.id = u.entitlement_id
             WHERE acc.account_type IN %(revenue_types)s
                OR acc.account_type IN %(cost_types)s
                OR aal.move_line_id IS NULL
            """,
            column=column,
            revenue_types=REVENUE_ACCOUNT_TYPES,
            cost_types=COST_ACCOUNT_TYPES,
        )

    @api.model
    def _planned_query(self):
        rate = """COALESCE((SELECT cr.rate FROM res_currency_rate cr
                             WHERE cr.currency_id = %s
                               AND (cr.company_id = c.company_id OR cr.company_id IS NULL)
                             ORDER BY cr.name DESC, cr.company_id NULLS LAST LIMIT 1), 1.0)"""
        return SQL(
            """
            SELECT month::date AS date,
                   c.id AS contract_id,
                   NULL::integer AS device_id,
                   svc.kind_id AS service_kind_id,
                   0.0 AS revenue,
                   0.0 AS cost,
                   l.planned_revenue_monthly * share.part / fx.rate AS planned_revenue,
                   l.planned_cost_monthly * share.part / fx.rate AS planned_cost
              FROM service_contract_line l
              JOIN service_contract c ON c.id = l.contract_id
              JOIN res_company company ON company.id = c.company_id
              LEFT JOIN service_contract_service svc ON svc.id = l.service_id
             CROSS JOIN LATERAL (
                   SELECT GREATEST(c.date_start, l.date_start) AS start,
                          COALESCE(
                              LEAST(c.date_end, l.date_end),
                              (GREATEST(c.date_start, l.date_start)
                               + make_interval(months => %(open_months)s) - INTERVAL '1 day')::date
                          ) AS stop
                   ) term
             CROSS JOIN LATERAL generate_series(
                   date_trunc('month', term.start), date_trunc('month', term.stop), INTERVAL '1 month'
                   ) AS month
             CROSS JOIN LATERAL (
                   SELECT ((LEAST(term.stop, (month + INTERVAL '1 month' - INTERVAL '1 day')::date)
                            - GREATEST(term.start, month::date) + 1)::numeric
                           / EXTRACT(DAY FROM month + INTERVAL '1 month' - INTERVAL '1 day')::numeric
                          ) AS part
                   ) share
             CROSS JOIN LATERAL (
                   SELECT CASE WHEN c.currency_id = company.currency_id THEN 1.0
                               ELSE %(contract_rate)s / %(company_rate)s END AS rate
                   ) fx
             WHERE l.display_type IS NULL
               AND c.state IN %(states)s
               AND term.start IS NOT NULL
               AND term.stop >= term.start
               AND (c.direction = 'customer' OR NOT EXISTS (
                       SELECT 1 FROM service_contract_covered_contract_rel rel
                        WHERE rel.supplier_contract_id = c.id))
            """,
            open_months=OPEN_ENDED_MONTHS,
            contract_rate=SQL(rate, SQL.identifier("c", "currency_id")),
            company_rate=SQL(rate, SQL.identifier("company", "currency_id")),
            states=ACTIVE_STATES + ("expired",),
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Margin % of each group from its summed margin and revenue."""
        names = {spec.split(":")[0].split("(")[0].strip() for spec in fields}
        if "margin_percent" not in names:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        fields = [*fields, "margin:sum", "revenue:sum"]
        groups = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        for group in groups:
            revenue = group.get("revenue") or 0.0
            group["margin_percent"] = (group.get("margin") or 0.0) / revenue * 100 if revenue else 0.0
        return groups
