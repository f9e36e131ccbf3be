/** @odoo-module **/
// Role tours of the change and closure requests. Each runs on data made by its
// Python test (order_tracking/tests/test_tours.py), which also checks the outcome.

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function openFromActivities(group) {
    return [
        {
            content: "Open the activities of the systray",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: `Open the ${group} activities`,
            trigger: `.o-mail-ActivityGroup:contains('${group}')`,
            run: "click",
        },
        {
            content: "Open the request waiting for me",
            trigger: ".o_list_renderer .o_data_row:first .o_data_cell:first",
            run: "click",
        },
    ];
}

function statusIs(label) {
    return {
        content: `The request is ${label}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${label}')`,
    };
}

// Next week at 17:00, typed as the en_US datetime format of the web client.
function nextWeek() {
    const day = new Date();
    day.setDate(day.getDate() + 7);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(day.getMonth() + 1)}/${pad(day.getDate())}/${day.getFullYear()} 17:00:00`;
}

tours.add("order_tracking_change_request", {
    steps: () => [
        {
            content: "Request a change of the released order",
            trigger: ".o_statusbar_buttons button[name='action_request_change']",
            run: "click",
        },
        {
            content: "The request starts with the order's lines, the bolt line first",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:first .o_data_cell[name='product_id']:contains('Hex bolt')",
        },
        {
            content: "Change the bolt line in place: its quantity",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:first .o_data_cell[name='new_qty']",
            run: "click",
        },
        {
            content: "New quantity",
            trigger: ".o_field_widget[name='line_ids'] .o_selected_row .o_field_widget[name='new_qty'] input",
            run: "edit 15",
        },
        {
            content: "Leave the line",
            trigger: ".o_field_widget[name='reason'] textarea",
            run: "click",
        },
        {
            content: "The line shows the old quantity and the new one",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:first .o_order_change_value:contains('15')",
        },
        {
            content: "Why the order changes",
            trigger: ".o_field_widget[name='reason'] textarea",
            run: "edit Customer needs five more bolts",
        },
        {
            content: "Submit",
            trigger: ".o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        statusIs("Submitted"),
    ],
});

tours.add("order_tracking_change_approve", {
    steps: () => [
        ...openFromActivities("Order Change Request"),
        {
            content: "Approve: the dialog asks who carries the change out and by when",
            trigger: ".o_statusbar_buttons button[name='action_approve_dialog']",
            run: "click",
        },
        {
            content: "Name who carries the change out",
            trigger: ".modal .o_field_widget[name='owner_id'] input",
            run: "edit OC Clerk",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('OC Clerk')",
            run: "click",
        },
        {
            content: "and by when",
            trigger: ".modal .o_field_widget[name='date_deadline'] input",
            run: `edit ${nextWeek()}`,
        },
        {
            content: "a note with the decision",
            trigger: ".modal .o_field_widget[name='comment'] textarea",
            run: "edit Agreed with the customer",
        },
        {
            content: "Approve",
            trigger: ".modal-footer button[name='action_confirm']",
            run: "click",
        },
        statusIs("Approved"),
    ],
});

tours.add("order_tracking_change_apply", {
    steps: () => [
        {
            content: "Apply the approved change to the order",
            trigger: ".o_statusbar_buttons button[name='action_apply']",
            run: "click",
        },
        statusIs("Applied"),
    ],
});

tours.add("order_tracking_closure_request", {
    steps: () => [
        {
            content: "Request the closure of the completed order",
            trigger: ".o_statusbar_buttons button[name='action_request_closure']",
            run: "click",
        },
        {
            content: "Every precondition holds",
            trigger: ".o_form_view:not(:has(.alert-warning)) .o_field_widget[name='is_paid'] input:checked",
        },
        {
            content: "Submit",
            trigger: ".o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        statusIs("Submitted"),
    ],
});

tours.add("order_tracking_closure_approve", {
    steps: () => [
        ...openFromActivities("Order Closure Request"),
        {
            content: "Approve and close the order",
            trigger: ".o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        statusIs("Approved"),
    ],
});

tours.add("order_tracking_log_milestone", {
    steps: () => [
        {
            content: "Open the Order Control menu of Sales",
            trigger: ".o_main_navbar [data-menu-xmlid='order_tracking.order_tracking_menu']",
            run: "click",
        },
        {
            content: "Open the tracking table",
            trigger: "[data-menu-xmlid='order_tracking.order_milestone_menu']",
            run: "click",
        },
        {
            content: "Log the production plan of the order",
            trigger: ".o_list_renderer .o_data_row:contains('Production planned') button[name='action_open_log_wizard']",
            run: "click",
        },
        {
            content: "Write a note",
            trigger: ".modal .o_field_widget[name='note'] input",
            run: "edit Plan sent to the workshop",
        },
        {
            content: "Log",
            trigger: ".modal button[name='action_log']",
            run: "click",
        },
        {
            content: "The milestone is done: it stays in the order's table, without Log",
            trigger: ".o_action_manager:not(:has(.modal)) .o_list_renderer .o_data_row:contains('Production planned'):not(:has(button[name='action_open_log_wizard']))",
        },
    ],
});

// An administrator, not in developer mode, makes a user a tracker in
// Settings > Users: the Order Control section lists every role.
tours.add("order_tracking_make_a_tracker", {
    steps: () => [
        {
            content: "The Order Control section shows the tracking roles",
            trigger: ".o_form_view .o_notebook",
        },
        {
            content: "Make the user an Order Tracker",
            trigger: ".o_form_view select:has(option:contains('Order Department Head'))",
            run: "selectByLabel Order Tracker",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
