# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order KPI",
    "summary": "KPI facts, monthly scorecards, bands, bonuses and penalties "
    "for order entry, review and tracking",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Order Control",
    "website": "https://github.com/order-control/order-control",
    "license": "LGPL-3",
    "depends": ["order_tracking"],
    "data": [
        "security/order_kpi_security.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
