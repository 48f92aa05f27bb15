# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_contract_auto_post = fields.Boolean(
        related="company_id.service_contract_auto_post",
        readonly=False,
    )
    service_contract_billing_day = fields.Integer(
        related="company_id.service_contract_billing_day",
        readonly=False,
    )
