# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order Entry Control",
    "summary": "Intake data, entry checks, two-level review and approval "
    "through activities, SLA clocks and a confirmation gate for sales orders",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "author": "Order Control",
    "website": "https://github.com/order-control/order-control",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["order-control"],
    "application": True,
    "depends": ["sale_management", "sale_stock", "mail", "resource"],
    "data": [
        "security/order_entry_control_security.xml",
        "security/ir.model.access.csv",
        "security/order_entry_control_rules.xml",
        "data/mail_data.xml",
        "data/stock_data.xml",
        "data/product_data.xml",
        "data/order_control_rule_data.xml",
        "data/order_review_step_data.xml",
        "data/ir_cron_data.xml",
        "wizards/order_control_reason_wizard_views.xml",
        "wizards/order_stockout_wizard_views.xml",
        "views/order_stock_reservation_views.xml",
        "views/order_control_finding_views.xml",
        "views/order_control_rule_views.xml",
        "views/order_review_step_views.xml",
        "views/order_review_views.xml",
        "views/order_absence_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/order_entry_control_menus.xml",
    ],
    "demo": ["demo/order_entry_control_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "order_entry_control/static/src/**/*",
        ],
        "web.assets_tests": [
            "order_entry_control/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
