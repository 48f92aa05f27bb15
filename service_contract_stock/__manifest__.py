# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Service Contracts - Inventory",
    "summary": "Serial numbers of covered devices from the delivered lots",
    "version": "18.0.1.0.0",
    "category": "Sales/Service Contracts",
    "license": "LGPL-3",
    "author": "Service Contract Team",
    "development_status": "Alpha",
    "depends": ["service_contract", "sale_stock"],
    "data": ["views/service_contract_device_views.xml"],
    "auto_install": True,
}
