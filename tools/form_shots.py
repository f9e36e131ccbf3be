# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PNGs of the printed forms' first pages, in zh_CN, from the PDFs that the
forms' tests print (real records of the real flows):

    OC_FORMS_DUMP=/tmp/forms ./oc test --db forms_shots --no-lint --test-tags \\
        /order_entry_control:TestOrderForm,/order_tracking:TestRequestForms,/order_tracking:TestTrackingForms
    python3 tools/form_shots.py /tmp/forms docs/screenshots/forms
"""

import argparse
import os
import subprocess
import sys

# PNG name -> the PDF a test printed (its last print: the records decided)
FORMS = {
    "order_form": "test_signatures_from_the_review-action_report_order_form",
    "shipping_notice": "test_shipping_notice_from_the_delivery_and_the_order"
    "-action_report_shipping_notice",
    "change_request": "test_header_only_change_prints_old_and_new_address"
    "-action_report_order_change_request",
    "closure_request": "test_closure_request_with_its_evidence"
    "-action_report_order_closure_request",
    "allocation_table": "test_allocation_table-action_report_order_allocation",
    "tracking_table": "test_tracking_table_shows_lateness_in_hours"
    "-action_report_order_tracking",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", help="the folder of OC_FORMS_DUMP")
    parser.add_argument("out", help="where the PNGs go")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--dpi", default="50")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    missing = []
    for name, stem in FORMS.items():
        pdf = os.path.join(args.pdfs, f"{stem}-{args.lang}.pdf")
        if not os.path.exists(pdf):
            missing.append(pdf)
            continue
        target = os.path.join(args.out, f"{name}_{args.lang}")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                args.dpi,
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf,
                target,
            ],
            check=True,
        )
        print(f"{target}.png")
    if missing:
        sys.exit("not printed by the tests: " + ", ".join(missing))


if __name__ == "__main__":
    main()
