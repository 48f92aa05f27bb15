/** @odoo-module **/
// Copyright 2026 Service Contract Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("service_contract_views", {
    url: "/odoo/action-service_contract.service_contract_action",
    steps: () => [
        {
            content: "The contracts list shows the contract",
            trigger: ".o_list_renderer td:contains('Views Tour Customer')",
        },
        {
            content: "Switch to kanban",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The card is in the Running column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Running')) .o_kanban_record:contains('Views Tour Customer')",
        },
        {
            content: "Switch to pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot adds the running revenue per month",
            trigger: ".o_pivot th:contains('Running Revenue per Month')",
        },
        {
            content: "Switch to calendar",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The calendar is shown",
            trigger: ".o_calendar_renderer",
        },
    ],
});
