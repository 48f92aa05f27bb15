# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    service_contract_has_dates = fields.Boolean(compute="_compute_service_contract_has_dates")
    service_contract_rebill = fields.Boolean(
        string="Bill These Contract Periods Again",
        help="The contract periods these invoices billed are billed again by the "
        "next billing run, once. Leave it off when the credit note only settles "
        "the invoice: the periods then stay billed.",
    )

    @api.depends("move_ids")
    def _compute_service_contract_has_dates(self):
        for wizard in self:
            wizard.service_contract_has_dates = bool(
                wizard.move_ids._origin._service_contract_rebillable_dates()
            )

    def reverse_moves(self, is_modify=False):
        """With *Bill These Contract Periods Again*, the billed dates of each
        reversed invoice are marked credited by its credit note, and the
        contracts make fresh dates for their periods."""
        self.ensure_one()
        if not self.service_contract_rebill:
            return super().reverse_moves(is_modify=is_modify)
        dates = self.move_ids._service_contract_rebillable_dates()
        if not dates:
            raise UserError(
                self.env._("These invoices bill no contract period that could be billed again.")
            )
        if is_modify:
            raise UserError(
                self.env._(
                    "Reverse and Create Invoice already makes the new invoice: untick "
                    "\"Bill These Contract Periods Again\", or reverse only and let the "
                    "billing run bill the periods again."
                )
            )
        moves = self.move_ids
        result = super().reverse_moves(is_modify=is_modify)
        for move in moves:
            credit_note = self.new_move_ids.filtered(
                lambda m, move=move: m.reversed_entry_id == move
            )
            move._service_contract_rebillable_dates()._credit(credit_note[:1])
        return result
