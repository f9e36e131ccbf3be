# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order KPI",
    "summary": "KPI facts, monthly scorecards, bands, bonuses and penalties "
    "for order entry, review and tracking",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "author": "Order Control",
    "website": "https://github.com/order-control/order-control",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["order-control"],
    "depends": ["order_tracking"],
    "data": [
        "security/order_kpi_security.xml",
        "security/ir.model.access.csv",
        "security/order_kpi_rules.xml",
        "data/order_kpi_area_data.xml",
        "data/order_kpi_definition_data.xml",
        "data/ir_cron_data.xml",
        "views/res_config_settings_views.xml",
        "views/order_kpi_wizard_views.xml",
        "views/order_kpi_fact_views.xml",
        "views/order_kpi_definition_views.xml",
        "views/order_kpi_scorecard_views.xml",
        "views/order_kpi_menus.xml",
        "views/stock_picking_views.xml",
        "views/order_kpi_area_views.xml",
        "report/order_kpi_scorecard_report.xml",
    ],
    "post_init_hook": "post_init_hook",
    "demo": ["demo/order_kpi_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "order_kpi/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
