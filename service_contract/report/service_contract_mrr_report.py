# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

#: Months ahead of the current month up to which a contract without an end
#: (or with an end further away) is counted.
MRR_HORIZON_MONTHS = 12


class ServiceContractMrrReport(models.Model):
    """Monthly and annual recurring revenue (MRR, ARR) of customer contracts:
    one row per contract and month, in the company's currency.

    A contract's MRR in a month is what its recurring lines (not those paid
    at once, nor sections and notes) bill for one month: the line's price
    net of the discount for all its units (quantity; devices as the line
    counts them now, not per month), divided by
    the months its price period has (a price per billing period: the billing
    interval's months). A line counts in each month in which it runs at
    least one day, within the contract's term, with the price in effect on
    its last day of that month (``_mrr_line_price_query``, which the billing
    addon extends with the lines' price history). Prices are converted from
    the contract's currency into the company's at the rate of the contract's
    start, as the running calculation does, so that exchange rates do not
    show as expansion or contraction. Paused months count: a pause
    interrupts billing, not the contract.

    Rows run from the contract's first month to the month after its end
    (where its MRR is 0 and it churns), but no further than
    ``MRR_HORIZON_MONTHS`` months after the current month (contracts
    without an end, or ending later, do not churn within the report). An
    expired contract without an end ends on the day it was last changed.
    Drafts and supplier contracts are left out, as are months with no MRR
    before or after.

    The movements compare each month with the contract's previous month and
    are signed, so that last month's MRR plus the month's movements is the
    month's MRR: new (from 0) and expansion (up) are positive, contraction
    (down) and churn (to 0) negative.

    The rows are a query (``_table_query``), not a database view, so that
    the horizon counts from the user's today and upgrades can change the
    columns it reads."""

    _name = "service.contract.mrr.report"
    _description = "Recurring Revenue of Service Contracts"
    _auto = False
    _rec_name = "contract_id"
    _order = "date desc, contract_id desc"
    # The stored columns the query reads: flushed before it runs.
    _depends = {
        "service.contract": [
            "commercial_partner_id",
            "template_id",
            "user_id",
            "company_id",
            "currency_id",
            "state",
            "direction",
            "date_start",
            "date_end",
            "write_date",
        ],
        "service.contract.line": [
            "contract_id",
            "display_type",
            "price_unit",
            "price_subtotal",
            "quantity",
            "discount",
            "price_period",
            "billing_interval",
            "date_start",
            "date_end",
        ],
        "res.company": ["currency_id", "parent_path"],
        "res.currency.rate": ["name", "rate", "currency_id", "company_id"],
    }

    date = fields.Date(string="Month", readonly=True)
    contract_id = fields.Many2one("service.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    template_id = fields.Many2one("service.contract.template", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    mrr = fields.Monetary(
        string="Monthly Recurring Revenue (MRR)",
        readonly=True,
        help="What the contract's recurring lines bill for one month, in the "
        "company's currency.",
    )
    arr = fields.Monetary(
        string="Annual Recurring Revenue (ARR)",
        readonly=True,
        help="Twelve times the monthly recurring revenue.",
    )
    new_mrr = fields.Monetary(
        string="New MRR",
        readonly=True,
        help="MRR of a contract that had none the month before.",
    )
    expansion_mrr = fields.Monetary(
        string="Expansion MRR",
        readonly=True,
        help="Increase of the MRR of a contract that had MRR the month before.",
    )
    contraction_mrr = fields.Monetary(
        string="Contraction MRR",
        readonly=True,
        help="Decrease (negative) of the MRR of a contract that still has MRR.",
    )
    churned_mrr = fields.Monetary(
        string="Churned MRR",
        readonly=True,
        help="MRR lost (negative) by a contract that has none left: it ended.",
    )

    def _mrr_line_price_query(self):
        """Prices of the contract lines over time: rows ``(line_id,
        date_from, date_to, price)``, the price per the line's price period
        from ``date_from`` to ``date_to`` (both included, NULL: open); a
        line's rows do not overlap. Here each line has its one price; the
        billing addon adds the price history. A line without a row counts
        nothing."""
        return SQL(
            """
            SELECT l.id AS line_id,
                   NULL::date AS date_from,
                   NULL::date AS date_to,
                   l.price_unit AS price
              FROM service_contract_line l
            """
        )

    @staticmethod
    def _mrr_rate_sql(currency, company_root, day):
        """The rate of ``currency`` at ``day`` as Odoo reads it: the latest
        one of the root company (else a shared one) up to that day, else
        the first one, else 1."""
        return SQL(
            """
            COALESCE(
                (SELECT r.rate FROM res_currency_rate r
                  WHERE r.currency_id = %(currency)s AND r.name <= %(day)s
                    AND (r.company_id IS NULL OR r.company_id = %(root)s)
               ORDER BY r.company_id, r.name DESC LIMIT 1),
                (SELECT r.rate FROM res_currency_rate r
                  WHERE r.currency_id = %(currency)s
                    AND (r.company_id IS NULL OR r.company_id = %(root)s)
               ORDER BY r.company_id, r.name ASC LIMIT 1),
                1.0)
            """,
            currency=currency,
            root=company_root,
            day=day,
        )

    @property
    def _table_query(self):
        return self._mrr_query()

    def _mrr_query(self, contract_ids=None, date_from=None, date_to=None):
        """The rows' query; for ``contract_ids`` only, and only for the
        months from ``date_from`` to ``date_to``, if given (cheaper than
        filtering all the rows: the months outside are not computed)."""
        root = SQL("split_part(comp.parent_path, '/', 1)::int")
        only = SQL("AND c.id = ANY(%s)", list(contract_ids)) if contract_ids is not None else SQL()
        first = SQL("date_trunc('month', c.date_start)")
        if date_from:
            first = SQL("GREATEST(%s, %s::timestamp)", first, date_from.replace(day=1))
        last = SQL("%s::timestamp", date_to) if date_to else SQL("'infinity'::timestamp")
        return SQL(
            """
            WITH contract AS NOT MATERIALIZED (
                SELECT c.id,
                       c.commercial_partner_id,
                       c.template_id,
                       c.user_id,
                       c.company_id,
                       comp.currency_id AS company_currency_id,
                       cur.decimal_places,
                       c.date_start,
                       COALESCE(
                           c.date_end,
                           CASE WHEN c.state = 'expired' THEN c.write_date::date END
                       ) AS date_end,
                       CASE WHEN c.currency_id = comp.currency_id THEN 1.0
                            ELSE %(company_rate)s / NULLIF(%(contract_rate)s, 0)
                       END AS rate
                  FROM service_contract c
                  JOIN res_company comp ON comp.id = c.company_id
                  JOIN res_currency cur ON cur.id = comp.currency_id
                 WHERE c.direction = 'customer'
                   AND c.state != 'draft'
                   AND c.date_start IS NOT NULL
                   %(only)s
            ), month AS NOT MATERIALIZED (
                SELECT c.id AS contract_id,
                       m::date AS date,
                       (m + INTERVAL '1 month - 1 day')::date AS date_last,
                       (m - INTERVAL '1 month')::date AS previous_date,
                       (m - INTERVAL '1 day')::date AS previous_date_last
                  FROM contract c,
                       generate_series(
                           %(first)s,
                           LEAST(
                               date_trunc('month', c.date_end) + INTERVAL '1 month',
                               %(month)s::date + INTERVAL '%(horizon)s months',
                               %(last)s
                           ),
                           INTERVAL '1 month'
                       ) AS m
            ), line AS NOT MATERIALIZED (
                SELECT l.id,
                       l.contract_id,
                       GREATEST(c.date_start, l.date_start) AS date_start,
                       LEAST(c.date_end, l.date_end) AS date_end,
                       CASE WHEN l.price_unit != 0 THEN l.price_subtotal / l.price_unit
                            ELSE l.quantity * (1 - COALESCE(l.discount, 0) / 100.0)
                       END AS units,
                       CASE l.price_period
                            WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 WHEN 'year' THEN 12
                            ELSE CASE l.billing_interval
                                      WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3
                                      WHEN 'half_yearly' THEN 6 WHEN 'yearly' THEN 12
                                 END
                       END AS months
                  FROM service_contract_line l
                  JOIN contract c ON c.id = l.contract_id
                 WHERE l.display_type IS NULL
                   AND COALESCE(l.billing_interval, 'monthly') != 'one_time'
            ), contract_month AS NOT MATERIALIZED (
                -- Each month with the month before, so that a filter on the
                -- month reaches the months the query computes.
                SELECT m.contract_id,
                       m.date,
                       ROUND(
                           (COALESCE(SUM(
                               CASE WHEN l.date_start <= m.date_last
                                     AND (l.date_end IS NULL OR l.date_end >= m.date)
                                    THEN p.price * l.units / l.months
                               END
                           ), 0) * c.rate)::numeric,
                           c.decimal_places
                       ) AS mrr,
                       ROUND(
                           (COALESCE(SUM(
                               CASE WHEN l.date_start <= m.previous_date_last
                                     AND (l.date_end IS NULL OR l.date_end >= m.previous_date)
                                    THEN pp.price * l.units / l.months
                               END
                           ), 0) * c.rate)::numeric,
                           c.decimal_places
                       ) AS previous
                  FROM month m
                  JOIN contract c ON c.id = m.contract_id
             LEFT JOIN line l
                    ON l.contract_id = m.contract_id
                   AND l.months IS NOT NULL
                   AND l.date_start <= m.date_last
                   AND (l.date_end IS NULL OR l.date_end >= m.previous_date)
             LEFT JOIN (%(prices)s) p
                    ON p.line_id = l.id
                   AND (p.date_from IS NULL OR p.date_from <= LEAST(m.date_last, l.date_end))
                   AND (p.date_to IS NULL OR p.date_to >= LEAST(m.date_last, l.date_end))
             LEFT JOIN (%(prices)s) pp
                    ON pp.line_id = l.id
                   AND (pp.date_from IS NULL
                        OR pp.date_from <= LEAST(m.previous_date_last, l.date_end))
                   AND (pp.date_to IS NULL
                        OR pp.date_to >= LEAST(m.previous_date_last, l.date_end))
              GROUP BY m.contract_id, m.date, c.rate, c.decimal_places
            )
            SELECT mv.contract_id::bigint * 10000
                       + (EXTRACT(YEAR FROM mv.date)::int - 1900) * 12
                       + EXTRACT(MONTH FROM mv.date)::int - 1 AS id,
                   mv.date,
                   mv.contract_id,
                   c.commercial_partner_id AS partner_id,
                   c.template_id,
                   c.user_id,
                   c.company_id,
                   c.company_currency_id AS currency_id,
                   mv.mrr,
                   mv.mrr * 12 AS arr,
                   CASE WHEN mv.previous = 0 AND mv.mrr > 0 THEN mv.mrr ELSE 0 END AS new_mrr,
                   CASE WHEN mv.previous > 0 AND mv.mrr > mv.previous
                        THEN mv.mrr - mv.previous ELSE 0 END AS expansion_mrr,
                   CASE WHEN mv.mrr > 0 AND mv.mrr < mv.previous
                        THEN mv.mrr - mv.previous ELSE 0 END AS contraction_mrr,
                   CASE WHEN mv.mrr = 0 AND mv.previous > 0
                        THEN -mv.previous ELSE 0 END AS churned_mrr
              FROM contract_month mv
              JOIN contract c ON c.id = mv.contract_id
             WHERE mv.mrr != 0 OR mv.previous != 0
            """,
            company_rate=self._mrr_rate_sql(SQL("comp.currency_id"), root, SQL("c.date_start")),
            contract_rate=self._mrr_rate_sql(SQL("c.currency_id"), root, SQL("c.date_start")),
            month=fields.Date.context_today(self).replace(day=1),
            horizon=SQL(str(MRR_HORIZON_MONTHS)),
            prices=self._mrr_line_price_query(),
            only=only,
            first=first,
            last=last,
        )

    def _mrr_without_jit(self):
        """PostgreSQL's JIT compiler takes longer to compile this query
        than the query takes to run (its cost estimates of the months a
        contract spans are far too high): off for the rest of this
        transaction, which reads a report."""
        self.env.cr.execute("SET LOCAL jit = off")

    def _read_group(self, *args, **kwargs):
        self._mrr_without_jit()
        return super()._read_group(*args, **kwargs)

    def search_fetch(self, *args, **kwargs):
        self._mrr_without_jit()
        return super().search_fetch(*args, **kwargs)

    def action_open_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.contract",
            "res_id": self.contract_id.id,
            "view_mode": "form",
        }
