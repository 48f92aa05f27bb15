# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _service_period_bounds_text(self):
        """(start, end) of the service period in the environment's language
        and date format; empty strings without a period."""
        self.ensure_one()
        BillingDate = self.env["service.contract.billing.date"]
        return BillingDate._format_date(self.service_start_date), BillingDate._format_date(self.service_end_date)

    def _service_period_text(self):
        """The service period of this line as printed on the invoice
        ("Service period: 01/01/2026 – 12/31/2026"), in the environment's
        language and its date format (the invoice document renders in the
        partner's); empty without a period."""
        self.ensure_one()
        if not self.service_start_date or not self.service_end_date:
            return ""
        start, end = self._service_period_bounds_text()
        return self.env._("Service period: %(start)s – %(end)s", start=start, end=end)

    def _service_period_in_label(self, text=None):
        """Whether ``text`` (default: the line's label) shows both bounds of
        the service period in the document's date format, as the labels the
        billing run writes do ("SC/2026/00001: 01.09.2026 bis 30.09.2026")."""
        self.ensure_one()
        text = self.name if text is None else text
        if not self.service_start_date or not text:
            return False
        start, end = self._service_period_bounds_text()
        return start in text and end in text

    def _service_period_printed(self):
        """Whether the invoice document prints the service period under this
        line's label: not when the label already shows it, as the labels the
        billing run writes (and the credit notes that copy them) do; those
        also name the contract and, on a correction, the invoice corrected,
        so the label is kept and the period not repeated."""
        self.ensure_one()
        return bool(self.service_start_date and not self._service_period_in_label())

    def _service_contract_label_without_period(self):
        """The label without its lines that show the service period: the
        description of the contract invoice document, whose Service Period
        column shows the period."""
        self.ensure_one()
        lines = (self.name or "").split("\n")
        kept = [text for text in lines if not self._service_period_in_label(text)]
        return "\n".join(kept) if kept else lines[0]
