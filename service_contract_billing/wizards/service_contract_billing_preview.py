# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

#: The kinds of document a billing run creates.
MOVE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")


class ServiceContractBillingPreview(models.TransientModel):
    """One invoice (or credit note, vendor bill) a billing run would create
    if it ran now: its partner, lines, taxes and totals, computed by the
    run's own code on unsaved values (see
    ``service.contract.billing.run._preview_invoices``). Nothing of the
    accounting is written: previews are throw-away records of their own."""

    _name = "service.contract.billing.preview"
    _description = "Service Contract Billing Preview"
    _order = "run_id, sequence, id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "service.contract.billing.run", string="Billing Run", required=True, ondelete="cascade", index=True
    )
    date_cutoff = fields.Date(related="run_id.date_cutoff")
    sequence = fields.Integer()
    company_id = fields.Many2one("res.company", required=True)
    currency_id = fields.Many2one("res.currency", required=True)
    move_type = fields.Selection(selection="_selection_move_type", string="Type", required=True)
    partner_id = fields.Many2one("res.partner", required=True)
    journal_id = fields.Many2one("account.journal", check_company=True)
    payment_term_id = fields.Many2one("account.payment.term", string="Payment Terms")
    fiscal_position_id = fields.Many2one("account.fiscal.position")
    invoice_date = fields.Date(help="Set when the company posts contract invoices automatically.")
    invoice_origin = fields.Char(string="Contracts")
    payment_reference = fields.Char()
    line_ids = fields.One2many("service.contract.billing.preview.line", "preview_id", string="Invoice Lines")
    line_count = fields.Integer(string="Lines", compute="_compute_line_count")
    amount_untaxed = fields.Monetary(string="Untaxed Amount")
    amount_tax = fields.Monetary(string="Taxes")
    amount_total = fields.Monetary(string="Total")
    amount_untaxed_signed = fields.Monetary(
        string="Untaxed Amount Signed",
        compute="_compute_signed",
        store=True,
        help="Negative for credit notes.",
    )
    amount_total_signed = fields.Monetary(
        string="Total Signed",
        compute="_compute_signed",
        store=True,
        help="Negative for credit notes.",
    )

    @api.model
    def _selection_move_type(self):
        """The account.move types a billing run creates, with Odoo's labels."""
        selection = self.env["account.move"]._fields["move_type"]._description_selection(self.env)
        return [(value, label) for value, label in selection if value in MOVE_TYPES]

    def _compute_line_count(self):
        for preview in self:
            preview.line_count = len(preview.line_ids)

    @api.depends("move_type", "amount_untaxed", "amount_total")
    def _compute_signed(self):
        for preview in self:
            sign = -1 if preview.move_type in ("out_refund", "in_refund") else 1
            preview.amount_untaxed_signed = sign * preview.amount_untaxed
            preview.amount_total_signed = sign * preview.amount_total

    @api.depends("partner_id", "move_type")
    def _compute_display_name(self):
        labels = dict(self._selection_move_type())
        for preview in self:
            label = labels.get(preview.move_type, "")
            preview.display_name = f"{label} {preview.partner_id.display_name or ''}".strip()

    # === Actions === #
    def action_print(self):
        """Print these previews (from the list: the selected ones, or all
        of the list when none is selected)."""
        previews = self or self.search(self.env.context.get("active_domain") or [])
        return self.env.ref("service_contract_billing.service_contract_billing_preview_report").report_action(
            previews
        )

    # === Business === #
    @api.model
    def _create_for_run(self, run):
        """Replace the current user's previews of ``run`` with what the run
        would create now."""
        self.search([("run_id", "=", run.id), ("create_uid", "=", self.env.uid)]).unlink()
        vals_list = []
        for sequence, invoice in enumerate(run._preview_invoices(), start=1):
            vals_list.append(self._prepare_preview_vals(run, invoice, sequence))
        return self.create(vals_list)

    @api.model
    def _prepare_preview_vals(self, run, invoice, sequence):
        """Values of one preview from one invoice of
        ``run._preview_invoices()``; extension hook."""
        move_vals = invoice["move_vals"]
        return {
            "run_id": run.id,
            "sequence": sequence,
            "company_id": move_vals["company_id"],
            "currency_id": move_vals["currency_id"],
            "move_type": move_vals["move_type"],
            "partner_id": move_vals["partner_id"],
            "journal_id": invoice["journal_id"],
            "payment_term_id": move_vals.get("invoice_payment_term_id") or False,
            "fiscal_position_id": move_vals.get("fiscal_position_id") or False,
            "invoice_date": move_vals.get("invoice_date") or False,
            "invoice_origin": move_vals.get("invoice_origin") or False,
            "payment_reference": move_vals.get("payment_reference") or False,
            "amount_untaxed": invoice["amount_untaxed"],
            "amount_tax": invoice["amount_tax"],
            "amount_total": invoice["amount_total"],
            "line_ids": [
                fields.Command.create({"sequence": index, **line})
                for index, line in enumerate(invoice["lines"], start=1)
            ],
        }
