# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class ServiceContractMrrReport(models.Model):
    """The recurring revenue follows the lines' price history: a price
    changed from a date counts from that date's month on. Removed
    (archived) lines count no more."""

    _inherit = "service.contract.mrr.report"
    _depends = {
        "service.contract.line": ["active"],
        "service.contract.line.price": ["line_id", "date_from", "price"],
    }

    def _mrr_line_price_query(self):
        # A line without a history has its price; with one, each price
        # runs until the next one starts, and the first also before it.
        return SQL(
            """
            SELECT l.id AS line_id,
                   NULL::date AS date_from,
                   NULL::date AS date_to,
                   l.price_unit AS price
              FROM service_contract_line l
             WHERE l.active
               AND NOT EXISTS (
                   SELECT 1 FROM service_contract_line_price p WHERE p.line_id = l.id
               )
             UNION ALL
            SELECT p.line_id,
                   CASE WHEN ROW_NUMBER() OVER w > 1 THEN p.date_from END AS date_from,
                   (LEAD(p.date_from) OVER w - 1) AS date_to,
                   p.price
              FROM service_contract_line_price p
              JOIN service_contract_line l ON l.id = p.line_id
             WHERE l.active
            WINDOW w AS (PARTITION BY p.line_id ORDER BY p.date_from, p.id)
            """
        )
