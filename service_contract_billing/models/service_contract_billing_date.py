# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from typing import NamedTuple

from odoo import api, fields, models, tools
from odoo.tools.misc import babel_locale_parse, format_date, get_lang, posix_to_ldml


class InvoiceKey(NamedTuple):
    """What billing dates must share to go on one invoice (ids or False)."""

    direction: str
    partner_id: int
    commercial_partner_id: int
    currency_id: int
    payment_term_id: int
    payment_method_id: int
    fiscal_position_id: int
    invoice_report_id: int
    contract_id: int
    refund: bool


class ServiceContractBillingDate(models.Model):
    """One billing date (Abrechnungstermin) of a contract line: the period it
    bills, when it is due, its amount and whether it was billed.

    This model owns a billing date's whole life; contracts, lines, the
    billing run and invoices only call it:

    - the schedule: which dates a line has still to bill, and corrections
      of billed periods (``service_contract_billing_date_schedule.py``);
    - every change of state: claimed and billed by the run, released by a
      deleted or cancelled invoice line, taken back by an invoice reset to
      draft, credited by a credit note that bills the period again
      (``service_contract_billing_date_state.py``).

    Re-billing after a credit note marks the billed date *credited* instead
    of re-opening it: its invoice line keeps pointing at it, so the original
    invoice still shows what it billed and the unique index (one live
    invoice line per date) stays intact, while a credited date no longer
    holds its period, so the schedule makes a fresh date for it, billed
    once by the next run.
    """

    _name = "service.contract.billing.date"
    _inherit = ["service.contract.billing.date.schedule", "service.contract.billing.date.state"]
    _description = "Service Contract Billing Date"
    _order = "date, contract_id, id"
    _check_company_auto = True

    line_id = fields.Many2one(
        "service.contract.line", required=True, ondelete="cascade", index=True
    )
    contract_id = fields.Many2one(
        related="line_id.contract_id", store=True, index=True
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Partner"
    )
    direction = fields.Selection(related="contract_id.direction", store=True)
    product_id = fields.Many2one(related="line_id.product_id")
    device_id = fields.Many2one(
        "service.contract.device",
        ondelete="restrict",
        index="btree_not_null",
        readonly=True,
        help="The covered device billed, for a package or service billed per device.",
    )
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    date = fields.Date(string="Billing Date", required=True, index=True)
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        help="The line's price for this period, prorated for partial periods and pauses."
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    invoice_line_id = fields.Many2one(
        "account.move.line", copy=False, readonly=True, index="btree_not_null"
    )
    move_id = fields.Many2one(related="invoice_line_id.move_id", string="Invoice")
    state = fields.Selection(
        [
            ("to_bill", "To Bill"),
            ("billed", "Billed"),
            ("credited", "Credited"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="to_bill",
        index=True,
        help="Credited: billed, then refunded by a credit note that asked to bill "
        "the period again. Cancelled: its invoice was cancelled and the contract "
        "no longer bills its period as it did; it is never billed.",
    )
    kind = fields.Selection(
        [("regular", "Regular"), ("correction", "Correction")],
        required=True,
        default="regular",
        index=True,
        help="Correction: the difference between what a billed period should "
        "cost after a change of the contract and what was billed for it.",
    )
    corrected_id = fields.Many2one(
        "service.contract.billing.date",
        string="Corrects",
        readonly=True,
        index="btree_not_null",
        help="The billed date whose period this correction corrects.",
    )
    credit_move_id = fields.Many2one(
        "account.move",
        string="Credit Note",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The credit note that refunded this date so that it is billed again.",
    )

    _sql_constraints = [
        (
            "period_check",
            "CHECK(period_end >= period_start)",
            "A billing period cannot end before it starts.",
        ),
    ]

    @api.depends("quantity", "price_unit", "discount")
    def _compute_amount(self):
        for billing_date in self:
            currency = billing_date.currency_id
            billing_date.amount = currency.round(
                billing_date.quantity
                * currency.round(billing_date.price_unit)
                * (1 - (billing_date.discount or 0.0) / 100.0)
            )

    def _invoice_key(self):
        """Billing dates with the same key share an invoice: direction,
        invoice partner, customer (commercial partner: two customers billed
        at one invoice address get an invoice each), currency, payment terms, payment method, fiscal
        position, invoice document (and the contract, when its template
        invoices each contract separately); refunds share a credit note."""
        self.ensure_one()
        contract = self.contract_id
        template = contract.template_id
        partner = contract.partner_invoice_id or contract.partner_id
        return InvoiceKey(
            direction=contract.direction,
            partner_id=partner.id,
            commercial_partner_id=contract.commercial_partner_id.id,
            currency_id=self.currency_id.id,
            payment_term_id=contract.payment_term_id.id,
            payment_method_id=contract.payment_method_id.id,
            fiscal_position_id=contract._billing_fiscal_position().id,
            invoice_report_id=template.invoice_report_id.id,
            contract_id=contract.id if template.invoice_per_contract else False,
            refund=self._is_refund(),
        )

    def _invoice_order(self):
        """Where this date's line goes on its invoice: by contract, then
        period, then the contract's line order and device; corrections after
        regular dates."""
        self.ensure_one()
        line = self.line_id
        return (
            self.contract_id.id,
            self.period_start,
            line.sequence,
            line.id,
            self.device_id.id or 0,
            self.kind != "regular",
            self.id,
        )

    def _is_refund(self):
        """Negative corrections are refunded: they go on a credit note (with
        positive amounts), never on an invoice."""
        self.ensure_one()
        return self.amount < 0

    @api.model
    @tools.ormcache("lang_code")
    def _date_format(self, lang_code):
        """The date format (LDML) of the language ``lang_code``, computed once
        per language (a billing run formats thousands of dates; changing a
        language clears Odoo's caches)."""
        lang = get_lang(self.env, lang_code)
        return posix_to_ldml(lang.date_format, locale=babel_locale_parse(lang.code))

    @api.model
    @tools.ormcache("lang_code", "value")
    def _format_date_in(self, lang_code, value):
        """The date ``value`` in the format of the language ``lang_code``,
        formatted once per language and date: a run's lines share a few
        period bounds."""
        return format_date(self.env, value, lang_code=lang_code, date_format=self._date_format(lang_code))

    def _format_date(self, value):
        """``value`` in the date format of the environment's language."""
        return self._format_date_in(self.env.lang or "en_US", value) if value else ""

    def _prepare_invoice_line_vals(self):
        """Values of the invoice line of this billing date; extension hook.
        The label is written in the environment's language (the billing run
        uses the invoice partner's: ``_prepare_move_vals``), dates in its
        format."""
        self.ensure_one()
        line = self.line_id
        values = {
            "contract": self.contract_id.name,
            "start": self._format_date(self.period_start),
            "end": self._format_date(self.period_end),
        }
        if self.kind == "regular":
            period = self.env._("%(contract)s: %(start)s to %(end)s", **values)
        elif self.corrected_id.move_id:
            period = self.env._(
                "Correction of %(contract)s: %(start)s to %(end)s, billed on %(invoice)s",
                invoice=self.corrected_id.move_id.display_name,  # a draft has no number yet
                **values,
            )
        else:
            period = self.env._("Correction of %(contract)s: %(start)s to %(end)s", **values)
        label = line.name or line.product_id.display_name
        device = self.device_id
        if device.serial_number:
            label = self.env._(
                "%(item)s – %(device)s, S/N %(serial)s",
                item=label,
                device=device.product_id.name,
                serial=device.serial_number,
            )
        elif device:
            label = self.env._("%(item)s – %(device)s", item=label, device=device.product_id.name)
        return {
            "product_id": line.product_id.id,
            "name": f"{label}\n{period}",
            "quantity": self.quantity,
            "price_unit": -self.price_unit if self._is_refund() else self.price_unit,
            "discount": self.discount,
            "service_contract_billing_date_id": self.id,
        }

    @api.depends("contract_id", "period_start", "period_end")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for billing_date in self:
            billing_date.display_name = (
                f"{billing_date.contract_id.name}: "
                f"{billing_date._format_date(billing_date.period_start)} – "
                f"{billing_date._format_date(billing_date.period_end)}"
            )

    def action_view_invoice(self):
        """The invoice (vendor bill) that billed this date, in Odoo's form."""
        self.ensure_one()
        return self.move_id._service_contract_action(self.direction)
