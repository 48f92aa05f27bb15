# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time

from markupsafe import Markup
from psycopg2 import InterfaceError, OperationalError
from psycopg2.errors import SerializationFailure

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, pdf
from odoo.tools.misc import format_date


_logger = logging.getLogger(__name__)

#: Faults of the transaction or the connection (a serialization failure, a
#: statement timeout, a lost connection), not of a contract: the batch is
#: left to a new transaction instead of recording its contracts as failed.
TRANSACTION_ERRORS = (OperationalError, InterfaceError)

#: Invoice partners per batch: each batch bills all due dates of these
#: partners (that no other worker holds) and creates their invoices at once.
BATCH_PARTNERS = 100
#: Billing dates per batch, as a rule: partners are added to a batch while
#: their dates fit, and a partner with more dates than this is billed over
#: several batches, contract by contract (see
#: ``service.contract.billing.date._claim``). 1,000 dates are at most 1,000
#: invoices (templates that invoice each contract): 15 seconds of one worker
#: on a busy 2-core machine, far inside Odoo's default ``limit_time_real`` of
#: 120 seconds.
BATCH_DATES = 1000
#: First key of the advisory locks a worker holds on the partners it bills.
ADVISORY_LOCK_CLASS = 7_240_318


class ServiceContractBillingRun(models.Model):
    """A billing run (Rechnungslauf): bills every billing date due on or
    before the cut-off, exactly once, in bounded batches."""

    _name = "service.contract.billing.run"
    _inherit = ["mail.thread"]
    _description = "Service Contract Billing Run"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_cutoff = fields.Date(
        string="Cut-off Date", required=True, default=fields.Date.context_today
    )
    partner_id = fields.Many2one(
        "res.partner", string="Only Partner", help="Bill only this partner's contracts."
    )
    contract_id = fields.Many2one(
        "service.contract",
        string="Only Contract",
        check_company=True,
        help="Bill only this contract (used when a contract is billed on creation).",
    )
    template_id = fields.Many2one(
        "service.contract.template",
        string="Only Template",
        check_company=True,
        help="Bill only the contracts of this template.",
    )
    origin = fields.Selection(
        [("manual", "On Demand"), ("cron", "Scheduled"), ("creation", "On Creation")],
        required=True,
        default="manual",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("queued", "Queued"), ("running", "Running"), ("done", "Done")],
        required=True,
        default="draft",
        tracking=True,
    )
    date_started = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True)
    billing_date_count = fields.Integer(string="Billing Dates Billed", compute="_compute_billed")
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_billed",
        help="Untaxed total of the run's customer invoices, in the company's currency.",
    )
    amount_refunded = fields.Monetary(
        string="Credit Notes",
        compute="_compute_billed",
        help="Untaxed total of the run's customer credit notes (corrections that lower "
        "what was billed), in the company's currency.",
    )
    amount_vendor_billed = fields.Monetary(
        string="Vendor Bills",
        compute="_compute_billed",
        help="Untaxed total of the run's vendor bills less its vendor credit notes, in "
        "the company's currency.",
    )
    move_ids = fields.One2many("account.move", "service_contract_billing_run_id", string="Invoices")
    move_count = fields.Integer(compute="_compute_move_count")
    invoice_count = fields.Integer(
        string="Customer Invoices",
        compute="_compute_move_count",
        help="Customer invoices and credit notes of the run.",
    )
    vendor_bill_count = fields.Integer(
        compute="_compute_move_count", help="Vendor bills and vendor credit notes of the run."
    )
    error_ids = fields.One2many("service.contract.billing.run.error", "run_id", string="Errors")
    print_invoice = fields.Boolean(
        string="Print Invoices",
        compute="_compute_print_invoice",
        store=True,
        readonly=False,
        precompute=True,
        help="Offer to print all invoices of the run in one PDF once it is done. "
        "Defaults from the template ('print invoice'); without a template, on "
        "when any template of the company prints its invoices.",
    )

    @api.depends("date_cutoff", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Billing run %(date)s", date=fields.Date.to_string(run.date_cutoff)
            )

    @api.depends("date_cutoff")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The stored name keeps the ISO cut-off (one name whoever reads
        it); what users see has the cut-off in their own date format."""
        for run in self:
            run.display_name = self.env._(
                "Billing run %(date)s", date=format_date(self.env, run.date_cutoff)
            )

    @api.depends("template_id", "company_id")
    def _compute_print_invoice(self):
        for run in self:
            if run.template_id:
                run.print_invoice = run.template_id.print_invoice
            else:
                run.print_invoice = bool(
                    self.env["service.contract.template"].search_count(
                        [
                            *self.env["service.contract.template"]._check_company_domain(run.company_id),
                            ("print_invoice", "=", True),
                        ],
                        limit=1,
                    )
                )

    @api.depends("move_ids")
    def _compute_billed(self):
        """Count of the billing dates on this run's invoices, and the untaxed
        totals of its customer invoices, customer credit notes and vendor
        bills (less vendor credit notes), in the company's currency as Odoo's
        invoice lists show them ("Tax Excluded"), each positive. Read from
        the database: workers that share a run never write to the run
        itself, so they never wait for each other on its row."""
        self.env["account.move"].flush_model(
            ["service_contract_billing_run_id", "move_type", "amount_untaxed_signed"]
        )
        self.env["account.move.line"].flush_model(["move_id", "service_contract_billing_date_id"])
        counts, amounts = {}, {}
        if ids := tuple(self._origin.ids):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT am.service_contract_billing_run_id, count(*)
                      FROM account_move am
                      JOIN account_move_line aml ON aml.move_id = am.id
                     WHERE am.service_contract_billing_run_id IN %s
                       AND aml.service_contract_billing_date_id IS NOT NULL
                     GROUP BY am.service_contract_billing_run_id
                    """,
                    ids,
                )
            )
            counts = dict(self.env.cr.fetchall())
            self.env.cr.execute(
                SQL(
                    """
                    SELECT service_contract_billing_run_id, move_type, sum(amount_untaxed_signed)
                      FROM account_move
                     WHERE service_contract_billing_run_id IN %s
                     GROUP BY service_contract_billing_run_id, move_type
                    """,
                    ids,
                )
            )
            for run_id, move_type, amount in self.env.cr.fetchall():
                amounts[run_id, move_type] = amount or 0.0
        for run in self:
            run_id = run._origin.id
            run.billing_date_count = counts.get(run_id, 0)
            run.amount_invoiced = amounts.get((run_id, "out_invoice"), 0.0)
            run.amount_refunded = -amounts.get((run_id, "out_refund"), 0.0)
            run.amount_vendor_billed = -(
                amounts.get((run_id, "in_invoice"), 0.0) + amounts.get((run_id, "in_refund"), 0.0)
            )

    def _compute_move_count(self):
        for run in self:
            customer = run.move_ids.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
            run.move_count = len(run.move_ids)
            run.invoice_count = len(customer)
            run.vendor_bill_count = run.move_count - run.invoice_count

    # === Actions === #
    def action_run(self):
        """Bill everything due now. A run whose due dates fit in one batch is
        billed in this request; a larger one is queued for the scheduled
        action, which bills it batch by batch in the background (one HTTP
        request could not bill thousands of contracts within Odoo's time
        limits). A run is done only when nothing due is left: dates that
        another worker held meanwhile leave it running, and the scheduled
        action bills them. A done run is not run again."""
        done = self.filtered(lambda r: r.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "The billing run %(run)s is done: it billed everything that was due on its "
                    "cut-off date. Create a new billing run to bill what is due now.",
                    run=done[0].display_name,
                )
            )
        queued = self.filtered(lambda r: not r._fits_one_batch())
        cron = self._billing_cron() if queued else None
        handed_over = self.browse()
        for run in self - queued:
            run._start()
            while run._run_batch():
                pass
            if run._has_due_dates():
                handed_over |= run
            else:
                run._finish()
        if queued:
            queued.filtered(lambda r: r.state == "draft").write({"state": "queued"})
            cron._trigger()
        if handed_over:
            self._trigger_cron("service_contract_billing.ir_cron_billing_run")
        return True

    def _billing_cron(self):
        """The scheduled action that bills queued runs; an error when it
        cannot run, since a queued run would then wait forever."""
        cron = self.env.ref("service_contract_billing.ir_cron_billing_run", raise_if_not_found=False)
        if not cron or not cron.sudo().active:
            raise UserError(
                self.env._(
                    "This run bills more than %(count)s customers or %(dates)s billing dates, "
                    "which the scheduled action 'Service Contracts: billing run' does in the "
                    "background, but it is not active. Activate it, or bill fewer customers at "
                    "once (filter by partner or template).",
                    count=BATCH_PARTNERS,
                    dates=BATCH_DATES,
                )
            )
        return cron.sudo()

    def action_print_invoices(self):
        """Print all invoices of the run in one PDF, each with its own
        invoice document (the template's, the partner's or Odoo's), invoices
        of the same document together. The PDF is kept on the run."""
        self.ensure_one()
        if not self.move_ids:
            raise UserError(self.env._("The billing run %(run)s has no invoices to print.", run=self.display_name))
        Send = self.env["account.move.send"]
        by_report = self.move_ids.sorted("id").grouped(Send._get_default_pdf_report_id)
        Report = self.env["ir.actions.report"]
        pdfs = [Report._render_qweb_pdf(report, moves.ids)[0] for report, moves in by_report.items()]
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Invoices %(run)s.pdf", run=self.display_name),
                "raw": pdfs[0] if len(pdfs) == 1 else pdf.merge_pdf(pdfs),
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_view_invoices(self):
        """The run's customer invoices and credit notes in Odoo's invoice list."""
        self.ensure_one()
        return self.move_ids._service_contract_action("customer")

    def action_view_vendor_bills(self):
        """The run's vendor bills and vendor credit notes in Odoo's bill list."""
        self.ensure_one()
        return self.move_ids._service_contract_action("supplier")

    # === Business === #
    def _start(self):
        if self.state in ("draft", "queued") and self._lock_in_states(("draft", "queued")):
            self.write({"state": "running", "date_started": fields.Datetime.now()})

    def _finish(self):
        self.ensure_one()
        if not self._lock_in_states(("draft", "queued", "running")):
            return  # another worker sharing this run finished it
        now = fields.Datetime.now()
        self.write(
            {
                "state": "done",
                "date_done": now,
                "duration": (now - (self.date_started or now)).total_seconds(),
            }
        )
        self.message_post(
            body=self.env._(
                "Billed %(dates)s billing dates in %(moves)s invoices, credit notes and vendor "
                "bills (invoiced %(invoiced)s, credit notes %(refunded)s, vendor bills "
                "%(vendor)s); %(errors)s contracts failed.",
                dates=self.billing_date_count,
                invoiced=self.currency_id.format(self.amount_invoiced),
                refunded=self.currency_id.format(self.amount_refunded),
                vendor=self.currency_id.format(self.amount_vendor_billed),
                moves=len(self.move_ids),
                errors=len(self.error_ids),
            )
        )

    def _lock_in_states(self, states):
        """Lock this run's row if it is in one of ``states``; return whether
        it is. Of the workers that share a run only one starts it and one
        finishes it: the others find it locked, changed, or changed since
        their transaction began (then PostgreSQL refuses the lock), and leave
        it alone."""
        self.ensure_one()
        self.flush_recordset(["state"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE id = %s AND state IN %s FOR NO KEY UPDATE SKIP LOCKED",
                        SQL.identifier(self._table),
                        self.id,
                        tuple(states),
                    ),
                    log_exceptions=False,  # a serialization failure is expected here
                )
                return bool(self.env.cr.fetchone())
        except SerializationFailure:
            return False

    def _due_dates_where(self):
        """SQL condition selecting this run's due billing dates (alias bd,
        contracts c)."""
        conditions = [
            SQL("bd.state = 'to_bill'"),
            SQL("bd.date <= %s", self.date_cutoff),
            SQL("bd.company_id = %s", self.company_id.id),
            # Expired contracts still owe their last periods and corrections.
            SQL("c.state != 'draft'"),
        ]
        if self.partner_id:
            conditions.append(SQL("c.commercial_partner_id = %s", self.partner_id.commercial_partner_id.id))
        if self.template_id:
            conditions.append(SQL("c.template_id = %s", self.template_id.id))
        if self.contract_id:
            conditions.append(SQL("c.id = %s", self.contract_id.id))
        if self.error_ids:
            conditions.append(SQL("bd.contract_id NOT IN %s", tuple(self.error_ids.contract_id.ids)))
        return SQL(" AND ").join(conditions)

    def _claim_batch(self):
        """Lock and return the due billing dates of the next invoice partners
        (``service.contract.billing.date._claim``), or None when the batch
        must be retried in a new transaction."""
        where = self._due_dates_where()
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                return self.env["service.contract.billing.date"]._claim(
                    where, ADVISORY_LOCK_CLASS, BATCH_PARTNERS, BATCH_DATES
                )
        except SerializationFailure:
            # Another worker billed some of these dates after this
            # transaction's snapshot was taken: only a new transaction sees
            # them as billed. Batch mode retries in the next call; a single
            # request lets Odoo retry the whole request.
            if not self.env.context.get("service_contract_billing_batch_commit"):
                raise
            _logger.info("billing run %s: concurrent update, batch retried", self.id)
            return None

    def _fits_one_batch(self):
        """Whether this run's due dates fit in one batch: at most
        ``BATCH_PARTNERS`` invoice partners and ``BATCH_DATES`` dates."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT (SELECT count(*) FROM (
                            SELECT DISTINCT COALESCE(c.partner_invoice_id, c.partner_id)
                              FROM service_contract_billing_date bd
                              JOIN service_contract c ON c.id = bd.contract_id
                             WHERE %(where)s
                             LIMIT %(partners)s
                        ) partners),
                       (SELECT count(*) FROM (
                            SELECT 1
                              FROM service_contract_billing_date bd
                              JOIN service_contract c ON c.id = bd.contract_id
                             WHERE %(where)s
                             LIMIT %(dates)s
                        ) dates)
                """,
                where=self._due_dates_where(),
                partners=BATCH_PARTNERS + 1,
                dates=BATCH_DATES + 1,
            )
        )
        partners, dates = self.env.cr.fetchone()
        return partners <= BATCH_PARTNERS and dates <= BATCH_DATES

    def _has_due_dates(self):
        """Whether due dates remain, including ones other workers hold."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT 1 FROM service_contract_billing_date bd
                  JOIN service_contract c ON c.id = bd.contract_id
                 WHERE %s LIMIT 1
                """,
                self._due_dates_where(),
            )
        )
        return bool(self.env.cr.fetchone())

    def _run_batch(self):
        """Bill one batch; return how many billing dates it billed (0: none
        left for this worker), or None when the batch must be retried in a
        new transaction (batch mode only, see ``_claim_batch``)."""
        self.ensure_one()
        started = time.monotonic()
        billing_dates = self._claim_batch()
        if billing_dates is None:
            return None
        if not billing_dates:
            return 0
        vals_list, grouped_dates = self._prepare_batch(billing_dates)
        moves = self._create_moves(vals_list, grouped_dates) if vals_list else []
        billed = sum(len(dates) for dates, move in zip(grouped_dates, moves, strict=True) if move)
        _logger.info(
            "billing run %s: %s billing dates, %s invoices in %.2fs",
            self.id,
            billed,
            len([m for m in moves if m]),
            time.monotonic() - started,
        )
        return len(billing_dates)

    def _prepare_batch(self, billing_dates):
        """Group ``billing_dates`` by invoice and prepare the values of each
        invoice: ``(vals_list, grouped_dates)``. If that fails, contract by
        contract, so that a contract whose dates cannot be prepared is left
        out with its error (and out of the run's later batches, see
        ``_due_dates_where``) and the rest is billed."""
        try:
            with self.env.cr.savepoint(flush=False):
                return self._prepare_moves(billing_dates)
        except TRANSACTION_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - prepared again contract by contract below
            _logger.info("billing run %s: preparing the batch failed, retrying contract by contract", self.id)
        errors = {}
        for contract, dates in billing_dates.grouped("contract_id").items():
            try:
                with self.env.cr.savepoint(flush=False):
                    self._prepare_moves(dates)
            except TRANSACTION_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001 - logged on the run
                errors[contract] = error
        billing_dates = billing_dates.filtered(lambda d: d.contract_id not in errors)
        try:
            with self.env.cr.savepoint(flush=False):
                result = self._prepare_moves(billing_dates)
        except TRANSACTION_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001 - fails only together: none is billed
            errors.update(dict.fromkeys(billing_dates.contract_id, error))
            result = [], []
        self._record_errors(errors)
        return result

    def _prepare_moves(self, billing_dates):
        groups = {}
        for billing_date in billing_dates:
            groups.setdefault(billing_date._invoice_key(), []).append(billing_date)
        for dates in groups.values():
            dates.sort(key=lambda billing_date: billing_date._invoice_order())
        vals_list = [self._prepare_move_vals(key, dates) for key, dates in groups.items()]
        return vals_list, list(groups.values())

    def _record_errors(self, errors):
        """Record on the run the contracts of ``errors`` (contract: exception)
        it skipped."""
        self.env["service.contract.billing.run.error"].sudo().create(
            [{"run_id": self.id, "contract_id": c.id, "message": str(error)} for c, error in errors.items()]
        )

    def _create_moves(self, vals_list, grouped_dates):
        """Create the invoices in one call; if that fails, one by one so that
        a failing contract is skipped with its error and the rest is billed.
        Returns one move (or None) per entry of ``vals_list``."""
        Move = self.env["account.move"].sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        try:
            with self.env.cr.savepoint():
                moves = Move._create_with_all_lines(vals_list)
                self._after_moves_created(moves, grouped_dates)
            return list(moves)
        except TRANSACTION_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - retried one by one below to isolate the failure
            _logger.info("billing run %s: batch failed, retrying invoice by invoice", self.id)
        result = []
        for vals, dates in zip(vals_list, grouped_dates, strict=True):
            try:
                with self.env.cr.savepoint():
                    move = Move._create_with_all_lines([vals])
                    self._after_moves_created(move, [dates])
                result.append(move)
            except TRANSACTION_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001 - logged on the run
                contracts = self.env["service.contract"].union(*(d.contract_id for d in dates))
                self._record_errors(dict.fromkeys(contracts, error))
                result.append(None)
        return result

    def _after_moves_created(self, moves, grouped_dates):
        """Mark the billing dates of the new invoices billed, say in each
        invoice's chatter where it comes from, and post them when the run
        posts its invoices (``_auto_post``). ``grouped_dates`` holds the
        billing dates of each of ``moves``, in their order."""
        self.env["service.contract.billing.date"]._mark_billed(moves)
        self._log_origin(moves, grouped_dates)
        if self._auto_post():
            moves.action_post()

    def _log_origin(self, moves, grouped_dates):
        """One note per new invoice: "Created by billing run ... from
        contracts ...", with links; all logged at once, without notifying
        anyone (``mail.thread._message_log_batch``)."""
        run_link = self._get_html_link(title=self.display_name)
        bodies = {}
        for move, dates in zip(moves, grouped_dates, strict=True):
            contracts = dict.fromkeys(date.contract_id for date in dates)
            bodies[move.id] = self.env._(
                "Created by billing run %(run)s from contracts %(contracts)s",
                run=run_link,
                contracts=Markup(", ").join(c._get_html_link(title=c.name) for c in contracts),
            )
        moves._message_log_batch(bodies=bodies)

    def _auto_post(self):
        """Whether this run posts its invoices: when the company posts
        contract invoices automatically, unless the run was started for a
        user who may not post invoices (context key
        ``service_contract_billing_draft``)."""
        return self.company_id.service_contract_auto_post and not self.env.context.get(
            "service_contract_billing_draft"
        )

    def _prepare_move_vals(self, key, billing_dates):
        """Values of one invoice or vendor bill; extension hook."""
        contracts = self.env["service.contract"].union(*(d.contract_id for d in billing_dates))
        # Texts (line labels, payment reference) in the invoice partner's
        # language, as Odoo prints the invoice.
        lang = self.env["res.partner"].browse(key.partner_id).lang or self.env.lang
        env = self.with_context(lang=lang).env
        purposes = list(dict.fromkeys(filter(None, contracts._payment_purposes_in(lang))))
        move_types = {
            ("customer", False): "out_invoice",
            ("customer", True): "out_refund",
            ("supplier", False): "in_invoice",
            ("supplier", True): "in_refund",
        }
        vals = {
            "move_type": move_types[key.direction, key.refund],
            "partner_id": key.partner_id,
            "company_id": self.company_id.id,
            "currency_id": key.currency_id,
            "invoice_payment_term_id": key.payment_term_id,
            "fiscal_position_id": key.fiscal_position_id,
            "invoice_date": self.date_cutoff if self._auto_post() else False,
            "invoice_origin": ", ".join(contracts.mapped("name")),
            "service_contract_billing_run_id": self.id,
            "service_contract_invoice_report_id": key.invoice_report_id,
            "invoice_line_ids": [
                Command.create(billing_date.with_env(env)._prepare_invoice_line_vals())
                for billing_date in billing_dates
            ],
        }
        if purposes:
            vals["payment_reference"] = "; ".join(purposes)
        payment_method_line = self._payment_method_line(key.payment_method_id, key.direction)
        if payment_method_line:
            vals["preferred_payment_method_line_id"] = payment_method_line.id
        return vals

    def _payment_method_line(self, payment_method_id, direction):
        """The company's payment method line (a journal's use of the payment
        method) that becomes the invoice's preferred payment method; empty
        when no journal of the company offers the method in the invoice's
        direction (the invoice then keeps the partner's preference)."""
        MethodLine = self.env["account.payment.method.line"]
        method = self.env["account.payment.method"].browse(payment_method_id)
        payment_type = "inbound" if direction == "customer" else "outbound"
        if not method or method.payment_type != payment_type:
            return MethodLine
        return MethodLine.search(
            [
                ("payment_method_id", "=", method.id),
                ("journal_id", "any", self.env["account.journal"]._check_company_domain(self.company_id)),
            ],
            order="sequence, id",
            limit=1,
        )

    # === Scheduled action === #
    @api.model
    def _cron_billing_run(self):
        """Month-end billing. On each company's billing day the scheduled
        action creates that day's run (origin *Scheduled*). A billing day it
        missed (the server down, the action inactive or failing that day)
        gets its run from the next call, so that no month is skipped: every
        billing day after the company's last one handled
        (``res.company.service_contract_last_billing_day``) up to today gets
        a run of its own, with its own cut-off, and only once.

        One run per missed billing day, rather than one run at the latest
        cut-off: both bill every due date, but one run per month keeps each
        month's invoices apart (one per customer and month, dated on their
        cut-off when posted automatically) as if the action had run on time,
        where a single run would merge several months on one invoice.

        Then one batch of the oldest unfinished run of each company
        (month-end runs, runs queued by *Run Billing*, runs a request left
        with dates another worker held): a company's runs are billed one
        after the other, so a missed month is billed before the next. Reports
        its progress and never 'nothing done' while work remains (see
        ``ir.cron._service_contract_notify_progress``)."""
        today = fields.Date.context_today(self)
        Company = self.env["res.company"]
        for company in Company.search(Company._get_service_contract_billing_due_domain(today)):
            self._create_month_end_runs(company, today)
        pending = self._pending_runs()
        runs = self.browse([company_runs[0].id for company_runs in pending.grouped("company_id").values()])
        started = runs.filtered(lambda r: r.state != "running")
        done, remaining = runs._bill_one_batch_each()
        remaining += len(pending - runs)
        if started and remaining:
            self._trigger_cron("service_contract_billing.ir_cron_billing_run_helper")
        self.env["ir.cron"]._service_contract_notify_progress(done=done, remaining=remaining)

    @api.model
    def _create_month_end_runs(self, company, today):
        """Queue the month-end runs of ``company`` due by ``today``: its
        billing days after the last one handled, and today when it is one
        (each only once), oldest first."""
        last = company.service_contract_last_billing_day
        days = company._service_contract_billing_days(last, today) if last else []
        if company._is_service_contract_billing_day(today) and today not in days:
            days.append(today)
        for day in days:
            domain = [("company_id", "=", company.id), ("date_cutoff", "=", day), ("origin", "=", "cron")]
            if not self.search_count(domain, limit=1):
                self.create({"company_id": company.id, "date_cutoff": day, "origin": "cron", "state": "queued"})
        if days:
            company.sudo().service_contract_last_billing_day = days[-1]

    @api.model
    def _cron_billing_run_helper(self):
        """Second worker: help bill the runs under way, one batch per run and
        call. Odoo's cron runner never runs one scheduled action in two
        workers at once, so sharing a run between two cron workers takes
        this second scheduled action; it never starts a run itself."""
        runs = self._pending_runs().filtered(lambda r: r.state == "running")
        done, remaining = runs._bill_one_batch_each()
        self.env["ir.cron"]._service_contract_notify_progress(done=done, remaining=remaining)

    @api.model
    def _pending_runs(self):
        """Unfinished runs (queued, or started and not done), oldest first."""
        return self.search([("state", "in", ("queued", "running"))], order="id")

    def _bill_one_batch_each(self):
        """Start these runs if needed and bill one batch of each; return the
        billing dates billed and how many runs have work left. A run is
        finished only by a call that finds nothing due left for it, neither
        here nor held by another worker."""
        done = remaining = 0
        for run in self:
            run = run.with_company(run.company_id).with_context(service_contract_billing_batch_commit=True)
            run._start()
            billed = run._run_batch()
            done += billed or 0
            if billed is None or billed or run._has_due_dates():
                # More to do, here or in another worker that holds the rest.
                remaining += 1
            else:
                run._finish()
        return done, remaining

    def _trigger_cron(self, xmlid):
        """Wake the scheduled action ``xmlid`` if it is active."""
        cron = self.env.ref(xmlid, raise_if_not_found=False)
        if cron and cron.sudo().active:
            cron.sudo()._trigger()
