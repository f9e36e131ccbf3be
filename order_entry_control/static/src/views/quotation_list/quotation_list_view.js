/** @odoo-module **/
// The quotations list warns when Order Control is on but its review cannot
// run (no active review step, or a step nobody can act on).

import { onWillStart, useState } from "@odoo/owl";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { SaleListView } from "@sale/views/sale_onboarding_list/sale_onboarding_list_view";
import { SaleListRenderer } from "@sale/views/sale_onboarding_list/sale_onboarding_list_renderer";

export class OrderControlQuotationListRenderer extends SaleListRenderer {
    static template = "order_entry_control.QuotationListRenderer";

    setup() {
        super.setup();
        this.orderControl = useState({ message: false });
        onWillStart(async () => {
            const result = await rpc("/order_entry_control/onboarding_banner");
            this.orderControl.message = result.message;
        });
    }
}

export const OrderControlQuotationListView = {
    ...SaleListView,
    Renderer: OrderControlQuotationListRenderer,
};

registry.category("views").add("order_control_quotation_list", OrderControlQuotationListView);
