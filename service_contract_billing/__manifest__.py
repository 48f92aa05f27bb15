# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Service Contracts Billing",
    "summary": "Month-end billing run: invoices and vendor bills from service contracts",
    "version": "18.0.1.0.0",
    "category": "Sales/Service Contracts",
    "license": "LGPL-3",
    "author": "Service Contract Team",
    "development_status": "Alpha",
    "maintainers": [],
    "depends": ["service_contract", "account"],
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
    "auto_install": False,
}
