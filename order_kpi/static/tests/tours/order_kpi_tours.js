/** @odoo-module **/
// The KPI dashboard, reached from the Sales > Order Control menu
// (order_kpi/tests/test_tours.py runs it).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("order_kpi_dashboard", {
    steps: () => [
        {
            content: "Open the Order Control menu of Sales",
            trigger: ".o_main_navbar [data-menu-xmlid='order_tracking.order_tracking_menu']",
            run: "click",
        },
        {
            content: "Open the KPI dashboard",
            trigger: "[data-menu-xmlid='order_kpi.order_kpi_definition_menu_dashboard']",
            run: "click",
        },
        {
            content: "The dashboard shows a card per KPI, grouped by role",
            trigger: ".o_kanban_view .o_kanban_group .o_kanban_record:contains('Entry accuracy')",
        },
        {
            content: "The entry accuracy of this month is counted",
            trigger: ".o_kanban_record:contains('Entry accuracy'):not(:contains('No data this month'))",
        },
        {
            content: "Open the trend of entry accuracy",
            trigger: ".o_kanban_record:contains('Entry accuracy') button[name='action_open_trend']",
            run: "click",
        },
        {
            content: "The trend opens",
            trigger: ".o_breadcrumb:contains('Entry accuracy')",
        },
    ],
});
