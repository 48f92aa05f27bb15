# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class ServiceContract(models.Model):
    _inherit = "service.contract"

    billing_date_ids = fields.One2many(
        "service.contract.billing.date", "contract_id", string="Billing Dates"
    )
    billing_date_count = fields.Integer(compute="_compute_billing_date_count")
    next_billing_date = fields.Date(
        compute="_compute_next_billing_date",
        help="The earliest billing date still to bill.",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        compute="_compute_invoice_ids",
        help="The invoices (vendor bills of a supplier contract) that billed this "
        "contract's billing dates, and their credit notes.",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids")

    def _compute_billing_date_count(self):
        for contract in self:
            contract.billing_date_count = len(contract.billing_date_ids)

    @api.depends("billing_date_ids.date", "billing_date_ids.state")
    def _compute_next_billing_date(self):
        for contract in self:
            dates = contract.billing_date_ids.filtered(lambda d: d.state == "to_bill").mapped("date")
            contract.next_billing_date = min(dates, default=False)

    @api.depends("billing_date_ids.invoice_line_id", "billing_date_ids.credit_move_id")
    def _compute_invoice_ids(self):
        for contract in self:
            dates = contract.billing_date_ids
            moves = dates.invoice_line_id.move_id | dates.credit_move_id
            contract.invoice_ids = moves | moves.reversal_move_ids
            contract.invoice_count = len(contract.invoice_ids)

    def write(self, vals):
        result = super().write(vals)
        if {"state", "date_start", "date_end_agreed", "template_id"} & vals.keys():
            self._sync_billing_dates()
        return result

    def _pauses_changed(self):
        result = super()._pauses_changed()
        self._sync_billing_dates()
        return result

    def _billing_fiscal_position(self):
        """The fiscal position Odoo picks for this contract's invoices: the
        invoice address's, with the contract's partner as the place where
        the service is delivered."""
        self.ensure_one()
        return (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._get_fiscal_position(
                self.partner_invoice_id or self.partner_id, delivery=self.partner_id
            )
        )

    def _sync_billing_dates(self):
        """Recompute the dates still to bill of these contracts
        (``service.contract.billing.date._sync_contracts``)."""
        self.env["service.contract.billing.date"]._sync_contracts(self)

    def action_start(self):
        result = super().action_start()
        for contract in self.filtered("template_id.bill_on_creation"):
            contract._bill_on_creation()
        return result

    def _bill_on_creation(self):
        """Invoice the template's number of first billing dates at once. The
        run is made as superuser (the user may have no rights on billing
        runs), but its invoices stay drafts when the user who starts the
        contract may not post invoices, whatever the company's auto-post."""
        self.ensure_one()
        user = self.env.user
        may_post = user._is_superuser() or user.has_group("account.group_account_invoice")
        count = self.template_id.bill_on_creation_count
        billing_dates = self.billing_date_ids.filtered(
            lambda d: d.state == "to_bill" and d.kind == "regular"
        ).sorted("date")
        if not count or not billing_dates:
            return
        cutoff = sorted(set(billing_dates.mapped("date")))[: count][-1]
        run = self.env["service.contract.billing.run"].sudo().create(
            {
                "company_id": self.company_id.id,
                "date_cutoff": cutoff,
                "contract_id": self.id,
                "origin": "creation",
            }
        )
        run.with_context(service_contract_billing_draft=not may_post).action_run()

    def _payment_purposes_in(self, lang):
        """The payment purposes of these contracts (one per contract, False
        when none) in the language ``lang``: a purpose the contract took
        unchanged from its template (in whichever language) is the template's
        translation; one written on the contract stays as written. Reads the
        templates' translations at once."""
        templates = self.template_id.filtered("payment_purpose")
        translations = {}
        if templates:
            templates.flush_recordset(["payment_purpose"])
            self.env.cr.execute(
                SQL(
                    "SELECT id, payment_purpose FROM service_contract_template WHERE id IN %s",
                    tuple(templates.ids),
                )
            )
            translations = {template_id: texts or {} for template_id, texts in self.env.cr.fetchall()}
        purposes = []
        for contract in self:
            purpose = contract.payment_purpose
            texts = translations.get(contract.template_id.id, {})
            if purpose and purpose in texts.values():
                purpose = texts.get(lang) or texts.get("en_US") or purpose
            purposes.append(purpose)
        return purposes

    def action_view_invoices(self):
        """This contract's invoices and credit notes in Odoo's invoice list
        (its vendor bills in the bill list, for a supplier contract)."""
        self.ensure_one()
        return self.invoice_ids._service_contract_action(self.direction)

    def action_view_billing_dates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_billing.service_contract_billing_date_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {}
        return action
