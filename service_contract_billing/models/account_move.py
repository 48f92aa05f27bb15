# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Contract invoices: their billing run, document and billed dates; and
creating many invoices at once, with all their journal items.

``account.move.create()`` adds the tax and payment-term lines of an invoice
by synchronising it: it creates the product lines, then writes their amounts
and creates the tax and payment-term lines one step at a time, each step
re-running the synchronisation and recomputing the invoice. That is most of
the time a billing run spends. Here Odoo's own computations (the tax engine
of ``account.tax`` and the payment terms' ``_compute_terms``) give those lines
before the invoice is created, so each invoice is created in one go with all
its lines and without the synchronisation: the journal items are the ones
``create()`` would make (tests compare both, item by item).

An invoice this does not know how to complete (foreign currency, cash
rounding, early payment discount, analytic distribution models, lines other
than products at a price) is created by ``create()``, unchanged.
"""
from odoo import Command, api, fields, models

#: The invoice line fields the completion understands; an invoice line
#: with any other field is left to ``create()``. The service period and the
#: contract's analytic distribution are plain values of the line: they change
#: neither its account nor its taxes or amounts.
COMPLETABLE_LINE_FIELDS = frozenset(
    {
        "product_id",
        "name",
        "quantity",
        "price_unit",
        "discount",
        "service_contract_billing_date_id",
        "service_start_date",
        "service_end_date",
        "analytic_distribution",
    }
)


class AccountMove(models.Model):
    _inherit = "account.move"

    service_contract_billing_run_id = fields.Many2one(
        "service.contract.billing.run", string="Billing Run", copy=False, readonly=True, index="btree_not_null"
    )
    service_contract_invoice_report_id = fields.Many2one(
        "ir.actions.report",
        string="Contract Invoice Document",
        copy=False,
        readonly=True,
        help="The contract template's invoice document, used to print this "
        "invoice; empty: the partner's or Odoo's standard invoice.",
    )
    service_contract_ids = fields.Many2many(
        "service.contract",
        string="Service Contracts",
        compute="_compute_service_contract_ids",
        help="The contracts this invoice bills; for a credit note, the contracts of the "
        "invoice it refunds or of the periods it sent back to billing.",
    )
    service_contract_count = fields.Integer(compute="_compute_service_contract_ids")

    @api.depends("line_ids.service_contract_billing_date_id", "reversed_entry_id")
    def _compute_service_contract_ids(self):
        BillingDate = self.env["service.contract.billing.date"]
        credited = BillingDate.search([("credit_move_id", "in", self._origin.ids)]).grouped("credit_move_id")
        for move in self:
            dates = (
                move.line_ids.service_contract_billing_date_id
                | move.reversed_entry_id.line_ids.service_contract_billing_date_id
                | credited.get(move._origin, BillingDate)
            )
            move.service_contract_ids = dates.contract_id
            move.service_contract_count = len(move.service_contract_ids)

    def _service_contract_label(self):
        """The invoice's number, or for a draft without one its kind and id
        (as Odoo shows drafts: "Draft Invoice (* 12)")."""
        self.ensure_one()
        if self.name and self.name != "/":
            return self.name
        return f"{self.display_name} (* {self.id})"

    def _service_contract_rebillable_dates(self):
        """The billed dates of these posted invoices and vendor bills that a
        credit note may send back to billing. Credit notes (also the ones
        the billing run makes for corrections) never re-open anything."""
        moves = self.filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "in_invoice")
        )
        return self.env["service.contract.billing.date"]._billed_by(moves.line_ids)

    def action_view_service_contracts(self):
        """The contracts this invoice bills."""
        self.ensure_one()
        contracts = self.service_contract_ids
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_action"
            if self.move_type in ("out_invoice", "out_refund")
            else "service_contract.service_contract_action_supplier"
        )
        action.update(domain=[("id", "in", contracts.ids)], context={"create": False})
        if len(contracts) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=contracts.id)
        return action

    def _service_contract_action(self, direction):
        """Odoo's own invoice list (``direction`` "customer": invoices and
        credit notes) or vendor bill list ("supplier": bills and refunds)
        showing those of these moves; one move opens in its form."""
        customer = direction == "customer"
        moves = self.filtered(
            lambda m: m.move_type in (("out_invoice", "out_refund") if customer else ("in_invoice", "in_refund"))
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type" if customer else "account.action_move_in_invoice_type"
        )
        action.pop("path", None)  # not Invoicing's own menu entry
        action.update(
            domain=[("id", "in", moves.ids)],
            context={"default_move_type": "out_invoice" if customer else "in_invoice", "create": False},
        )
        if len(moves) == 1:
            action.update(
                view_mode="form",
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=moves.id,
            )
        return action

    def button_cancel(self):
        BillingDate = self.env["service.contract.billing.date"]
        billed = BillingDate._billed_by(self.line_ids)
        credited = BillingDate._credited_by(self)
        result = super().button_cancel()
        billed._release()
        credited._uncredit()
        return result

    def button_draft(self):
        """A cancelled invoice reset to draft bills its contract periods again,
        unless they were billed elsewhere meanwhile (then it is refused); a
        cancelled credit note that billed periods again credits them again."""
        BillingDate = self.env["service.contract.billing.date"]
        cancelled = self.filtered(lambda m: m.state == "cancel")
        BillingDate._check_take_back(cancelled.line_ids)
        result = super().button_draft()
        BillingDate._take_back(cancelled.line_ids)
        BillingDate._recredit(cancelled)
        return result

    def unlink(self):
        credited = self.env["service.contract.billing.date"]._credited_by(self)
        result = super().unlink()
        credited.exists()._uncredit(forget=True)
        return result

    # === Creating invoices with all their lines === #
    @api.model
    def _create_with_all_lines(self, vals_list):
        """Create these invoices, each with its tax and payment-term lines
        computed beforehand (see the module's docstring); invoices that
        cannot be completed are created by ``create()``. Returns the
        invoices in the order of ``vals_list``."""
        cache = {}
        completed = [self._complete_invoice_vals(vals, cache) for vals in vals_list]
        ids = [None] * len(vals_list)
        fast = [index for index, vals in enumerate(completed) if vals]
        slow = [index for index, vals in enumerate(completed) if not vals]
        if fast:
            moves = self.with_context(skip_invoice_sync=True).create([completed[i] for i in fast])
            for index, move in zip(fast, moves, strict=True):
                ids[index] = move.id
        if slow:
            moves = self.create([vals_list[i] for i in slow])
            for index, move in zip(slow, moves, strict=True):
                ids[index] = move.id
        return self.browse(ids)

    @api.model
    def _complete_invoice_vals(self, vals, cache):
        """``vals`` with the product lines' accounts, taxes and amounts and
        the tax and payment-term lines added, as ``create()`` would compute
        them; None when the invoice needs more than that."""
        company = self.env["res.company"].browse(vals.get("company_id"))
        currency = self.env["res.currency"].browse(vals.get("currency_id"))
        term = self.env["account.payment.term"].browse(vals.get("invoice_payment_term_id"))
        commands = vals.get("invoice_line_ids") or []
        if (
            not company
            or currency != company.currency_id
            or vals.get("move_type") not in ("out_invoice", "out_refund", "in_invoice", "in_refund")
            or "line_ids" in vals
            or vals.get("invoice_cash_rounding_id")
            or term.early_discount
            or not commands
            or any(command[0] != Command.CREATE for command in commands)
            or any(set(command[2]) - COMPLETABLE_LINE_FIELDS for command in commands)
            or any(not command[2].get("product_id") for command in commands)
            or self._has_analytic_distribution_models(company, cache)
        ):
            return None
        model = self._invoice_model(vals, cache)
        partner = self.env["res.partner"].browse(vals.get("partner_id")).commercial_partner_id
        product_lines = [
            self._complete_product_line(command[2], model, partner, cache) for command in commands
        ]
        tax_lines, untaxed, tax = self._tax_lines(product_lines, model, company)
        term_lines = self._payment_term_lines(model, vals, term, untaxed, tax)
        completed = {key: value for key, value in vals.items() if key != "invoice_line_ids"}
        return {
            **completed,
            "journal_id": vals.get("journal_id") or model.journal_id.id,
            "line_ids": [
                Command.create(line)
                for line in [*(line for line, _base_line in product_lines), *tax_lines, *term_lines]
            ],
        }

    @api.model
    def _has_analytic_distribution_models(self, company, cache):
        """Whether analytic distribution models may apply to the company's
        invoice lines: they are left to ``create()``."""
        key = ("analytic models", company.id)
        if key not in cache:
            Model = self.env["account.analytic.distribution.model"].sudo()
            cache[key] = bool(Model.search_count(Model._check_company_domain(company), limit=1))
        return cache[key]

    @api.model
    def _invoice_model(self, vals, cache):
        """An unsaved invoice of the same kind, company, currency and fiscal
        position as ``vals``: Odoo computes its journal and, for its lines,
        the accounts and taxes of a product."""
        key = (
            "invoice",
            vals["move_type"],
            vals["company_id"],
            vals["currency_id"],
            vals.get("fiscal_position_id") or False,
            vals.get("journal_id") or False,
        )
        if key not in cache:
            model_vals = {
                "move_type": vals["move_type"],
                "company_id": vals["company_id"],
                "currency_id": vals["currency_id"],
                "fiscal_position_id": vals.get("fiscal_position_id") or False,
            }
            if vals.get("journal_id"):
                model_vals["journal_id"] = vals["journal_id"]
            cache[key] = self.with_company(vals["company_id"]).new(model_vals)
        return cache[key]

    @api.model
    def _product_line_model(self, model, product_id, cache):
        """An unsaved product line of the invoice ``model``: Odoo computes
        its account, taxes, unit of measure and tag inversion."""
        key = ("line", model, product_id)
        if key not in cache:
            line = self.env["account.move.line"].new(
                {"move_id": model.id, "product_id": product_id, "display_type": "product"}
            )
            cache[key] = {
                "account": line.account_id._origin,
                "taxes": line.tax_ids._origin,
                "uom": line.product_uom_id._origin,
                "tax_tag_invert": line.tax_tag_invert,
            }
        return cache[key]

    @api.model
    def _complete_product_line(self, line_vals, model, partner, cache):
        """The product line's values with its account and taxes, and its
        base line for the tax engine (amounts and tags are added to the
        values once the taxes are computed); ``partner`` is the invoice's
        commercial partner."""
        computed = self._product_line_model(model, line_vals["product_id"], cache)
        line = {
            **line_vals,
            "display_type": "product",
            "account_id": computed["account"].id,
            "tax_ids": [Command.set(computed["taxes"].ids)],
        }
        base_line = self.env["account.tax"]._prepare_base_line_for_taxes_computation(
            {
                "product_id": self.env["product.product"].browse(line_vals["product_id"]),
                "product_uom_id": computed["uom"],
                "tax_ids": computed["taxes"],
                "price_unit": line_vals.get("price_unit", 0.0),
                "quantity": line_vals.get("quantity", 1.0),
                "discount": line_vals.get("discount", 0.0),
                "currency_id": model.currency_id,
                "tax_tag_invert": computed["tax_tag_invert"],
                "partner_id": partner,
                "account_id": computed["account"],
                "analytic_distribution": line_vals.get("analytic_distribution") or False,
            },
            rate=1.0,
            sign=model.direction_sign,
            is_refund=model.move_type in ("out_refund", "in_refund"),
            special_mode=False,
        )
        return line, base_line

    @api.model
    def _tax_lines(self, product_lines, model, company):
        """Compute the taxes of the product lines with Odoo's tax engine:
        write their amounts and tags into the product lines' values and
        return the tax lines' values and the invoice's untaxed and tax
        balances."""
        AccountTax = self.env["account.tax"]
        base_lines = [base_line for _line, base_line in product_lines]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        AccountTax._add_accounting_data_in_base_lines_tax_details(base_lines, company, include_caba_tags=False)
        results = AccountTax._prepare_tax_lines(base_lines, company)
        untaxed = tax = 0.0
        for (line, _base_line), (_base_line_again, amounts) in zip(
            product_lines, results["base_lines_to_update"], strict=True
        ):
            line.update(amounts)
            untaxed += amounts["balance"]
        tax_lines = []
        for tax_line in results["tax_lines_to_add"]:
            tax_lines.append({**tax_line, "display_type": "tax"})
            tax += tax_line["balance"]
        return tax_lines, untaxed, tax

    @api.model
    def _payment_term_lines(self, model, vals, term, untaxed, tax):
        """The receivable (payable) lines, one per due date of the payment
        terms (without terms: one, due on the due date or today), as
        ``account.move``'s ``needed_terms`` makes them for a saved invoice;
        the account is left to Odoo."""
        currency = model.currency_id
        today = fields.Date.context_today(self)
        if term:
            terms = term._compute_terms(
                date_ref=fields.Date.to_date(vals.get("invoice_date") or vals.get("date")) or today,
                currency=currency,
                company=model.company_id,
                tax_amount=-tax,
                tax_amount_currency=-tax,
                sign=1 if model.is_inbound(include_receipts=True) else -1,
                untaxed_amount=-untaxed,
                untaxed_amount_currency=-untaxed,
                cash_rounding=self.env["account.cash.rounding"],
            )
            instalments = [
                (fields.Date.to_date(line["date"]), line["company_amount"], line["foreign_amount"])
                for line in terms["line_ids"]
            ]
        else:
            due = fields.Date.to_date(vals.get("invoice_date_due")) or today
            instalments = [(due, -(untaxed + tax), -(untaxed + tax))]
        by_date = {}
        for date, balance, amount_currency in instalments:
            amounts = by_date.setdefault(date, [0.0, 0.0])
            amounts[0] += balance
            amounts[1] += amount_currency
        return [
            {
                "display_type": "payment_term",
                "date_maturity": date,
                "discount_date": False,
                "discount_balance": 0.0,
                "discount_amount_currency": 0.0,
                "balance": currency.round(balance),
                "amount_currency": currency.round(amount_currency),
            }
            for date, (balance, amount_currency) in by_date.items()
        ]
