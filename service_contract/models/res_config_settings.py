# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_contract_expiry_notice_days = fields.Integer(
        related="company_id.service_contract_expiry_notice_days",
        readonly=False,
    )
