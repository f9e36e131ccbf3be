/** @odoo-module **/
// The field a finding concerns, in the findings list of the quotation form:
// its label (as the form shows it) is a link that brings the field into view
// (opening the notebook page that holds it), focuses it and flashes it.

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

// The form's own widget of the field (not a cell of a list inside the form).
function findFieldWidget(formEl, fieldName) {
    return [...formEl.querySelectorAll(".o_field_widget")].find(
        (el) =>
            el.getAttribute("name") === fieldName &&
            !el.parentElement.closest(".o_field_x2many")
    );
}

// Open the form's notebook pages one after the other until the field shows.
export async function revealField(formEl, fieldName) {
    let widget = findFieldWidget(formEl, fieldName);
    if (widget) {
        return widget;
    }
    const tabs = [...formEl.querySelectorAll(".o_notebook_headers .nav-link")].filter(
        (tab) => !tab.parentElement.closest(".o_field_x2many")
    );
    const current = tabs.find((tab) => tab.classList.contains("active"));
    for (const tab of tabs) {
        if (tab === current) {
            continue;
        }
        tab.click();
        await nextFrame();
        await nextFrame();
        widget = findFieldWidget(formEl, fieldName);
        if (widget) {
            return widget;
        }
    }
    current?.click();
    return null;
}

export class FindingFieldLink extends Component {
    static template = "order_entry_control.FindingFieldLink";
    static props = { ...standardFieldProps };

    setup() {
        this.notification = useService("notification");
    }

    get label() {
        return this.props.record.data[this.props.name] || "";
    }

    get fieldName() {
        return this.props.record.data.field_name;
    }

    async onClick(ev) {
        ev.preventDefault();
        ev.stopPropagation();
        const formEl = ev.currentTarget.closest(".o_form_view");
        const widget = formEl && (await revealField(formEl, this.fieldName));
        if (!widget) {
            this.notification.add(
                _t("The field %s is not shown on this form.", this.label),
                { type: "warning" }
            );
            return;
        }
        widget.scrollIntoView({ block: "center" });
        widget.querySelector("input:not([type=hidden]), textarea, select")?.focus();
        widget.classList.add("o_order_control_flash");
        setTimeout(() => widget.classList.remove("o_order_control_flash"), 2000);
    }
}

export const findingFieldLink = {
    component: FindingFieldLink,
    displayName: _t("Link to the field"),
    supportedTypes: ["char"],
    fieldDependencies: [{ name: "field_name", type: "char" }],
};

registry.category("fields").add("order_control_field_link", findingFieldLink);
