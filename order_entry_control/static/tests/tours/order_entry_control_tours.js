/** @odoo-module **/
// Role tours of Order Entry Control. Each runs on data made by its Python test
// (order_entry_control/tests/test_tours.py), which also checks the outcome.

import { formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

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

// A moment in the user's own format, hours from now (negative: ago).
function userDateTime(hours) {
    return formatDateTime(DateTime.now().plus({ hours }));
}

tours.add("order_entry_control_clerk_submit", {
    steps: () => [
        {
            content: "Choose the customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit Shanghai Huadong",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Shanghai Huadong Trading')",
            run: "click",
        },
        {
            content: "Intake, next to the customer: the order came by e-mail",
            trigger: ".o_group .o_field_widget[name='entry_channel'] select",
            run: 'select "email"',
        },
        {
            content: "It arrived an hour ago",
            trigger: ".o_group .o_field_widget[name='received_datetime'] input",
            run: () => {
                // typed in the user's own date format
                const input = document.querySelector(
                    ".o_group .o_field_widget[name='received_datetime'] input"
                );
                input.value = userDateTime(-1);
                input.dispatchEvent(new Event("input", { bubbles: true }));
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The salesman took it",
            trigger: ".o_group .o_field_widget[name='order_taker_id'] input",
            run: "edit OC Salesman",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('OC Salesman')",
            run: "click",
        },
        {
            content: "The total written on the customer's order",
            trigger: ".o_group .o_field_widget[name='customer_stated_total'] input",
            run: "edit 200",
        },
        {
            content: "Add a line",
            trigger: ".o_field_widget[name='order_line'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='order_line'] .o_data_row .o_field_widget[name='product_template_id'] input",
            run: "edit Steel bracket M8",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Steel bracket M8')",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='order_line'] .o_data_row .o_field_widget[name='product_uom_qty'] input",
            run: "edit 2",
        },
        {
            content: "Check the order (it is saved first)",
            trigger: ".o_statusbar_buttons button[name='action_run_checks']",
            run: "click",
        },
        {
            content: "The red banner says a finding blocks the submission",
            trigger: ".o_form_view .alert-danger:contains('block the submission')",
        },
        {
            content: "The Order Control tab lists the findings",
            trigger: ".o_notebook_headers a:contains('Order Control')",
            run: "click",
        },
        {
            content: "The finding names the field as the form labels it, and links to it",
            trigger:
                ".o_field_widget[name='finding_ids'] .o_data_row:contains('Delivery Date: set the date') .o_order_control_field_link[data-field='commitment_date']:contains('Delivery Date')",
            run: "click",
        },
        {
            content: "The link opened the page of the field, shown in red",
            trigger:
                ".o_notebook_headers a.active:contains('Other Info'), .o_field_widget[name='commitment_date'].text-danger",
        },
        {
            content: "Enter the delivery date agreed with the customer",
            trigger: ".o_field_widget[name='commitment_date'].text-danger input",
            run: `edit ${userDateTime(24 * 10)}`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "All checks passed",
            trigger:
                ".o_form_view .o_form_saved .alert-success:contains('All checks passed'):not(:has(.alert-danger))",
        },
        {
            trigger: ".o_form_view:not(:has(.alert-danger)):not(:has(.o_field_widget.text-danger))",
        },
        {
            content: "Submit for review",
            trigger: ".o_statusbar_buttons button[name='action_submit_review']",
            run: "click",
        },
        {
            content: "The order waits for its first review; the green banner is gone",
            trigger:
                ".o_form_view:not(:has(.alert-success)) .o_statusbar_status button.o_arrow_button_current:contains('To Review')",
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

tours.add("order_entry_control_reviewer_mark_done", {
    steps: () => [
        ...openOrderFromActivities("Shanghai Huadong Trading"),
        {
            content: "The review step's activity, in the chatter: mark it done (✔)",
            trigger: ".o-mail-Activity:contains('First review') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "It opens the decision: the order's form with Pass Review",
            trigger: ".o_notification:contains('closes when the step is decided')",
        },
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
            trigger: ".o_field_widget[name='finding_ids'] .o_data_row:contains('enter the total') button[name='action_open_waive_wizard']",
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
