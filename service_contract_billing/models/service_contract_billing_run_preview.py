# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The billing run's dry run: the invoices it would create now, computed by
its own grouping and line code, without writing anything.

The due billing dates are read with the run's own condition
(``_due_dates_where``) but neither claimed nor locked; they are grouped by
``billing_date._invoice_key()`` and turned into invoice values by
``run._prepare_move_vals`` (which calls
``billing_date._prepare_invoice_line_vals``), exactly as ``_run_batch``
does. Taxes and totals come from Odoo's tax engine on unsaved values, by
the road the run's invoice takes (``account_move_complete.py``): for the
invoices the run completes itself, the same product lines and tax engine
calls; for the others (foreign currency, cash rounding, early payment
discount, ...) an unsaved invoice (``account.move.new``). All of it inside a
savepoint that is rolled back: no invoice, no journal item, no billing date
state and no sequence number is touched.
"""

from contextlib import closing

from odoo import Command, models
from odoo.tools import SQL

from .service_contract_billing_run import BATCH_PARTNERS


class ServiceContractBillingRun(models.Model):
    _inherit = "service.contract.billing.run"

    # === Actions === #
    def action_preview(self):
        """Show the invoices this run would create if it ran now."""
        self.ensure_one()
        previews = self.env["service.contract.billing.preview"]._create_for_run(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_billing.service_contract_billing_preview_action"
        )
        action.update(
            domain=[("id", "in", previews.ids)],
            context={"create": False, "edit": False, "delete": False},
        )
        return action

    # === Business === #
    def _preview_invoices(self):
        """What this run would create now, in plain values, one dict per
        invoice in the order the run creates them: ``move_vals`` (the values
        the run would create it with), ``journal_id``, ``amount_untaxed``,
        ``amount_tax``, ``amount_total`` and ``lines`` (one dict per invoice
        line, in the order of ``move_vals``)."""
        self.ensure_one()
        run = self.with_company(self.company_id)
        groups = run._preview_groups()
        cache = {}
        # Unsaved values write nothing; the savepoint, rolled back, makes
        # sure of it whatever a compute method might do.
        with closing(self.env.cr.savepoint()):
            return [run._preview_invoice(key, dates, cache) for key, dates in groups]

    def _preview_groups(self):
        """``(invoice key, billing dates)`` of each invoice the run would
        create now, grouped and ordered as ``_run_batch`` does: the invoice
        partners in batches of ``BATCH_PARTNERS`` (lowest id first), in each
        batch the invoices in the order of their first billing date."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT bd.id, COALESCE(c.partner_invoice_id, c.partner_id)
                  FROM service_contract_billing_date bd
                  JOIN service_contract c ON c.id = bd.contract_id
                 WHERE %s
                 ORDER BY bd.id
                """,
                self._due_dates_where(),
            )
        )
        rows = self.env.cr.fetchall()
        partners = sorted({partner for _id, partner in rows})
        batch_of = {partner: index // BATCH_PARTNERS for index, partner in enumerate(partners)}
        billing_dates = self.env["service.contract.billing.date"].sudo().browse([row[0] for row in rows])
        groups = {}
        for billing_date, (_id, partner) in zip(billing_dates, rows, strict=True):
            groups.setdefault((batch_of[partner], billing_date._invoice_key()), []).append(billing_date)
        ordered = sorted(groups.items(), key=lambda item: item[0][0])  # stable: keeps the order in a batch
        return [
            (key, sorted(dates, key=lambda billing_date: billing_date._invoice_order()))
            for (_batch, key), dates in ordered
        ]

    def _preview_invoice(self, key, billing_dates, cache):
        """One previewed invoice (see ``_preview_invoices``)."""
        move_vals = self._prepare_move_vals(key, billing_dates)
        Move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        )
        if Move._complete_invoice_vals(move_vals, cache) is None:
            invoice = self._preview_unsaved_invoice(Move, move_vals, billing_dates)
        else:
            invoice = self._preview_completed_invoice(Move, move_vals, billing_dates, cache)
        return {"move_vals": move_vals, **invoice}

    def _preview_completed_invoice(self, Move, move_vals, billing_dates, cache):
        """An invoice the run completes itself (``_create_with_all_lines``):
        its product lines and taxes by the same calls. Line amounts as an
        invoice line computes them (``_compute_totals``), totals as the
        invoice's tax lines (``_tax_lines``)."""
        AccountTax = self.env["account.tax"]
        model = Move._invoice_model(move_vals, cache)
        company, currency = model.company_id, model.currency_id
        partner = self.env["res.partner"].browse(move_vals["partner_id"]).commercial_partner_id
        lines, base_lines = [], []
        for command, billing_date in zip(move_vals["invoice_line_ids"], billing_dates, strict=True):
            line_vals, base_line = Move._complete_product_line(command[2], model, partner, cache)
            AccountTax._add_tax_details_in_base_line(base_line, company)
            details = base_line["tax_details"]
            lines.append(
                self._preview_line_vals(
                    billing_date,
                    line_vals,
                    account_id=line_vals["account_id"],
                    tax_ids=base_line["tax_ids"].ids,
                    price_subtotal=currency.round(details["raw_total_excluded_currency"]),
                    price_total=currency.round(details["raw_total_included_currency"]),
                )
            )
            base_lines.append(base_line)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        totals = AccountTax._get_tax_totals_summary(base_lines, currency, company)
        return {
            "journal_id": move_vals.get("journal_id") or model.journal_id.id,
            **self._preview_totals(totals),
            "lines": lines,
        }

    def _preview_unsaved_invoice(self, Move, move_vals, billing_dates):
        """An invoice the run leaves to ``create()``: an unsaved invoice
        computes it as the invoice form would."""
        move = Move.new(move_vals)
        by_date = {line.service_contract_billing_date_id.id: line for line in move.invoice_line_ids}
        lines = []
        for command, billing_date in zip(move_vals["invoice_line_ids"], billing_dates, strict=True):
            line = by_date[billing_date.id]
            lines.append(
                self._preview_line_vals(
                    billing_date,
                    command[2],
                    account_id=line.account_id.id,
                    tax_ids=line.tax_ids._origin.ids,
                    price_subtotal=line.price_subtotal,
                    price_total=line.price_total,
                )
            )
        return {"journal_id": move.journal_id.id, **self._preview_totals(move.tax_totals), "lines": lines}

    def _preview_totals(self, totals):
        """Untaxed amount, taxes and total of a tax totals summary
        (``account.tax._get_tax_totals_summary``); a cash rounding counts
        in the untaxed amount, as on the invoice."""
        return {
            "amount_untaxed": totals["total_amount_currency"] - totals["tax_amount_currency"],
            "amount_tax": totals["tax_amount_currency"],
            "amount_total": totals["total_amount_currency"],
        }

    def _preview_line_vals(self, billing_date, line_vals, **amounts):
        """One previewed line: the invoice line values the run writes
        (``line_vals``) with their account, taxes and amounts."""
        return {
            "billing_date_id": billing_date.id,
            "contract_id": billing_date.contract_id.id,
            "product_id": line_vals.get("product_id") or False,
            "name": line_vals.get("name") or False,
            "period_start": billing_date.period_start,
            "period_end": billing_date.period_end,
            "quantity": line_vals.get("quantity", 1.0),
            "price_unit": line_vals.get("price_unit", 0.0),
            "discount": line_vals.get("discount", 0.0),
            "account_id": amounts["account_id"],
            "tax_ids": [Command.set(amounts["tax_ids"])],
            "price_subtotal": amounts["price_subtotal"],
            "price_total": amounts["price_total"],
        }
