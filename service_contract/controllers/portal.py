# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.service_contract import ACTIVE_STATES

#: A running contract "ends soon" when its end is this close.
ENDING_SOON_DAYS = 90


class ServiceContractPortal(CustomerPortal):
    """The customer's service contracts and covered devices in /my."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Contract = request.env["service.contract"]
        if "service_contract_count" in counters:
            values["service_contract_count"] = (
                Contract.search_count(self._service_contract_domain())
                if Contract.has_access("read")
                else 0
            )
        if "service_contract_device_count" in counters:
            Device = request.env["service.contract.device"]
            values["service_contract_device_count"] = (
                Device.search_count(self._service_contract_device_domain())
                if Device.has_access("read")
                else 0
            )
        return values

    def _service_contract_device_domain(self):
        return [
            ("contract_id", "any", self._service_contract_domain()),
            ("contract_id.state", "in", ACTIVE_STATES),
        ]

    def _service_contract_domain(self):
        """The contracts a portal user sees: their company's customer
        contracts once started (the record rules say the same)."""
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("commercial_partner_id", "=", partner.id),
            ("direction", "=", "customer"),
            ("state", "!=", "draft"),
        ]

    def _service_contract_searchbar_filters(self):
        today = fields.Date.context_today(request.env.user)
        soon = today + relativedelta(days=ENDING_SOON_DAYS)
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "running": {
                "label": request.env._("Active"),
                "domain": [("state", "in", ("running", "paused", "to_renew"))],
            },
            "ending": {
                "label": request.env._("Ending Soon"),
                "domain": [
                    ("state", "in", ACTIVE_STATES),
                    ("date_end", "!=", False),
                    ("date_end", "<=", soon),
                    ("date_end", ">=", today),
                ],
            },
            "ended": {
                "label": request.env._("Ended"),
                "domain": [
                    "|",
                    ("state", "=", "expired"),
                    "&",
                    ("state", "=", "terminated"),
                    ("date_end", "<", today),
                ],
            },
        }

    def _service_contract_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Start"), "order": "date_start desc, id desc"},
            "end": {"label": request.env._("End"), "order": "date_end asc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name asc"},
        }

    @http.route(
        ["/my/service_contracts", "/my/service_contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_contracts(self, page=1, sortby=None, filterby=None, **kw):
        Contract = request.env["service.contract"]
        filters = self._service_contract_searchbar_filters()
        sortings = self._service_contract_searchbar_sortings()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = self._service_contract_domain() + filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/service_contracts",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        contracts = Contract.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_service_contracts_history"] = contracts.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contracts": contracts.sudo(),
                "page_name": "service_contract",
                "pager": pager,
                "default_url": "/my/service_contracts",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("service_contract.portal_my_service_contracts", values)

    @http.route(
        ["/my/service_contracts/<int:contract_id>"], type="http", auth="public", website=True
    )
    def portal_service_contract_page(
        self, contract_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            contract_sudo = self._document_check_access(
                "service.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref=contract_sudo._get_contract_report().report_name,
                download=download,
            )
        values = self._service_contract_page_values(contract_sudo, access_token, **kw)
        return request.render("service_contract.portal_service_contract_page", values)

    def _service_contract_page_values(self, contract_sudo, access_token, **kw):
        """Values of the contract page; extension hook (billing adds invoices)."""
        values = {
            "contract": contract_sudo,
            "page_name": "service_contract",
            "entitlements": contract_sudo.entitlement_ids.sorted(
                lambda e: (e.device_id.id or 0, e.sequence, e.id)
            ),
            "pauses": contract_sudo.pause_ids.sorted("date_start"),
            "report_type": "html",
        }
        return self._get_page_view_values(
            contract_sudo, access_token, values, "my_service_contracts_history", False, **kw
        )

    @http.route(["/my/devices"], type="http", auth="user", website=True)
    def portal_my_devices(self, **kw):
        """The devices covered by the customer's running contracts, with what
        each is entitled to today."""
        devices = request.env["service.contract.device"].search(
            self._service_contract_device_domain(), order="contract_id, id"
        )
        today = fields.Date.context_today(request.env.user)
        devices_sudo = devices.sudo()
        entitlements = devices_sudo.contract_id.entitlement_ids.filtered(
            lambda e: e._is_valid_on(today)
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "devices": devices_sudo,
                "entitlements_by_device": {
                    # The device's own rights and its contract's other rights.
                    device: entitlements.filtered(
                        lambda e, d=device: e.contract_id == d.contract_id
                        and (not e.device_id or e.device_id == d)
                    )
                    for device in devices_sudo
                },
                "page_name": "service_contract_devices",
            }
        )
        return request.render("service_contract.portal_my_service_contract_devices", values)
