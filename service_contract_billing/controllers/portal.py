# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import request

from odoo.addons.service_contract.controllers.portal import ServiceContractPortal


class ServiceContractBillingPortal(ServiceContractPortal):
    def _service_contract_page_values(self, contract_sudo, access_token, **kw):
        """The contract page also lists the posted invoices (and credit
        notes) that billed the contract."""
        values = super()._service_contract_page_values(contract_sudo, access_token, **kw)
        values["invoices"] = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("line_ids.service_contract_id", "=", contract_sudo.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
            )
        )
        return values
