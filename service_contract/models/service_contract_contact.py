# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, models


class ServiceContractContact(models.AbstractModel):
    """The contact activities of a contract: every contact interval of its
    template the salesperson gets the template's activity (e.g. "call the
    customer"). Mixed into ``service.contract``, which declares
    ``next_contact_date``."""

    _name = "service.contract.contact"
    _description = "Service Contract Contact Activities"

    @api.depends("template_id.contact_interval_months", "date_start")
    def _compute_next_contact_date(self):
        for contract in self:
            months = contract.template_id.contact_interval_months
            contract.next_contact_date = (
                contract.date_start + relativedelta(months=months)
                if months and contract.date_start
                else False
            )

    @api.model
    def _cron_plan_contact_activities(self):
        return self._cron_process(
            (
                [
                    ("state", "in", ("running", "paused", "to_renew")),
                    ("next_contact_date", "<=", self._today()),
                    ("template_id.contact_activity_type_id", "!=", False),
                ],
                "_plan_contact_activity",
            )
        )

    def _plan_contact_activity(self):
        self.ensure_one()
        template = self.template_id
        self.activity_schedule(
            activity_type_id=template.contact_activity_type_id.id,
            date_deadline=self.next_contact_date,
            user_id=self.user_id.id or self.env.uid,
            summary=self.env._("Contact the customer (contract %(name)s)", name=self.name),
        )
        months = template.contact_interval_months
        next_date = self.next_contact_date
        today = self._today()
        while months > 0 and next_date <= today:
            next_date += relativedelta(months=months)
        # An interval below 1 month (data from before the check) plans no more.
        self.next_contact_date = next_date if months > 0 else False
