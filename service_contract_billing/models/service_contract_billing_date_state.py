# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every change of a billing date's state, in one place.

::

    to_bill --_claim + _mark_billed--> billed          (the billing run)
    billed  --_release-->              to_bill         (its invoice line deleted or cancelled)
    to_bill --_take_back-->            billed          (the cancelled invoice reset to draft)
    billed  --_credit-->               credited        (a credit note that bills the period again)
    credited --_uncredit-->            billed          (that credit note deleted or cancelled)
    to_bill --_sync_contracts-->       cancelled       (its period left the schedule while a
                                                        cancelled invoice line points at it)

A billed date points at the one live invoice line that billed it
(``invoice_line_id``), and that line points back at it. Only the line that
billed a date re-opens it; the link from an invoice line to its date is never
cleared (see ``account.move.line``). Nothing else writes a billing date:
users only read them (see ``security/ir.model.access.csv``).
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ServiceContractBillingDateState(models.AbstractModel):
    """The changes of state of ``service.contract.billing.date`` (which
    inherits it): its methods run on billing dates."""

    _name = "service.contract.billing.date.state"
    _description = "Service Contract Billing Date State Changes"

    # --- the billing run ----------------------------------------------------------

    @api.model
    def _claim(self, where, lock_class, partner_limit, date_limit):
        """Lock and return the next batch of due billing dates selected by
        ``where`` (SQL over alias bd, contracts c): the dates of at most
        ``partner_limit`` invoice partners and, as a rule, at most
        ``date_limit`` dates.

        Partners are walked in id order and taken whole while their dates
        fit under ``date_limit``; the first partner that does not fit ends
        the batch, so the dates of one invoice never straddle two batches.
        Only a partner that alone has more than ``date_limit`` dates is split:
        the batch takes its first contracts (id order) while they fit, at
        least one, whole contracts only; its other contracts go to the next
        batches (their dates then land on another invoice because they must).

        Each partner taken is held with a transaction-level advisory lock
        (``lock_class``, partner) that other workers skip, so that several
        workers share a run, each billing whole partners; partners held by
        others are skipped without counting (among the first ``10 *
        partner_limit`` partners with due dates: a worker finds nothing only
        when other workers hold all of those). The dates themselves are locked
        too (``FOR UPDATE SKIP LOCKED``), so no date is ever billed twice. May
        raise ``SerializationFailure`` when another worker billed some of
        them after this transaction began."""
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE due AS (
                    SELECT bd.id, c.id AS contract, COALESCE(c.partner_invoice_id, c.partner_id) AS partner
                      FROM service_contract_billing_date bd
                      JOIN service_contract c ON c.id = bd.contract_id
                     WHERE %(where)s
                ), candidates AS MATERIALIZED (
                    -- the first partners and their number of due dates, as arrays walked by position
                    SELECT array_agg(partner ORDER BY partner) AS partners,
                           array_agg(dates ORDER BY partner) AS dates
                      FROM (
                            SELECT partner, count(*) AS dates
                              FROM due
                             GROUP BY partner
                             ORDER BY partner
                             LIMIT %(candidate_limit)s
                           ) per_partner
                ), walk (i, partner, taken, dates, partners, ended) AS (
                    -- one row per partner considered; stops at the first that does not fit
                    SELECT 0, NULL::integer, false, 0::bigint, 0, false
                     UNION ALL
                    SELECT w.i + 1, step.partner, step.taken,
                           w.dates + CASE WHEN step.taken THEN step.dates ELSE 0 END,
                           w.partners + CASE WHEN step.taken THEN 1 ELSE 0 END,
                           NOT step.fits
                      FROM walk w
                     CROSS JOIN candidates c
                     CROSS JOIN LATERAL (
                        SELECT c.partners[w.i + 1] AS partner, c.dates[w.i + 1] AS dates,
                               w.dates = 0 OR w.dates + c.dates[w.i + 1] <= %(date_limit)s AS fits,
                               -- the lock is tried only for a partner the batch takes if it gets it
                               CASE WHEN NOT w.ended AND w.partners < %(partner_limit)s
                                         AND (w.dates = 0 OR w.dates + c.dates[w.i + 1] <= %(date_limit)s)
                                    THEN pg_try_advisory_xact_lock(%(lock_class)s, c.partners[w.i + 1])
                                    ELSE false
                               END AS taken
                     ) step
                     WHERE NOT w.ended AND w.partners < %(partner_limit)s AND w.i < cardinality(c.partners)
                ), contracts AS (
                    -- the taken partners' contracts, each with the dates of the contracts before it
                    SELECT contract, count(*) AS dates,
                           sum(count(*)) OVER (ORDER BY contract) - count(*) AS before
                      FROM due
                     WHERE partner IN (SELECT partner FROM walk WHERE taken)
                     GROUP BY contract
                )
                SELECT bd.id
                  FROM service_contract_billing_date bd
                  JOIN service_contract c ON c.id = bd.contract_id
                 WHERE %(where)s
                   AND bd.contract_id IN (
                        SELECT contract FROM contracts
                         WHERE before = 0 OR before + dates <= %(date_limit)s
                   )
                 ORDER BY bd.id
                   FOR UPDATE OF bd SKIP LOCKED
                """,
                where=where,
                lock_class=lock_class,
                partner_limit=partner_limit,
                date_limit=date_limit,
                candidate_limit=10 * partner_limit,
            ),
            log_exceptions=False,  # a serialization failure is expected here
        )
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _mark_billed(self, moves):
        """The dates on the lines of ``moves`` (just created by the billing
        run) are billed by those lines: one query for the whole batch."""
        self.env["account.move.line"].flush_model(["move_id", "service_contract_billing_date_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE service_contract_billing_date bd
                   SET state = 'billed', invoice_line_id = aml.id, write_uid = %s, write_date = %s
                  FROM account_move_line aml
                 WHERE aml.move_id IN %s AND bd.id = aml.service_contract_billing_date_id
                   AND bd.state = 'to_bill'
             RETURNING bd.id
                """,
                self.env.uid,
                self.env.cr.now(),
                tuple(moves.ids),
            )
        )
        billed = self.browse([row[0] for row in self.env.cr.fetchall()])
        fnames = ["state", "invoice_line_id", "write_uid", "write_date"]
        billed.invalidate_recordset(fnames)
        billed.modified(fnames)
        return billed

    # --- invoices deleted, cancelled, reset to draft --------------------------------

    @api.model
    def _billed_by(self, invoice_lines):
        """The dates these invoice lines billed (and still bill)."""
        invoice_lines = invoice_lines.sudo()
        dates = invoice_lines.service_contract_billing_date_id
        return dates.filtered(lambda d: d.state == "billed" and d.invoice_line_id in invoice_lines)

    def _release(self):
        """The invoice lines that billed these dates are deleted or
        cancelled: the dates are to bill again. Call it with
        ``_billed_by(lines)`` taken before the lines go."""
        self.sudo().write({"state": "to_bill", "invoice_line_id": False})

    @api.model
    def _check_take_back(self, invoice_lines):
        """Refuse, with the reason, to reset a cancelled invoice to draft
        when one of its lines cannot bill its date again: the date was billed
        elsewhere meanwhile, or the contract changed what the period costs."""
        problems = []
        for line in invoice_lines.filtered("service_contract_billing_date_id"):
            billing_date = line.service_contract_billing_date_id.sudo()
            if billing_date.state == "to_bill" and not billing_date.invoice_line_id:
                if not billing_date._bills_as(line):
                    problems.append(
                        self.env._(
                            "%(period)s: the contract changed what this period costs since the "
                            "invoice was cancelled.",
                            period=billing_date.display_name,
                        )
                    )
            elif billing_date.state == "billed" and billing_date.invoice_line_id != line:
                problems.append(
                    self.env._(
                        "%(period)s: billed on %(invoice)s meanwhile.",
                        period=billing_date.display_name,
                        invoice=billing_date.invoice_line_id.move_id._service_contract_label(),
                    )
                )
            elif billing_date.state in ("cancelled", "credited"):
                problems.append(
                    self.env._(
                        "%(period)s: the contract no longer bills this period as it did.",
                        period=billing_date.display_name,
                    )
                )
        if problems:
            raise UserError(
                self.env._(
                    "This invoice cannot be reset to draft: its contract periods would be "
                    "billed twice or at a wrong price. Let the billing run bill them instead.\n%(problems)s",
                    problems="\n".join(problems),
                )
            )

    @api.model
    def _take_back(self, invoice_lines):
        """A cancelled invoice is reset to draft: its lines bill their dates
        again (checked by ``_check_take_back`` beforehand)."""
        for line in invoice_lines.filtered("service_contract_billing_date_id"):
            billing_date = line.service_contract_billing_date_id.sudo()
            if billing_date.state == "to_bill":
                billing_date.write({"state": "billed", "invoice_line_id": line.id})
        invoice_lines.sudo().service_contract_billing_date_id.contract_id._sync_billing_dates()

    def _bills_as(self, invoice_line):
        """Whether ``invoice_line`` bills exactly this date: its product,
        quantity and unit price (negated on a credit note) and no discount."""
        self.ensure_one()
        expected = self._prepare_invoice_line_vals()
        currency = self.currency_id
        return (
            invoice_line.product_id.id == expected["product_id"]
            and invoice_line.quantity == expected["quantity"]
            and currency.is_zero(invoice_line.price_unit - expected["price_unit"])
            and not invoice_line.discount
        )

    # --- credit notes that bill periods again ------------------------------------

    def _credit(self, credit_note):
        """``credit_note`` refunds these billed dates and their periods are to
        be billed again: mark them credited (they keep their invoice line)
        and let the contracts make fresh dates for the periods."""
        dates = self.sudo().filtered(lambda d: d.state == "billed")
        dates.write({"state": "credited", "credit_move_id": credit_note.id})
        dates.contract_id._sync_billing_dates()

    def _uncredit(self, forget=False):
        """The credit note of these credited dates was deleted or cancelled:
        they are billed again, and a period billed twice meanwhile gets a
        correction. They keep pointing at a cancelled credit note, which
        credits them again if it is reset to draft (``_recredit``); with
        ``forget`` (a deleted one) they no longer point at it."""
        dates = self.sudo().filtered(lambda d: d.state == "credited")
        dates.write({"state": "billed"})
        if forget:
            self.sudo().write({"credit_move_id": False})
        dates.contract_id._sync_billing_dates()

    @api.model
    def _credited_by(self, credit_notes):
        return self.sudo().search([("credit_move_id", "in", credit_notes.ids)])

    @api.model
    def _recredit(self, credit_notes):
        """Cancelled credit notes are reset to draft: they credit again the
        dates they credited, those still billed."""
        for credit_note in credit_notes:
            self._credited_by(credit_note)._credit(credit_note)
