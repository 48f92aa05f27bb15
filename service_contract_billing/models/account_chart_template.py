# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """A chart of accounts loaded for a company proposes its deferral
        settings (see ``res.company._service_contract_set_deferral_defaults``)."""
        result = super()._post_load_data(template_code, company, template_data)
        (company or self.env.company)._service_contract_set_deferral_defaults()
        return result
