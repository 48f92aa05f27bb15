/** @odoo-module **/
// Copyright 2026 Service Contract Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("service_contract_wizard_devices", {
    url: "/odoo/action-service_contract.service_contract_action",
    steps: () => [
        {
            content: "Start the wizard from the customer contracts",
            trigger: "button:contains('New from Template')",
            run: "click",
        },
        {
            content: "The wizard asks for the customer",
            trigger: ".modal label.o_form_label:contains('Customer')",
        },
        {
            trigger: ".modal div[name='partner_id'] input",
            run: "edit Wizard Customer",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Wizard Customer')",
            run: "click",
        },
        {
            content: "The template offered for the customer is chosen",
            trigger: ".modal div[name='template_id'] input:value('Wizard template')",
        },
        {
            content: "The price shows its period",
            trigger: ".modal div[name='price_period']:contains('per Month')",
        },
        {
            content: "Add a covered device",
            trigger: ".modal div[name='device_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal div[name='device_ids'] .o_data_row div[name='product_id'] input",
            run: "edit Wizard chiller",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Wizard chiller')",
            run: "click",
        },
        {
            trigger: ".modal div[name='device_ids'] .o_data_row div[name='serial_number'] input",
            run: "edit SN-WIZ-1",
        },
        {
            content: "Create the contract",
            trigger: ".modal button[name='action_create']",
            run: "click",
        },
        {
            content: "The contract document is offered for printing",
            trigger: ".o_notification a:contains('Print the contract document')",
        },
        {
            content: "The new contract opens",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            trigger: ".o_form_view a.nav-link:contains('Devices')",
            run: "click",
        },
        {
            content: "with the device entered in the wizard",
            trigger: ".o_form_view div[name='device_ids'] td:contains('SN-WIZ-1')",
        },
    ],
});

registry.category("web_tour.tours").add("service_contract_wizard_supplier", {
    url: "/odoo/action-service_contract.service_contract_action_supplier",
    steps: () => [
        {
            content: "Start the wizard from the supplier contracts",
            trigger: "button:contains('New from Template')",
            run: "click",
        },
        {
            content: "The wizard asks for the partner, not a customer",
            trigger: ".modal label.o_form_label:contains('Partner')",
        },
        {
            trigger: ".modal div[name='partner_id'] input",
            run: "edit Wizard Supplier",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Wizard Supplier')",
            run: "click",
        },
        {
            trigger: ".modal div[name='print_document'] input:checked",
            run: "click",
        },
        {
            trigger: ".modal div[name='print_document'] input:not(:checked)",
        },
        {
            content: "Create the supplier contract",
            trigger: ".modal button[name='action_create']",
            run: "click",
        },
        {
            content: "The new contract opens",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
    ],
});
