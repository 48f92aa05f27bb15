# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ServiceContractTerminationReason(models.Model):
    """Why a contract was terminated, chosen in the terminate wizard."""

    _name = "service.contract.termination.reason"
    _description = "Termination Reason"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
