# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Service Contracts",
    "summary": "Maintenance contracts built from service packages and single services",
    "version": "18.0.1.0.0",
    "category": "Sales/Service Contracts",
    "license": "LGPL-3",
    "author": "Service Contract Team",
    "development_status": "Alpha",
    "maintainers": [],
    "depends": ["sale_management", "portal", "mail", "product", "resource"],
    "external_dependencies": {"python": ["python-dateutil"]},
    "data": [
        "security/service_contract_security.xml",
        "security/ir.model.access.csv",
        "data/service_contract_service_kind_data.xml",
        "data/service_contract_type_data.xml",
        "views/service_contract_service_kind_views.xml",
        "views/service_contract_service_views.xml",
        "views/service_contract_package_views.xml",
        "views/service_contract_type_views.xml",
        "views/service_contract_template_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/service_contract_demo.xml",
    ],
    "application": True,
    "installable": True,
}
