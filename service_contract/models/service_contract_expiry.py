# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, models

from .states import ACTIVE_STATES


class ServiceContractExpiry(models.AbstractModel):
    """The expiry notice of a contract that ends: from its notice date the
    salesperson gets an activity and the customer an email, once. Mixed into
    ``service.contract``, which declares the fields (``expiry_notice_date``,
    ``expiry_notice_sent``)."""

    _name = "service.contract.expiry"
    _description = "Service Contract Expiry Notice"

    @api.depends(
        "date_end",
        "template_id.expiry_notice_days",
        "company_id.service_contract_expiry_notice_days",
    )
    def _compute_expiry_notice_date(self):
        for contract in self:
            days = (
                contract.template_id.expiry_notice_days
                or contract.company_id.service_contract_expiry_notice_days
            )
            contract.expiry_notice_date = (
                contract.date_end - relativedelta(days=days) if contract.date_end else False
            )

    @api.model
    def _cron_send_expiry_notices(self):
        today = self._today()
        return self._cron_process(
            (
                [
                    ("state", "in", ACTIVE_STATES),
                    ("expiry_notice_sent", "=", False),
                    ("expiry_notice_date", "<=", today),
                    ("date_end", ">=", today),
                ],
                "_send_expiry_notice",
            )
        )

    def _send_expiry_notice(self):
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.expiry_notice_date,
            user_id=self.user_id.id or self.env.uid,
            summary=self.env._("Contract ends on %(date)s", date=self.date_end),
        )
        template = self.env.ref(
            "service_contract.mail_template_contract_expiry", raise_if_not_found=False
        )
        if template and self.partner_id.email:
            self.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        self.expiry_notice_sent = True
