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
    "depends": ["service_contract", "account"],
    "external_dependencies": {"python": ["python-dateutil"]},
    "data": [
        "security/ir.model.access.csv",
        "security/service_contract_billing_security.xml",
        "data/ir_cron_data.xml",
        "report/service_contract_invoice_report.xml",
        "report/service_contract_invoice_templates.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_contract_billing_date_views.xml",
        "views/service_contract_billing_run_views.xml",
        "views/service_contract_portal_templates.xml",
        "wizards/account_move_reversal_views.xml",
    ],
    "demo": ["demo/service_contract_template_demo.xml"],
    "post_init_hook": "post_init_hook",
}
