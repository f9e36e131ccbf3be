/** @odoo-module **/
// Role tours of Order Entry Control. Each runs on data made by its Python test
// (order_entry_control/tests/test_tours.py), which also checks the outcome.

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// Open the order from the Sales Order group of the activity systray menu.
function openOrderFromActivities(customer) {
    return [
        {
            content: "Open the activities of the systray",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "Open the sales order activities",
            trigger: ".o-mail-ActivityGroup:contains('Sales Order')",
            run: "click",
        },
        {
            content: "Open the order waiting for me",
            trigger: `.o_list_renderer .o_data_row .o_data_cell:contains('${customer}')`,
            run: "click",
        },
    ];
}

tours.add("order_entry_control_clerk_submit", {
    steps: () => [
        {
            content: "Check the order",
            trigger: ".o_statusbar_buttons button[name='action_run_checks']",
            run: "click",
        },
        {
            content: "The red banner says a finding blocks the submission",
            trigger: ".o_form_view .alert-danger:contains('block the submission')",
        },
        {
            content: "The Order Control tab lists the missing customer total",
            trigger: ".o_notebook_headers a:contains('Order Control')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='finding_ids'] .o_data_row:contains('Enter the total')",
        },
        {
            content: "Enter the total written on the customer's order",
            trigger: ".o_field_widget[name='customer_stated_total'] input",
            run: "edit 200",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The banner is gone",
            trigger: ".o_form_view .o_form_saved:not(:has(.alert-danger))",
        },
        {
            content: "Submit for review",
            trigger: ".o_statusbar_buttons button[name='action_submit_review']",
            run: "click",
        },
        {
            content: "The order waits for its first review",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To Review')",
        },
    ],
});

tours.add("order_entry_control_reviewer_pass", {
    steps: () => [
        ...openOrderFromActivities("Shanghai Huadong Trading"),
        {
            content: "Pass the review",
            trigger: ".o_statusbar_buttons button[name='action_review_pass']",
            run: "click",
        },
        {
            content: "The order goes on to approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To Approve')",
        },
    ],
});

tours.add("order_entry_control_approver_approve", {
    steps: () => [
        ...openOrderFromActivities("Shanghai Huadong Trading"),
        {
            content: "Approve",
            trigger: ".o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The order is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

tours.add("order_entry_control_manager_waive", {
    steps: () => [
        {
            content: "The red banner says a finding blocks the submission",
            trigger: ".o_form_view .alert-danger:contains('block the submission')",
        },
        {
            content: "Open the Order Control tab",
            trigger: ".o_notebook_headers a:contains('Order Control')",
            run: "click",
        },
        {
            content: "Waive the blocking finding",
            trigger: ".o_field_widget[name='finding_ids'] .o_data_row:contains('Enter the total') button[name='action_open_waive_wizard']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Total confirmed by the customer on the phone",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The finding is waived and the banner is gone",
            trigger: ".o_form_view:not(:has(.modal)):not(:has(.alert-danger)) .o_field_widget[name='finding_ids'] .o_data_row.text-muted",
        },
    ],
});

tours.add("order_entry_control_setup_banner", {
    steps: () => [
        {
            content: "The quotations list warns that the review cannot run",
            trigger: ".o_list_view .o_order_control_setup_banner:contains('no review step is active')",
        },
    ],
});
