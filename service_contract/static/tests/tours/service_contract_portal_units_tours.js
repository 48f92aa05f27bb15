/** @odoo-module **/
// Copyright 2026 Service Contract Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("service_contract_portal_units", {
    url: "/my",
    steps: () => [
        {
            content: "The contracts tile has its own icon",
            trigger: "a[href='/my/service_contracts'] img[src$='service_contract.svg']",
        },
        {
            content: "Open the service contracts",
            trigger: "a[href='/my/service_contracts']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A contract marked for renewal is active for the customer",
            trigger: "tr:has(a:contains('SC/')) .o_service_contract_state:contains('Active')",
        },
        {
            content: "The list shows the package",
            trigger: "tr:has(a:contains('SC/')) .o_service_contract_packages:contains('Standard')",
        },
        {
            content: "...the price with its period",
            trigger: "tr:has(a:contains('SC/')) .o_service_contract_price:contains('60.00'):contains('per month')",
        },
        {
            content: "...and the billing interval",
            trigger: "tr:has(a:contains('SC/')) .o_service_contract_billing:contains('Monthly')",
        },
        {
            content: "No internal state reaches the customer",
            trigger: "body:not(:has(.o_service_contract_state:contains('To Renew')))",
        },
        {
            content: "Open the contract",
            trigger: "table a:contains('SC/')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The contract page shows the package with its price and interval",
            trigger: "#service_contract_prices tr:contains('Standard'):contains('per month'):contains('Monthly')",
        },
        {
            content: "An unlimited service reads Unlimited in the included column",
            trigger: "#service_contract_entitlements tr:contains('Hotline') .o_service_contract_included:contains('Unlimited')",
        },
        {
            content: "A limited one states its quantity, unit and period",
            trigger: "#service_contract_entitlements tr:contains('Maintenance visit') .o_service_contract_included:contains('2 Units per Year')",
        },
        {
            content: "The reaction time has its unit",
            trigger: "#service_contract_entitlements tr:contains('Hotline') td:contains('2 h')",
        },
    ],
});
