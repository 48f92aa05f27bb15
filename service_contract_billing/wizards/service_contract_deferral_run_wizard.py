# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..tools.deferral import month_end


class ServiceContractDeferralRunWizard(models.TransientModel):
    _name = "service.contract.deferral.run.wizard"
    _description = "Run the Month-End Deferrals"

    @api.model
    def _default_date(self):
        today = fields.Date.context_today(self)
        return today if today == month_end(today) else today.replace(day=1) - timedelta(days=1)

    date = fields.Date(
        required=True,
        default=lambda self: self._default_date(),
        help="The deferrals are booked for the end of this date's month.",
    )
    month_end = fields.Date(compute="_compute_month_end")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("date")
    def _compute_month_end(self):
        for wizard in self:
            wizard.month_end = wizard.date and month_end(wizard.date)

    def action_run(self):
        self.ensure_one()
        Move = self.env["account.move"]
        Move._service_contract_deferral_run(self.company_id, self.date)
        entries = Move.search([
            ("company_id", "=", self.company_id.id),
            ("service_contract_deferral_date", "=", month_end(self.date)),
            ("service_contract_deferral_kind", "!=", False),
        ])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deferral Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", entries.ids)],
            "context": {"create": False},
        }
