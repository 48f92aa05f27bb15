# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ServiceContractLockMixin(models.AbstractModel):
    """A started contract's lines also keep their price history and stay
    active: archiving a line removes it (its billed periods are refunded),
    so only the explicit actions may."""

    _inherit = "service.contract.lock.mixin"

    def _locked_fields(self):
        fnames = super()._locked_fields()
        if self._name == "service.contract.line":
            fnames = fnames | {"active", "price_ids"}
        return fnames
