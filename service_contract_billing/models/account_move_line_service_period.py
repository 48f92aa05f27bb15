# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMoveLineServicePeriodMixin(models.AbstractModel):
    """The service period of an invoice or vendor-bill line (the months its
    revenue or expense belongs to), and, on the lines of a deferral entry,
    the invoice line they defer or release. Added to ``account.move.line``."""

    _name = "service.contract.move.line.period.mixin"
    _description = "Service Period of Journal Items"

    service_start_date = fields.Date(
        string="Service Start",
        copy=True,
        help="First day of the period this line's revenue or expense belongs to. "
        "With a service end after the month of the invoice date, the future months' "
        "share is deferred and released month by month.",
    )
    service_end_date = fields.Date(
        string="Service End",
        copy=True,
        help="Last day of the period this line's revenue or expense belongs to.",
    )
    service_contract_deferral_source_id = fields.Many2one(
        "account.move.line",
        string="Deferred Invoice Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="On a deferral entry: the invoice or vendor-bill line whose share this line "
        "defers or releases.",
    )

    @api.constrains("service_start_date", "service_end_date")
    def _check_service_period(self):
        for line in self:
            if bool(line.service_start_date) != bool(line.service_end_date):
                raise ValidationError(
                    self.env._("A service period needs both a start and an end date (line \"%(line)s\").",
                               line=line.name or line.display_name)
                )
            if line.service_start_date and line.service_start_date > line.service_end_date:
                raise ValidationError(
                    self.env._("The service period of line \"%(line)s\" ends before it starts.",
                               line=line.name or line.display_name)
                )
