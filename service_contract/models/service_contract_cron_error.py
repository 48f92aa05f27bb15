# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ServiceContractCronError(models.Model):
    """A contract that a step of a scheduled action could not handle, and
    why: the step leaves it out for the rest of the day (so that it neither
    stops the other contracts nor keeps the action busy) and tries it again
    the next day. One record per contract and step, gone once the step
    succeeds."""

    _name = "service.contract.cron.error"
    _description = "Service Contract Scheduled Action Error"
    _order = "date desc, id desc"

    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade", index=True)
    method = fields.Char(string="Step", required=True, help="The contract method that failed.")
    date = fields.Date(required=True, help="The last day the step failed for this contract.")
    message = fields.Text()

    _sql_constraints = [
        (
            "contract_method_uniq",
            "unique(contract_id, method)",
            "A contract has one error per scheduled step.",
        )
    ]

    @api.model
    def _record(self, method, day, errors):
        """Record that ``method`` failed on ``day`` for the contracts of
        ``errors`` (contract: exception)."""
        if not errors:
            return
        existing = self.sudo().search(
            [("contract_id", "in", [c.id for c in errors]), ("method", "=", method)]
        ).grouped("contract_id")
        new = []
        for contract, error in errors.items():
            vals = {"date": day, "message": str(error)}
            if contract in existing:
                existing[contract].write(vals)
            else:
                new.append({"contract_id": contract.id, "method": method, **vals})
        self.sudo().create(new)

    @api.model
    def _clear(self, method, contracts):
        """``method`` succeeded for ``contracts``: forget their errors."""
        if contracts:
            self.sudo().search([("contract_id", "in", contracts.ids), ("method", "=", method)]).unlink()
