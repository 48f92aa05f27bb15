# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractTemplate(models.Model):
    _inherit = "service.contract.template"

    invoice_per_contract = fields.Boolean(
        help="The billing run makes one invoice per contract instead of one per "
        "customer."
    )
    bill_on_creation = fields.Boolean(
        string="Bill Automatically on Creation",
        help="Invoice the first billing dates as soon as a contract is created.",
    )
    bill_on_creation_count = fields.Integer(
        string="Billing Dates Billed on Creation",
        default=1,
        help="How many billing dates are invoiced immediately when a contract "
        "is created.",
    )
    # Only invoice reports: Odoo's Send & Print refuses any other.
    invoice_report_id = fields.Many2one(
        "ir.actions.report",
        string="Invoice Document",
        domain="[('model', '=', 'account.move'), ('is_invoice_report', '=', True)]",
        help="Used to print the invoices the billing run creates for this template.",
    )
    print_invoice = fields.Boolean(
        default=True, help="Default of 'print invoice' in the billing run."
    )

    @api.constrains("bill_on_creation_count")
    def _check_bill_on_creation_count(self):
        for template in self:
            if template.bill_on_creation_count < 0:
                raise ValidationError(
                    self.env._(
                        "%(template)s: the number of billing dates billed on "
                        "creation cannot be negative.",
                        template=template.name,
                    )
                )

    def _report_fields(self):
        return [*super()._report_fields(), ("invoice_report_id", "account.move")]

    @api.constrains("invoice_report_id")
    def _check_invoice_report(self):
        self._check_reports()
