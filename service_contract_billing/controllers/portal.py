# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import request

from odoo.addons.service_contract.controllers.portal import ServiceContractPortal


class ServiceContractBillingPortal(ServiceContractPortal):
    def _service_contract_page_values(self, contract_sudo, access_token, **kw):
        """The contract page also lists the posted invoices (and credit
        notes) that billed the contract and were sent to the viewer's
        company: one sent to another customer's invoice address is not the
        viewer's to see."""
        values = super()._service_contract_page_values(contract_sudo, access_token, **kw)
        partner = self._service_contract_invoice_partner(contract_sudo)
        values["invoices"] = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("line_ids.service_contract_id", "=", contract_sudo.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("commercial_partner_id", "=", partner.id),
                ],
                order="invoice_date desc, id desc",
            )
        )
        return values

    def _service_contract_invoice_partner(self, contract_sudo):
        """Whose invoices the contract page lists: a portal user's company
        (commercial partner); for a visitor with the contract's link or an
        employee, the contract's customer."""
        user = request.env.user
        if user._is_portal():
            return user.partner_id.commercial_partner_id
        return contract_sudo.commercial_partner_id
