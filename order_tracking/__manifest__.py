# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order Tracking",
    "summary": "Allocation table, tracking timeline, exceptions, change and "
    "closure requests for controlled sales orders",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Order Control",
    "website": "https://github.com/order-control/order-control",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["order-control"],
    "depends": ["order_entry_control"],
    "data": [
        "security/order_tracking_security.xml",
        "security/ir.model.access.csv",
        "security/order_tracking_rules.xml",
        "data/order_milestone_type_data.xml",
        "data/mail_data.xml",
        "data/ir_cron_data.xml",
        "wizards/order_tracking_wizard_views.xml",
        "views/order_milestone_views.xml",
        "views/order_allocation_views.xml",
        "views/order_exception_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "data/order_request_data.xml",
        "report/order_request_reports.xml",
        "views/order_change_request_views.xml",
        "views/order_closure_request_views.xml",
        "views/res_config_settings_views.xml",
        "views/order_tracking_menus.xml",
        "report/order_tracking_reports.xml",
    ],
    "demo": ["demo/order_tracking_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "order_tracking/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
