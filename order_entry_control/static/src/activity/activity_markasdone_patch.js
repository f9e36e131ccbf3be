/** @odoo-module **/
// The ✔ "mark done" of an approval step's activity does not close it (only a
// decision does): "Done" (and "Done & Schedule Next") opens the record, whose
// form carries the decision buttons (pass, approve, reject with a reason),
// and says so.

import { ActivityMarkAsDone } from "@mail/core/web/activity_markasdone_popover";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

patch(ActivityMarkAsDone.prototype, {
    async onClickDone() {
        if (this.props.activity.order_step) {
            return this.openOrderStepDecision();
        }
        return super.onClickDone(...arguments);
    },

    async onClickDoneAndScheduleNext() {
        if (this.props.activity.order_step) {
            return this.openOrderStepDecision();
        }
        return super.onClickDoneAndScheduleNext(...arguments);
    },

    async openOrderStepDecision() {
        const { res_model, res_id } = this.props.activity;
        this.props.close?.();
        await this.env.services.action.doAction({
            type: "ir.actions.act_window",
            res_model,
            res_id,
            views: [[false, "form"]],
            target: "current",
        });
        this.env.services.notification.add(
            _t(
                "This activity closes when the step is decided: pass or approve it, " +
                    "or reject it with a reason, with the buttons at the top of the form."
            ),
            { type: "info" }
        );
    },
});
