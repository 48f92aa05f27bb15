# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.service_contract import STATES
from ..models.service_contract_line import LINE_TYPES


class ServiceContractCalculationReport(models.Model):
    """Planned calculation by template, customer and service kind: one row per
    contract line and service.

    A package line is split by the services of its package: each service
    takes the share of the line's planned revenue that its monthly price has
    in the package lines' monthly prices, and the share of the planned cost
    that its monthly cost has in theirs (equal shares when they are all 0).
    A single-service line is one row of its service's kind, a billing-product
    line one row without a kind. Sections and notes are left out.

    The rows are a query over the lines' stored planned figures
    (``_table_query``), not a database view, so that upgrades can change
    the columns it reads."""

    _name = "service.contract.calculation.report"
    _description = "Planned Calculation of Service Contracts"
    _auto = False
    _order = "contract_id desc, line_id, id"
    # The stored columns the query reads: flushed before it runs.
    _depends = {
        "service.contract": [
            "commercial_partner_id",
            "template_id",
            "company_id",
            "currency_id",
            "state",
            "direction",
        ],
        "service.contract.line": [
            "contract_id",
            "display_type",
            "line_type",
            "package_id",
            "service_id",
            "product_id",
            "planned_revenue_monthly",
            "planned_cost_monthly",
            "planned_revenue_term",
            "planned_cost_term",
        ],
        "service.contract.package.line": [
            "package_id",
            "sequence",
            "service_id",
            "price_per_month",
            "cost_per_month",
        ],
        "service.contract.service": ["kind_id"],
    }

    line_id = fields.Many2one("service.contract.line", string="Contract Line")
    contract_id = fields.Many2one("service.contract")
    partner_id = fields.Many2one("res.partner")
    template_id = fields.Many2one("service.contract.template")
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one("res.currency")
    state = fields.Selection(STATES)
    direction = fields.Selection(selection="_selection_direction")
    line_type = fields.Selection(LINE_TYPES, string="Bills")
    kind_id = fields.Many2one("service.contract.service.kind", string="Service Kind")
    package_id = fields.Many2one("service.contract.package", string="Service Package")
    service_id = fields.Many2one("service.contract.service")
    product_id = fields.Many2one("product.product")
    planned_revenue_monthly = fields.Monetary(string="Planned Revenue per Month")
    planned_cost_monthly = fields.Monetary(string="Planned Cost per Month")
    planned_margin_monthly = fields.Monetary(string="Planned Margin per Month")
    planned_revenue_term = fields.Monetary(string="Planned Revenue over the Term")
    planned_cost_term = fields.Monetary(string="Planned Cost over the Term")
    planned_margin_term = fields.Monetary(string="Planned Margin over the Term")

    def _selection_direction(self):
        return self.env["service.contract"]._fields["direction"].selection

    @property
    def _table_query(self):
        return SQL(
            """
            WITH package_share AS (
                SELECT pl.package_id,
                       pl.id AS package_line_id,
                       pl.sequence,
                       pl.service_id,
                       CASE WHEN SUM(pl.price_per_month) OVER w > 0
                            THEN pl.price_per_month / SUM(pl.price_per_month) OVER w
                            ELSE 1.0 / COUNT(*) OVER w
                       END AS revenue_share,
                       CASE WHEN SUM(pl.cost_per_month) OVER w > 0
                            THEN pl.cost_per_month / SUM(pl.cost_per_month) OVER w
                            ELSE 1.0 / COUNT(*) OVER w
                       END AS cost_share
                  FROM service_contract_package_line pl
                WINDOW w AS (PARTITION BY pl.package_id)
            ), split AS (
                SELECT l.id AS line_id,
                       ps.package_line_id,
                       ps.sequence AS package_sequence,
                       COALESCE(ps.service_id, l.service_id) AS service_id,
                       COALESCE(ps.revenue_share, 1.0) AS revenue_share,
                       COALESCE(ps.cost_share, 1.0) AS cost_share
                  FROM service_contract_line l
             LEFT JOIN package_share ps ON ps.package_id = l.package_id
                 WHERE l.display_type IS NULL
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY s.line_id, s.package_sequence, s.package_line_id
                   ) AS id,
                   l.id AS line_id,
                   c.id AS contract_id,
                   c.commercial_partner_id AS partner_id,
                   c.template_id,
                   c.company_id,
                   c.currency_id,
                   c.state,
                   c.direction,
                   l.line_type,
                   srv.kind_id,
                   l.package_id,
                   s.service_id,
                   l.product_id,
                   l.planned_revenue_monthly * s.revenue_share AS planned_revenue_monthly,
                   l.planned_cost_monthly * s.cost_share AS planned_cost_monthly,
                   l.planned_revenue_monthly * s.revenue_share
                       - l.planned_cost_monthly * s.cost_share AS planned_margin_monthly,
                   l.planned_revenue_term * s.revenue_share AS planned_revenue_term,
                   l.planned_cost_term * s.cost_share AS planned_cost_term,
                   l.planned_revenue_term * s.revenue_share
                       - l.planned_cost_term * s.cost_share AS planned_margin_term
              FROM split s
              JOIN service_contract_line l ON l.id = s.line_id
              JOIN service_contract c ON c.id = l.contract_id
         LEFT JOIN service_contract_service srv ON srv.id = s.service_id
            """
        )

    def action_open_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.contract",
            "res_id": self.contract_id.id,
            "view_mode": "form",
        }
