# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract analysis workbook (Vertragsauswertung in Excel).

The wizard writes an .xlsx with xlsxwriter in constant-memory mode: every
sheet is written row by row, top to bottom, and the contracts are read in
batches, so that the export of tens of thousands of contracts keeps a
bounded memory. The figures other parts of the addon compute are read
through one small method each (``_mrr_rows``, summed by ``_mrr_by_month``
and ``_mrr_by_contract``; ``_profitability_rows``, ``_deferred_balances``).
"""

import base64
import io
import re
import tempfile
from collections import defaultdict

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

#: The media type of .xlsx files.
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Contracts read and written per batch.
BATCH_SIZE = 1000
#: Characters Excel refuses in sheet names.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: The longest sheet name Excel accepts.
SHEET_NAME_MAX = 31
#: strftime directives of Odoo's date formats and their Excel codes.
EXCEL_DATE_CODES = {
    "%d": "dd",
    "%e": "d",
    "%m": "mm",
    "%b": "mmm",
    "%B": "mmmm",
    "%y": "yy",
    "%Y": "yyyy",
    "%a": "ddd",
    "%A": "dddd",
}
#: The contract states the wizard offers, with the name of their boolean.
STATE_FIELDS = (
    ("draft", "state_draft"),
    ("running", "state_running"),
    ("paused", "state_paused"),
    ("to_renew", "state_to_renew"),
    ("terminated", "state_terminated"),
    ("expired", "state_expired"),
)


def excel_sheet_name(name, taken=()):
    """``name`` as Excel accepts it for a sheet: without []:*?/\\, at most 31
    characters, not one of ``taken`` (compared case-insensitively)."""
    name = SHEET_NAME_FORBIDDEN.sub("-", name).strip("'") or "Sheet"
    name = name[:SHEET_NAME_MAX]
    taken = {t.lower() for t in taken}
    number = 1
    candidate = name
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)] + suffix
    return candidate


def excel_date_format(posix_format):
    """Odoo's date format of a language (``%d.%m.%Y``) as Excel's (``dd.mm.yyyy``)."""
    result = re.sub(r"%[a-zA-Z]", lambda m: EXCEL_DATE_CODES.get(m.group(0), ""), posix_format or "")
    return result or "yyyy-mm-dd"


def month_starts(date_from, date_to):
    """The first days of the months from ``date_from``'s to ``date_to``'s."""
    month = date_from.replace(day=1)
    while month <= date_to:
        yield month
        month += relativedelta(months=1)


class ServiceContractAnalysisXlsx(models.TransientModel):
    """Wizard: the contract analysis of a company and date range as an Excel
    workbook, downloaded from the wizard."""

    _name = "service.contract.analysis.xlsx"
    _description = "Contract Analysis (Excel)"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    direction = fields.Selection(
        [
            ("customer", "Customer Contracts"),
            ("supplier", "Supplier Contracts"),
            ("all", "All Contracts"),
        ],
        string="Contracts",
        required=True,
        default="customer",
    )
    template_ids = fields.Many2many(
        "service.contract.template",
        "service_contract_analysis_xlsx_template_rel",
        "wizard_id",
        "template_id",
        string="Templates",
        check_company=True,
        help="Only contracts of these templates; empty: all.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "service_contract_analysis_xlsx_partner_rel",
        "wizard_id",
        "partner_id",
        string="Partners",
        help="Only contracts of these customers or suppliers (and their contacts); empty: all.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "service_contract_analysis_xlsx_user_rel",
        "wizard_id",
        "user_id",
        string="Salespeople",
        domain="[('share', '=', False)]",
        help="Only contracts of these salespeople; empty: all.",
    )
    state_draft = fields.Boolean(string="Draft")
    state_running = fields.Boolean(string="Running", default=True)
    state_paused = fields.Boolean(string="Paused", default=True)
    state_to_renew = fields.Boolean(string="To Renew", default=True)
    state_terminated = fields.Boolean(string="Terminated", default=True)
    state_expired = fields.Boolean(string="Expired", default=True)
    xlsx_file = fields.Binary(string="File", readonly=True, attachment=True)
    xlsx_filename = fields.Char(string="File Name", readonly=True)

    @api.model
    def _default_date_from(self):
        """The first day of the month a year before the current one's end."""
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=11)

    @api.model
    def _default_date_to(self):
        """The last day of the current month."""
        today = fields.Date.context_today(self)
        return today.replace(day=1) + relativedelta(months=1, days=-1)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The analysis cannot end before it starts."))

    # === Action === #

    def action_export(self):
        """Write the workbook into the wizard and download it."""
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You cannot analyse the contracts of %s.", self.company_id.name))
        wizard = self.with_company(self.company_id).with_context(lang=self.env.user.lang or "en_US")
        content = wizard._workbook_bytes()
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_filename": wizard._file_name(),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field=xlsx_file"
                f"&filename_field=xlsx_filename&mimetype={XLSX_MIMETYPE}&download=true"
            ),
            "target": "download",
        }

    def _file_name(self):
        return "{name} {start} - {end}.xlsx".format(
            name=self.env._("Contract Analysis"),
            start=self.date_from.isoformat(),
            end=self.date_to.isoformat(),
        )

    # === Selection of contracts === #

    def _selected_states(self):
        return [state for state, field in STATE_FIELDS if self[field]]

    def _contract_domain(self):
        """The contracts analysed: of the company, in the chosen states and
        filters, whose term overlaps the date range (archived ones too)."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "in", self._selected_states()),
            ("date_start", "<=", self.date_to),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", self.date_from),
        ]
        if self.direction != "all":
            domain.append(("direction", "=", self.direction))
        if self.template_ids:
            domain.append(("template_id", "in", self.template_ids.ids))
        if self.partner_ids:
            domain.append(("partner_id", "child_of", self.partner_ids.ids))
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        return domain

    def _contracts(self):
        return self.env["service.contract"].with_context(active_test=False)

    def _contract_query(self):
        """The analysed contracts as a query (for sub-selects)."""
        return self._contracts()._search(self._contract_domain())

    def _contract_batches(self, fnames):
        """The analysed contracts by number, BATCH_SIZE at a time; the cache
        is emptied after each batch."""
        Contract = self._contracts()
        domain = self._contract_domain()
        offset = 0
        while True:
            batch = Contract.search_fetch(domain, fnames, offset=offset, limit=BATCH_SIZE, order="name, id")
            if not batch:
                return
            yield batch
            offset += len(batch)
            self.env.invalidate_all()

    # === Billed amounts === #

    def _billed_lines_sql(self, contract_ids_sql):
        """SQL of the invoice and vendor-bill lines billed in the range for
        the contracts ``contract_ids_sql`` (a sub-select or a tuple): columns
        contract_id, partner_id (the document's commercial partner), month,
        amount (untaxed, company currency; invoices of customer contracts and
        bills of supplier contracts positive, their credit notes negative).

        Lines that bill a billing date count for its contract; so do the
        lines of a credit note that reverses them without billing a date of
        its own (a credit note made by *Reverse*), matched to the line they
        reverse by product, label, quantity and unit price."""
        self.env.flush_all()
        sign = SQL("CASE WHEN bd.direction = 'supplier' THEN 1 ELSE -1 END")
        return SQL(
            """
            SELECT bd.contract_id, move.commercial_partner_id AS partner_id,
                   date_trunc('month', aml.date)::date AS month, %(sign)s * aml.balance AS amount
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN service_contract_billing_date bd ON bd.id = aml.service_contract_billing_date_id
             WHERE aml.parent_state = 'posted'
               AND aml.company_id = %(company)s
               AND aml.date BETWEEN %(date_from)s AND %(date_to)s
               AND bd.contract_id IN %(contracts)s
            UNION ALL
            SELECT contract_id, partner_id, month, amount FROM (
                SELECT DISTINCT ON (aml.id) bd.contract_id, move.commercial_partner_id AS partner_id,
                       date_trunc('month', aml.date)::date AS month, %(sign)s * aml.balance AS amount
                  FROM account_move move
                  JOIN account_move_line aml ON aml.move_id = move.id
                  JOIN account_move_line reversed ON reversed.move_id = move.reversed_entry_id
                  JOIN service_contract_billing_date bd ON bd.id = reversed.service_contract_billing_date_id
                 WHERE move.state = 'posted'
                   AND move.reversed_entry_id IS NOT NULL
                   AND move.company_id = %(company)s
                   AND aml.date BETWEEN %(date_from)s AND %(date_to)s
                   AND aml.display_type = 'product'
                   AND aml.service_contract_billing_date_id IS NULL
                   AND reversed.product_id IS NOT DISTINCT FROM aml.product_id
                   AND reversed.name IS NOT DISTINCT FROM aml.name
                   AND reversed.quantity = aml.quantity
                   AND reversed.price_unit = aml.price_unit
                   AND bd.contract_id IN %(contracts)s
                 ORDER BY aml.id, reversed.id
            ) AS reversals
            """,
            sign=sign,
            company=self.company_id.id,
            date_from=self.date_from,
            date_to=self.date_to,
            contracts=contract_ids_sql,
        )

    def _billed_by_contract(self, contracts):
        """{contract id: amount billed in the range} of ``contracts``."""
        if not contracts:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT contract_id, SUM(amount) FROM (%s) AS billed GROUP BY contract_id",
                self._billed_lines_sql(SQL("%s", tuple(contracts.ids))),
            )
        )
        return dict(self.env.cr.fetchall())

    def _billed_by_partner_month(self):
        """[(partner id, month, amount)] of the analysed contracts."""
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, month, SUM(amount) FROM (%s) AS billed GROUP BY partner_id, month",
                self._billed_lines_sql(self._contract_query().subselect()),
            )
        )
        return self.env.cr.fetchall()

    # === Figures of the other parts (one method each) === #

    #: The MRR report's figures the workbook shows, in the order of its columns.
    MRR_KEYS = ("mrr", "arr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr")

    def _mrr_rows(self, contracts):
        """[(contract id, first day of month, mrr, arr, new_mrr, expansion_mrr,
        contraction_mrr, churned_mrr)] of ``contracts`` in the months of the
        range, from the MRR report's query for these contracts only (cheaper
        than filtering the whole report)."""
        if not contracts:
            return []
        Report = self.env["service.contract.mrr.report"]
        for model, fnames in Report._depends.items():
            self.env[model].flush_model(fnames)
        Report._mrr_without_jit()
        return self.env.execute_query(
            SQL(
                "SELECT contract_id, date, %s FROM (%s) AS mrr"
                " WHERE company_id = %s AND date BETWEEN %s AND %s",
                SQL(", ").join(SQL.identifier(key) for key in self.MRR_KEYS),
                Report._mrr_query(contracts.ids, self.date_from, self.date_to),
                self.company_id.id,
                self.date_from.replace(day=1),
                self.date_to,
            )
        )

    def _mrr_by_contract(self, mrr_rows):
        """{contract id: MRR in the month of the end of the range} of ``_mrr_rows``."""
        last = self.date_to.replace(day=1)
        return {row[0]: float(row[2]) for row in mrr_rows if row[1] == last}

    def _mrr_by_month(self, mrr_rows, totals):
        """Add ``_mrr_rows`` to ``totals`` {first day of month: {mrr, arr,
        new_mrr, expansion_mrr, contraction_mrr, churned_mrr}}."""
        for _contract_id, month, *values in mrr_rows:
            month_totals = totals.setdefault(month, dict.fromkeys(self.MRR_KEYS, 0.0))
            for key, value in zip(self.MRR_KEYS, values, strict=True):
                month_totals[key] += float(value or 0.0)
        return totals

    def _profitability_rows(self, groupby, contracts=None):
        """[(*groupby records, revenue, cost, margin, planned_cost)] of the
        profitability report over the range, for ``contracts`` or all the
        analysed contracts."""
        Report = self.env["service.contract.profitability.report"]
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from.replace(day=1)),
            ("date", "<=", self.date_to),
        ]
        if contracts is not None:
            domain.append(("contract_id", "in", contracts.ids))
        else:
            domain.append(("contract_id", "in", self._contract_query()))
        return Report._read_group(
            domain, groupby, ["revenue:sum", "cost:sum", "margin:sum", "planned_cost:sum"]
        )

    def _deferred_balances(self):
        """The deferred balances at the end of the range (list of dicts
        invoice_line_id, move_id, contract_id, partner_id, kind, amount), from
        the deferral engine."""
        return self.env["account.move.line"]._service_contract_deferred_balances(self.date_to, self.company_id)

    # === The workbook === #

    def _workbook_bytes(self):
        """The workbook's file content."""
        output = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="sc_analysis_") as tmpdir:
            workbook = xlsxwriter.Workbook(
                output,
                {"constant_memory": True, "tmpdir": tmpdir, "remove_timezone": True},
            )
            formats = self._formats(workbook)
            deferred = self._deferrals_in_scope()
            mrr_by_month = {}
            self._write_contracts_sheet(workbook, formats, deferred, mrr_by_month)
            self._write_billing_sheet(workbook, formats)
            self._write_mrr_sheet(workbook, formats, mrr_by_month)
            self._write_profitability_sheet(workbook, formats)
            self._write_deferrals_sheet(workbook, formats, deferred)
            workbook.close()
        return output.getvalue()

    def _formats(self, workbook):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        symbol = (self.company_id.currency_id.symbol or "").replace('"', "")
        money = '#,##0.00 "{}"'.format(symbol) if symbol else "#,##0.00"
        return {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"}
            ),
            "header_month": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "num_format": "mmm yyyy", "align": "right"}
            ),
            "text": workbook.add_format({}),
            "date": workbook.add_format({"num_format": excel_date_format(lang.date_format)}),
            "month": workbook.add_format({"num_format": "mmm yyyy", "align": "left"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "money": workbook.add_format({"num_format": money}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "total": workbook.add_format({"bold": True, "top": 1}),
            "total_money": workbook.add_format({"bold": True, "top": 1, "num_format": money}),
            "title": workbook.add_format({"bold": True, "font_size": 12}),
        }

    def _add_sheet(self, workbook, name):
        return workbook.add_worksheet(excel_sheet_name(name, workbook.sheetnames))

    @staticmethod
    def _write_header(sheet, row, columns, fmt):
        """Write the header cells of ``columns`` [(title, width)] and size the columns."""
        for col, (title, width) in enumerate(columns):
            sheet.write_string(row, col, title, fmt)
            sheet.set_column(col, col, width)

    @staticmethod
    def _write_sum(sheet, row, col, first_row, last_row, value, fmt):
        """A total cell: a SUM formula over the column's data rows, with its value."""
        if last_row < first_row:
            sheet.write_number(row, col, 0.0, fmt)
            return
        cells = xlsxwriter.utility.xl_range(first_row, col, last_row, col)
        sheet.write_formula(row, col, f"=SUM({cells})", fmt, value)

    @staticmethod
    def _write_amount(sheet, row, col, value, fmt):
        if value is None:
            sheet.write_blank(row, col, None, fmt)
        else:
            sheet.write_number(row, col, value, fmt)

    def _state_labels(self):
        return dict(self.env["service.contract"]._fields["state"]._description_selection(self.env))

    # --- Contracts ---

    def _write_contracts_sheet(self, workbook, formats, deferred, mrr_by_month):
        """The Contracts sheet; adds the contracts' MRR by month to ``mrr_by_month``."""
        sheet = self._add_sheet(workbook, self.env._("Contracts"))
        columns = [
            (self.env._("Number"), 14),
            (self.env._("Partner"), 30),
            (self.env._("Template"), 24),
            (self.env._("State"), 12),
            (self.env._("Start"), 12),
            (self.env._("End"), 12),
            (self.env._("Notice By"), 12),
            (self.env._("Devices"), 9),
            (self.env._("MRR"), 14),
            (self.env._("Billed"), 14),
            (self.env._("Deferred Balance"), 14),
            (self.env._("Planned Cost"), 14),
            (self.env._("Actual Cost"), 14),
            (self.env._("Margin"), 14),
        ]
        self._write_header(sheet, 0, columns, formats["header"])
        sheet.freeze_panes(1, 0)
        deferred_by_contract = defaultdict(float)
        for balance in deferred:
            if balance["contract_id"]:
                deferred_by_contract[balance["contract_id"]] += balance["amount"]
        states = self._state_labels()
        money = formats["money"]
        totals = [0.0] * len(columns)
        row = 0
        fnames = ["name", "partner_id", "template_id", "state", "date_start", "date_end", "notice_period_days"]
        for contracts in self._contract_batches(fnames):
            devices = dict(
                self.env["service.contract.device"]
                .with_context(active_test=False)
                ._read_group([("contract_id", "in", contracts.ids)], ["contract_id"], ["__count"])
            )
            billed = self._billed_by_contract(contracts)
            mrr_rows = self._mrr_rows(contracts)
            mrr = self._mrr_by_contract(mrr_rows)
            self._mrr_by_month(mrr_rows, mrr_by_month)
            profitability = {
                contract.id: (cost, margin, planned_cost)
                for contract, _revenue, cost, margin, planned_cost in self._profitability_rows(
                    ["contract_id"], contracts
                )
            }
            for contract in contracts:
                row += 1
                cost, margin, planned_cost = profitability.get(contract.id, (None, None, None))
                notice_by = (
                    contract.date_end - relativedelta(days=contract.notice_period_days)
                    if contract.date_end
                    else None
                )
                sheet.write_string(row, 0, contract.name)
                sheet.write_string(row, 1, contract.partner_id.display_name or "")
                sheet.write_string(row, 2, contract.template_id.display_name or "")
                sheet.write_string(row, 3, states.get(contract.state, contract.state))
                for col, day in ((4, contract.date_start), (5, contract.date_end), (6, notice_by)):
                    if day:
                        sheet.write_datetime(row, col, day, formats["date"])
                sheet.write_number(row, 7, devices.get(contract, 0), formats["integer"])
                values = (
                    mrr.get(contract.id),
                    billed.get(contract.id, 0.0),
                    deferred_by_contract.get(contract.id, 0.0),
                    planned_cost,
                    cost,
                    margin,
                )
                for col, value in enumerate(values, start=8):
                    self._write_amount(sheet, row, col, value, money)
                    totals[col] += value or 0.0
        last = row
        if last:
            sheet.autofilter(0, 0, last, len(columns) - 1)
        else:
            sheet.autofilter(0, 0, 0, len(columns) - 1)
        row = last + 1
        sheet.write_string(row, 0, self.env._("Total"), formats["total"])
        for col in range(1, len(columns)):
            if col >= 8:
                self._write_sum(sheet, row, col, 1, last, totals[col], formats["total_money"])
            else:
                sheet.write_blank(row, col, None, formats["total"])

    # --- Billing by month ---

    def _write_billing_sheet(self, workbook, formats):
        sheet = self._add_sheet(workbook, self.env._("Billing by Month"))
        months = list(month_starts(self.date_from, self.date_to))
        by_partner = defaultdict(dict)
        for partner_id, month, amount in self._billed_by_partner_month():
            by_partner[partner_id][month] = amount
        partners = self.env["res.partner"].with_context(active_test=False).browse(by_partner)
        partners = partners.sorted(lambda p: ((p.display_name or "").lower(), p.id))
        sheet.write_string(0, 0, self.env._("Partner"), formats["header"])
        sheet.set_column(0, 0, 32)
        for col, month in enumerate(months, start=1):
            sheet.write_datetime(0, col, month, formats["header_month"])
        total_col = len(months) + 1
        sheet.write_string(0, total_col, self.env._("Total"), formats["header"])
        sheet.set_column(1, total_col, 13)
        sheet.freeze_panes(1, 1)
        totals = [0.0] * (total_col + 1)
        row = 0
        for partner in partners:
            row += 1
            amounts = by_partner[partner.id]
            sheet.write_string(row, 0, partner.display_name or "")
            for col, month in enumerate(months, start=1):
                amount = amounts.get(month, 0.0)
                sheet.write_number(row, col, amount, formats["money"])
                totals[col] += amount
            partner_total = sum(amounts.values())
            cells = xlsxwriter.utility.xl_range(row, 1, row, total_col - 1)
            sheet.write_formula(row, total_col, f"=SUM({cells})", formats["money"], partner_total)
            totals[total_col] += partner_total
        last = row
        sheet.autofilter(0, 0, last, total_col)
        row = last + 1
        sheet.write_string(row, 0, self.env._("Total"), formats["total"])
        for col in range(1, total_col + 1):
            self._write_sum(sheet, row, col, 1, last, totals[col], formats["total_money"])

    # --- MRR by month ---

    def _write_mrr_sheet(self, workbook, formats, mrr):
        sheet = self._add_sheet(workbook, self.env._("MRR by Month"))
        columns = [
            (self.env._("Month"), 12),
            (self.env._("MRR"), 14),
            (self.env._("ARR"), 14),
            (self.env._("New MRR"), 14),
            (self.env._("Expansion MRR"), 14),
            (self.env._("Contraction MRR"), 14),
            (self.env._("Churned MRR"), 14),
        ]
        self._write_header(sheet, 0, columns, formats["header"])
        sheet.freeze_panes(1, 0)
        keys = ["mrr", "arr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"]
        row = 0
        for month in month_starts(self.date_from, self.date_to):
            row += 1
            sheet.write_datetime(row, 0, month, formats["month"])
            values = mrr.get(month, {})
            for col, key in enumerate(keys, start=1):
                self._write_amount(sheet, row, col, values.get(key), formats["money"])
        sheet.autofilter(0, 0, row, len(columns) - 1)
        chart = workbook.add_chart({"type": "line"})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": [name, 0, 1],
                "categories": [name, 1, 0, max(row, 1), 0],
                "values": [name, 1, 1, max(row, 1), 1],
                "marker": {"type": "circle"},
            }
        )
        chart.set_title({"name": self.env._("MRR by Month")})
        chart.set_x_axis({"date_axis": True, "num_format": "mmm yyyy"})
        chart.set_y_axis({"num_format": "#,##0"})
        chart.set_legend({"none": True})
        sheet.insert_chart(1, len(columns) + 1, chart, {"x_scale": 1.5, "y_scale": 1.2})

    # --- Profitability ---

    def _write_profitability_sheet(self, workbook, formats):
        sheet = self._add_sheet(workbook, self.env._("Profitability"))
        columns = [
            (self.env._("Template"), 28),
            (self.env._("Service Kind"), 24),
            (self.env._("Revenue"), 14),
            (self.env._("Cost"), 14),
            (self.env._("Margin"), 14),
            (self.env._("Margin %"), 10),
        ]
        self._write_header(sheet, 0, columns, formats["header"])
        sheet.freeze_panes(1, 0)
        groups = self._profitability_rows(["template_id", "service_kind_id"])
        groups = sorted(
            groups,
            key=lambda g: ((g[0].display_name or "").lower(), (g[1].display_name or "").lower()),
        )
        by_template = defaultdict(float)
        totals = [0.0] * 6
        row = 0
        for template, kind, revenue, cost, margin, _planned_cost in groups:
            row += 1
            sheet.write_string(row, 0, template.display_name or self.env._("Without Template"))
            sheet.write_string(row, 1, kind.display_name or "")
            for col, value in ((2, revenue), (3, cost), (4, margin)):
                sheet.write_number(row, col, value or 0.0, formats["money"])
                totals[col] += value or 0.0
            self._write_amount(sheet, row, 5, margin / revenue if revenue else None, formats["percent"])
            by_template[template.display_name or self.env._("Without Template")] += margin or 0.0
        last = row
        sheet.autofilter(0, 0, last, len(columns) - 1)
        row = last + 1
        sheet.write_string(row, 0, self.env._("Total"), formats["total"])
        sheet.write_blank(row, 1, None, formats["total"])
        for col in (2, 3, 4):
            self._write_sum(sheet, row, col, 1, last, totals[col], formats["total_money"])
        self._write_amount(
            sheet, row, 5, totals[4] / totals[2] if totals[2] else None, formats["percent"]
        )
        # Margin by template: the data of the bar chart.
        row += 2
        sheet.write_string(row, 0, self.env._("Margin by Template"), formats["title"])
        row += 1
        first_row = row + 1
        sheet.write_string(row, 0, self.env._("Template"), formats["header"])
        sheet.write_string(row, 1, self.env._("Margin"), formats["header"])
        for template_name, margin in by_template.items():
            row += 1
            sheet.write_string(row, 0, template_name)
            sheet.write_number(row, 1, margin, formats["money"])
        chart = workbook.add_chart({"type": "bar"})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": [name, first_row - 1, 1],
                "categories": [name, first_row, 0, max(row, first_row), 0],
                "values": [name, first_row, 1, max(row, first_row), 1],
            }
        )
        chart.set_title({"name": self.env._("Margin by Template")})
        chart.set_x_axis({"num_format": "#,##0"})
        chart.set_legend({"none": True})
        sheet.insert_chart(1, len(columns) + 1, chart, {"x_scale": 1.5, "y_scale": 1.2})

    # --- Deferrals ---

    def _deferrals_in_scope(self):
        """The deferred balances at the end of the range of the analysed
        contracts (balances without a contract only when no filter names
        contracts), revenue for customer contracts, expense for supplier ones."""
        balances = self._deferred_balances()
        if not balances:
            return []
        kinds = {"customer": {"revenue"}, "supplier": {"expense"}, "all": {"revenue", "expense"}}[self.direction]
        contract_ids = {b["contract_id"] for b in balances if b["contract_id"]}
        in_scope = set(
            self._contracts()._search(self._contract_domain() + [("id", "in", list(contract_ids))])
        ) if contract_ids else set()
        partners = set()
        if self.partner_ids:
            partners = set(
                self.env["res.partner"].with_context(active_test=False)._search(
                    [("id", "child_of", self.partner_ids.ids)]
                )
            )
        without_contract = not (self.template_ids or self.user_ids)
        return [
            b
            for b in balances
            if b["kind"] in kinds
            and (
                b["contract_id"] in in_scope
                if b["contract_id"]
                else without_contract and (not partners or b["partner_id"] in partners)
            )
        ]

    def _write_deferrals_sheet(self, workbook, formats, deferred):
        sheet = self._add_sheet(workbook, self.env._("Deferrals"))
        columns = [
            (self.env._("Contract"), 14),
            (self.env._("Partner"), 30),
            (self.env._("Invoice"), 18),
            (self.env._("Kind"), 18),
            (self.env._("Deferred Balance"), 16),
        ]
        self._write_header(sheet, 0, columns, formats["header"])
        sheet.freeze_panes(1, 0)
        amounts = defaultdict(float)
        for balance in deferred:
            key = (balance["contract_id"] or 0, balance["move_id"], balance["partner_id"] or 0, balance["kind"])
            amounts[key] += balance["amount"]
        contracts = self._contracts().browse({key[0] for key in amounts if key[0]})
        moves = self.env["account.move"].browse({key[1] for key in amounts})
        partners = self.env["res.partner"].with_context(active_test=False).browse({key[2] for key in amounts if key[2]})
        contract_names = {c.id: c.name for c in contracts}
        move_names = {m.id: m.name or "" for m in moves}
        partner_names = {p.id: p.display_name or "" for p in partners}
        kind_names = {"revenue": self.env._("Deferred Revenue"), "expense": self.env._("Prepaid Expense")}
        keys = sorted(
            amounts,
            key=lambda k: (contract_names.get(k[0], ""), move_names.get(k[1], ""), k[3]),
        )
        total = 0.0
        row = 0
        for key in keys:
            contract_id, move_id, partner_id, kind = key
            row += 1
            sheet.write_string(row, 0, contract_names.get(contract_id, ""))
            sheet.write_string(row, 1, partner_names.get(partner_id, ""))
            sheet.write_string(row, 2, move_names.get(move_id, ""))
            sheet.write_string(row, 3, kind_names.get(kind, kind))
            sheet.write_number(row, 4, amounts[key], formats["money"])
            total += amounts[key]
        last = row
        sheet.autofilter(0, 0, last, len(columns) - 1)
        row = last + 1
        sheet.write_string(row, 0, self.env._("Total"), formats["total"])
        for col in (1, 2, 3):
            sheet.write_blank(row, col, None, formats["total"])
        self._write_sum(sheet, row, 4, 1, last, total, formats["total_money"])

