/** @odoo-module **/
// A value of a change-request line shown as "old → new" when it changes
// (old struck through, new in bold), and as the plain value otherwise.

import {FloatField, floatField} from "@web/views/fields/float/float_field";
import {formatFloat} from "@web/views/fields/formatters";
import {registry} from "@web/core/registry";

export class OrderChangeValueField extends FloatField {
    static template = "order_tracking.OrderChangeValueField";
    static props = {
        ...FloatField.props,
        oldField: {type: String, optional: true},
    };

    get changeType() {
        return this.props.record.data.change_type;
    }

    get oldValue() {
        return this.props.oldField ? this.props.record.data[this.props.oldField] : 0;
    }

    get formattedOld() {
        return formatFloat(this.oldValue, {
            digits: this.props.digits,
            field: this.props.record.fields[this.props.oldField],
        });
    }

    get isChanged() {
        if (!this.props.oldField || this.changeType !== "update") {
            return false;
        }
        return this.formattedOld !== this.formattedValue;
    }
}

export const orderChangeValueField = {
    ...floatField,
    component: OrderChangeValueField,
    extractProps(fieldInfo, dynamicInfo) {
        return {
            ...floatField.extractProps(fieldInfo, dynamicInfo),
            oldField: fieldInfo.options.old_field,
        };
    },
};

registry.category("fields").add("order_change_value", orderChangeValueField);
