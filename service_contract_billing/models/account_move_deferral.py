# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deferral engine (aktive und passive Rechnungsabgrenzung).

Cumulative target: for a deferrable invoice line and a month end M, the
amount that should sit on the deferral account is ``line.balance *
share(M)`` (company currency). What is booked is the sum of the posted
deferral-entry lines on the deferral account for that line; an entry for M
books the difference. Running a month twice books nothing the second time;
cancelling an entry re-opens its month."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.deferral import deferred_share, month_end

DEFERRABLE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")
BATCH_SIZE = 1000
#: advisory lock class of the deferral run (second key: the company id)
LOCK_KEY = 7141401


class AccountMove(models.Model):
    # The list form: this part's own file (see HELPER_NOTES), not merged into account_move.py.
    _inherit = ["account.move"]

    service_contract_deferral_date = fields.Date(
        string="Deferrals For",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="On a deferral entry: the month end whose deferred balances it books.",
    )
    service_contract_deferral_kind = fields.Selection(
        [("month", "Month-End Deferral Run"), ("invoice", "Deferral at Posting")],
        string="Deferral Entry Kind",
        copy=False,
        readonly=True,
    )
    service_contract_deferral_running = fields.Boolean(
        copy=False,
        readonly=True,
        help="Technical: the draft a month-end deferral run collects its batches in.",
    )
    service_contract_deferral_last_line_id = fields.Integer(
        copy=False,
        readonly=True,
        help="Technical: the last invoice line a running deferral run has handled.",
    )

    # ------------------------------------------------------------------
    # settings
    # ------------------------------------------------------------------
    @api.model
    def _service_contract_deferral_check_settings(self, company):
        missing = []
        if not company.service_contract_deferred_revenue_account_id:
            missing.append(self.env._("Deferred Revenue Account"))
        if not company.service_contract_prepaid_expense_account_id:
            missing.append(self.env._("Prepaid Expense Account"))
        if not company.service_contract_deferral_journal_id:
            missing.append(self.env._("Deferral Journal"))
        if missing:
            raise UserError(
                self.env._(
                    "Deferrals of %(company)s cannot be booked: set %(fields)s in "
                    "Settings > Invoicing > Service Contract Deferrals.",
                    company=company.name,
                    fields=", ".join(missing),
                )
            )

    @api.model
    def _service_contract_deferral_open_date(self, company, date):
        """``date``, or the first day after the lock date when ``date`` is locked."""
        journal = company.service_contract_deferral_journal_id
        lock = company._get_user_fiscal_lock_date(journal)
        if lock and date <= lock:
            return lock + timedelta(days=1)
        return date

    # ------------------------------------------------------------------
    # source lines and differences
    # ------------------------------------------------------------------
    @api.model
    def _service_contract_deferral_source_query(self, company, date, after_id=0, limit=None,
                                                move_ids=None, count=False):
        """Deferrable invoice lines of ``company`` posted on or before ``date``
        that are still running in the month of ``date`` or still have a
        deferred balance, by id after ``after_id``. Flushes what it reads."""
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        accounts = [
            company.service_contract_deferred_revenue_account_id.id or 0,
            company.service_contract_prepaid_expense_account_id.id or 0,
        ]
        month_start = date.replace(day=1)
        conditions = [
            SQL("m.state = 'posted'"),
            SQL("m.move_type IN %s", DEFERRABLE_TYPES),
            SQL("l.display_type = 'product'"),
            SQL("l.company_id = %s", company.id),
            SQL("l.service_end_date IS NOT NULL"),
            SQL("l.service_end_date > (date_trunc('month', m.date) + interval '1 month - 1 day')::date"),
            SQL("m.date <= %s", date),
            SQL("l.id > %s", after_id),
            SQL(
                """(l.service_end_date >= %s OR EXISTS (
                    SELECT 1 FROM account_move_line d
                    WHERE d.service_contract_deferral_source_id = l.id
                      AND d.parent_state != 'cancel' AND d.account_id IN %s))""",
                month_start,
                tuple(accounts),
            ),
        ]
        if move_ids is not None:
            conditions.append(SQL("m.id IN %s", tuple(move_ids) or (0,)))
        where = SQL(" AND ").join(conditions)
        if count:
            return SQL(
                "SELECT count(*) FROM account_move_line l JOIN account_move m ON m.id = l.move_id WHERE %s",
                where,
            )
        return SQL(
            "SELECT l.id FROM account_move_line l JOIN account_move m ON m.id = l.move_id "
            "WHERE %s ORDER BY l.id %s",
            where,
            SQL("LIMIT %s", limit) if limit else SQL(""),
        )

    @api.model
    def _service_contract_deferral_differences(self, company, date, lines):
        """[(line, deferral account, difference)] with a non-zero difference
        between the target deferred balance of ``lines`` at ``date`` and what
        the deferral entries for ``date`` or earlier month ends booked for
        them. A cancelled entry no longer counts (its month is open again);
        one reset to draft still does, until it is cancelled or posted again.
        The draft a running run collects its batches in counts too: it holds
        only lines of earlier batches (other invoice lines)."""
        if not lines:
            return []
        self.env["account.move.line"].flush_model()
        revenue = company.service_contract_deferred_revenue_account_id
        expense = company.service_contract_prepaid_expense_account_id
        self.env.cr.execute(
            SQL(
                """SELECT d.service_contract_deferral_source_id, SUM(d.balance)
                     FROM account_move_line d
                     JOIN account_move e ON e.id = d.move_id
                    WHERE d.service_contract_deferral_source_id IN %s
                      AND e.state != 'cancel' AND d.account_id IN %s
                      AND e.service_contract_deferral_date <= %s
                 GROUP BY d.service_contract_deferral_source_id""",
                tuple(lines.ids),
                (revenue.id, expense.id),
                date,
            )
        )
        booked = dict(self.env.cr.fetchall())
        currency = company.currency_id
        method = company.service_contract_deferral_method
        result = []
        for line in lines:
            share = deferred_share(line.service_start_date, line.service_end_date, date, method)
            target = currency.round(float(line.balance * share)) if share else 0.0
            difference = currency.round(target - booked.get(line.id, 0.0))
            if not currency.is_zero(difference):
                account = revenue if line.move_id.is_sale_document(include_receipts=False) else expense
                result.append((line, account, difference))
        return result

    @api.model
    def _service_contract_deferral_line_vals(self, move, differences, period_label):
        vals = []
        for line, account, difference in differences:
            label = self.env._(
                "Deferral %(invoice)s, %(period)s",
                invoice=line.move_id.name,
                period=period_label,
            )
            common = {
                "move_id": move.id,
                "partner_id": line.partner_id.id,
                "analytic_distribution": line.analytic_distribution,
                "service_contract_deferral_source_id": line.id,
                "name": label,
                "currency_id": move.company_id.currency_id.id,
            }
            vals.append(dict(common, account_id=account.id, balance=difference, amount_currency=difference))
            vals.append(dict(common, account_id=line.account_id.id, balance=-difference,
                             amount_currency=-difference))
        return vals

    @api.model
    def _service_contract_deferral_new_entry(self, company, date, kind, ref):
        entry_date = self._service_contract_deferral_open_date(company, date if kind == "month" else ref[1])
        label = self.env._("Deferrals %(month)s", month=date.strftime("%Y-%m"))
        if kind == "invoice":
            label = self.env._("Deferrals %(month)s: %(invoice)s", month=date.strftime("%Y-%m"), invoice=ref[0])
        if entry_date != (date if kind == "month" else ref[1]):
            label += self.env._(" (dated %(date)s, the first day after the lock date)", date=entry_date)
        return self.create({
            "move_type": "entry",
            "company_id": company.id,
            "journal_id": company.service_contract_deferral_journal_id.id,
            "date": entry_date,
            "ref": label,
            "service_contract_deferral_date": date,
            "service_contract_deferral_kind": kind,
            "service_contract_deferral_running": kind == "month",
        })

    # ------------------------------------------------------------------
    # month-end run
    # ------------------------------------------------------------------
    @api.model
    def _service_contract_deferral_run_batch(self, company, date, batch_size=BATCH_SIZE):
        """One batch of the month-end deferral run of ``company`` for the
        month of ``date``. Returns (done, remaining, entry)."""
        date = month_end(date)
        self._service_contract_deferral_check_settings(company)
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", LOCK_KEY, company.id))
        entry = self.search([
            ("company_id", "=", company.id),
            ("service_contract_deferral_kind", "=", "month"),
            ("service_contract_deferral_date", "=", date),
            ("state", "=", "draft"),
            ("service_contract_deferral_running", "=", True),
        ], limit=1)
        after = entry.service_contract_deferral_last_line_id if entry else 0
        self.env.cr.execute(self._service_contract_deferral_source_query(company, date, after, batch_size))
        ids = [row[0] for row in self.env.cr.fetchall()]
        lines = self.env["account.move.line"].browse(ids)
        differences = self._service_contract_deferral_differences(company, date, lines)
        if differences:
            later = self.search([
                ("company_id", "=", company.id),
                ("service_contract_deferral_kind", "=", "month"),
                ("service_contract_deferral_date", ">", date),
                ("state", "!=", "cancel"),
            ])
            if later:
                raise UserError(self.env._(
                    "The deferrals of %(month)s cannot be booked after those of a later month. "
                    "Cancel these entries first, then run the months again in order: %(entries)s",
                    month=date.strftime("%Y-%m"),
                    entries=", ".join(later.mapped("name")),
                ))
            if not entry:
                entry = self._service_contract_deferral_new_entry(company, date, "month", None)
            self.env["account.move.line"].with_context(check_move_validity=False).create(
                self._service_contract_deferral_line_vals(entry, differences, date.strftime("%Y-%m"))
            )
        elif not entry and len(ids) == batch_size:
            # The draft keeps the run's place even while nothing changes, so
            # that the next batch goes on after these lines (it is deleted at
            # the end if it stays empty).
            entry = self._service_contract_deferral_new_entry(company, date, "month", None)
        if entry and ids:
            entry.service_contract_deferral_last_line_id = ids[-1]
        remaining = 0
        if len(ids) == batch_size:
            self.env.cr.execute(self._service_contract_deferral_source_query(company, date, ids[-1], count=True))
            remaining = self.env.cr.fetchone()[0]
        if not remaining and entry:
            if entry.line_ids:
                entry.write({
                    "service_contract_deferral_last_line_id": 0,
                    "service_contract_deferral_running": False,
                })
                entry.action_post()
            else:
                entry.unlink()
                entry = self.browse()
        return len(ids), remaining, entry

    @api.model
    def _service_contract_deferral_run(self, company, date, batch_size=BATCH_SIZE):
        """The whole month-end run of ``company`` for the month of ``date``
        (all batches in this transaction). Returns the entry made, if any."""
        remaining = True
        entry = self.browse()
        while remaining:
            _done, remaining, entry = self._service_contract_deferral_run_batch(company, date, batch_size)
        return entry

    # ------------------------------------------------------------------
    # posting mode
    # ------------------------------------------------------------------
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(
            lambda m: m.move_type in DEFERRABLE_TYPES
            and m.company_id.service_contract_deferral_moment == "posting"
        )
        for invoice in invoices:
            invoice._service_contract_deferral_at_posting()
        return posted

    def _service_contract_deferral_at_posting(self):
        """Book at once the target at the end of the invoice's month."""
        self.ensure_one()
        company = self.company_id
        if not any(
            line.service_end_date and line.service_end_date > month_end(self.date)
            for line in self.invoice_line_ids
        ):
            return self.browse()
        self._service_contract_deferral_check_settings(company)
        date = month_end(self.date)
        self.env.cr.execute(self._service_contract_deferral_source_query(company, date, move_ids=self.ids))
        lines = self.env["account.move.line"].browse([row[0] for row in self.env.cr.fetchall()])
        differences = self._service_contract_deferral_differences(company, date, lines)
        if not differences:
            return self.browse()
        entry = self._service_contract_deferral_new_entry(company, date, "invoice", (self.name, self.date))
        self.env["account.move.line"].with_context(check_move_validity=False).create(
            self._service_contract_deferral_line_vals(entry, differences, date.strftime("%Y-%m"))
        )
        entry.action_post()
        return entry
