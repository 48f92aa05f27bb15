/** @odoo-module **/
// Copyright 2026 Service Contract Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("service_contract_portal", {
    url: "/my",
    steps: () => [
        {
            content: "Open the service contracts from the portal home",
            trigger: "a[href='/my/service_contracts']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the running contract",
            trigger: "table a:contains('SC/')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The contract shows its covered devices",
            trigger: "#service_contract_devices td:contains('SN-TOUR-1')",
        },
        {
            content: "...and its entitlements",
            trigger: "#service_contract_entitlements td:contains('Tour hotline')",
        },
        {
            content: "The contract can be downloaded as PDF",
            trigger: "a.o_service_contract_download[href*='report_type=pdf'][href*='download=true']",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open My Devices",
            trigger: "a[href='/my/devices']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The device is listed with what it is entitled to today",
            trigger: ".o_service_contract_device:contains('SN-TOUR-1'):contains('Tour hotline')",
        },
    ],
});

registry.category("web_tour.tours").add("service_contract_wizard", {
    url: "/odoo/action-service_contract.service_contract_action",
    steps: () => [
        {
            content: "Start the wizard from the contract list",
            trigger: "button:contains('New from Template')",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".modal div[name='partner_id'] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Customer')",
            run: "click",
        },
        {
            content: "The template offered for the customer is chosen",
            trigger: ".modal div[name='template_id'] input:value('Tour template')",
        },
        {
            content: "Open the contract instead of printing it",
            trigger: ".modal div[name='print_document'] input:checked",
            run: "click",
        },
        {
            trigger: ".modal div[name='print_document'] input:not(:checked)",
        },
        {
            content: "Create the contract",
            trigger: ".modal button[name='action_create']",
            run: "click",
        },
        {
            content: "The new draft contract opens",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            content: "Confirm (start) it",
            trigger: ".o_form_view button[name='action_start']",
            run: "click",
        },
        {
            content: "It runs",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Running')",
        },
    ],
});
