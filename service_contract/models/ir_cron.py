# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

#: How soon a scheduled action that could do nothing while work remains is
#: called again (the cron runner's precision is one minute).
RETRY_DELAY = timedelta(minutes=2)


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _service_contract_notify_progress(self, done, remaining):
        """``_notify_progress`` for our scheduled actions, which never leave
        work waiting a day. Odoo 18's runner calls a job again at once while
        it reports ``done > 0`` and ``remaining > 0``, but takes ``done == 0``
        for a job that does not report progress and reschedules it after its
        interval (a day) even when ``remaining > 0``: a call that could bill
        nothing because another worker held the work or a concurrent update
        made it retry would leave the rest for tomorrow. Such a call asks the
        runner to call the job again in ``RETRY_DELAY`` (a future trigger
        survives the rescheduling, which drops only past ones). Outside a
        cron job (no progress in the context) it does nothing."""
        self._notify_progress(done=done, remaining=remaining)
        progress_id = self.env.context.get("ir_cron_progress_id")
        if progress_id and remaining and not done:
            cron = self.env["ir.cron.progress"].sudo().browse(progress_id).cron_id
            cron._trigger(at=fields.Datetime.now() + RETRY_DELAY)
