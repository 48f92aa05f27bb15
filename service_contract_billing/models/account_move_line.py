# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

#: What a line that bills a billing date must keep as the billing run made it.
CONTRACT_LINE_LOCKED_FIELDS = frozenset(
    ("product_id", "product_uom_id", "quantity", "price_unit", "discount", "service_contract_billing_date_id")
) | frozenset(("service_start_date", "service_end_date"))


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "service.contract.move.line.period.mixin"]

    service_contract_billing_date_id = fields.Many2one(
        "service.contract.billing.date",
        string="Contract Billing Date",
        copy=False,
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
    )
    service_contract_id = fields.Many2one(
        related="service_contract_billing_date_id.contract_id", string="Service Contract"
    )

    def init(self):
        # A billing date is on at most one invoice line that is not cancelled:
        # a second one is refused by PostgreSQL itself, whoever creates it.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (service_contract_billing_date_id) "
                "WHERE service_contract_billing_date_id IS NOT NULL AND parent_state != 'cancel'",
                SQL.identifier("account_move_line_service_contract_billing_date_once"),
                SQL.identifier(self._table),
            )
        )

    def unlink(self):
        """A deleted line sends the date it billed back to billing; a date
        another line billed stays billed."""
        billed = self.env["service.contract.billing.date"]._billed_by(self)
        result = super().unlink()
        billed.exists()._release()
        return result

    def write(self, vals):
        self._check_contract_lines_unchanged(vals)
        return super().write(vals)

    def _check_contract_lines_unchanged(self, vals):
        """The rule for contract invoices edited by hand: a line that bills a
        billing date bills exactly that date (product, quantity, unit price,
        discount), so that later corrections compute from what was really
        invoiced; change the contract and the billing run bills the
        difference. Its text, account, taxes and analytic distribution may be
        changed; such a line may be deleted (its period is billed again) and
        other lines may be added. The link to the billing date never changes."""
        locked = CONTRACT_LINE_LOCKED_FIELDS & vals.keys()
        if not locked:
            return
        for line in self.filtered("service_contract_billing_date_id"):
            changed = [
                name for name in locked if line._contract_value_differs(name, vals[name])
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "The line \"%(line)s\" bills the contract period %(period)s: its %(fields)s "
                        "cannot be changed on the invoice. Change the contract instead (the billing "
                        "run then bills the difference), or delete the line to bill the period again.",
                        line=line.name.split("\n")[0] if line.name else line.product_id.display_name,
                        period=line.service_contract_billing_date_id.display_name,
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in changed),
                    )
                )

    def _contract_value_differs(self, name, value):
        field = self._fields[name]
        current = self[name]
        if field.type == "many2one":
            return current.id != (value or False)
        if field.type == "float":
            digits = field.get_digits(self.env)
            precision = digits[1] if digits else 6
            return float_compare(current or 0.0, value or 0.0, precision_digits=precision) != 0
        if field.type == "date":
            return current != field.to_date(value)
        if field.type == "monetary":
            return not self.currency_id.is_zero((current or 0.0) - (value or 0.0))
        return current != value
