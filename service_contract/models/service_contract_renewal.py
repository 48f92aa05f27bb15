# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, models


class ServiceContractRenewal(models.AbstractModel):
    """Renewal offers: before a contract ends, a quotation offers the
    customer its next term; confirming it extends the contract. Mixed into
    ``service.contract``, which declares the fields (``renewal_offer_date``,
    ``renewal_order_id``)."""

    _name = "service.contract.renewal"
    _description = "Service Contract Renewal"

    @api.depends("date_end", "template_id.renewal_offer", "template_id.renewal_offer_days")
    def _compute_renewal_offer_date(self):
        for contract in self:
            template = contract.template_id
            contract.renewal_offer_date = (
                contract.date_end - relativedelta(days=template.renewal_offer_days)
                if template.renewal_offer and contract.date_end
                else False
            )

    @api.model
    def _cron_create_renewal_offers(self):
        today = self._today()
        return self._cron_process(
            (
                [
                    ("state", "in", ("running", "paused", "to_renew")),
                    ("renewal_order_id", "=", False),
                    ("renewal_offer_date", "<=", today),
                    ("date_end", ">=", today),
                ],
                "_create_renewal_offer",
            )
        )

    def _prepare_renewal_order_vals(self):
        """Values of the quotation offering the next term, in the contract's
        pricelist and so its currency (none: the company's); extension hook."""
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "user_id": self.user_id.id,
            "origin": self.name,
            "renewed_contract_id": self.id,
            "payment_term_id": self.payment_term_id.id,
            "order_line": [
                Command.create(line._prepare_renewal_order_line_vals()) for line in self.line_ids
            ],
        }

    def _create_renewal_offer(self):
        self.ensure_one()
        order = self.env["sale.order"].create(self._prepare_renewal_order_vals())
        self.renewal_order_id = order
        self.message_post(
            body=self.env._("Renewal offer %(order)s created.", order=order._get_html_link())
        )

    def _renew_from_order(self, order):
        """The customer accepted the renewal ``order``: the contract runs on
        for another term, from the day after its end (no gap, no overlap),
        at the order's prices."""
        self.ensure_one()
        if self.renewal_order_id != order:
            return False
        for order_line in order.order_line.filtered("service_contract_renewed_line_id"):
            contract_line = order_line.service_contract_renewed_line_id
            if contract_line.contract_id == self:
                contract_line.price_unit = order_line.price_unit
        # Offers made before order lines named their contract line.
        unlinked = order.order_line.filtered(
            lambda line: not line.service_contract_renewed_line_id and not line.display_type
        )
        prices = {line.product_id: line.price_unit for line in unlinked}
        for line in self.line_ids.filtered(
            lambda line: line.line_type == "product" and line.product_id in prices
        ):
            line.price_unit = prices[line.product_id]
        next_start = self.date_end + relativedelta(days=1)
        if self.template_id:
            new_end = self.template_id._term_end(next_start)
        else:
            new_end = next_start + relativedelta(years=1, days=-1)
        pause_extension = self.date_end - self.date_end_agreed
        self.write(
            {
                "date_end_agreed": new_end - pause_extension,
                "state": "running",
                "expiry_notice_sent": False,
                "renewal_order_id": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Renewed by %(order)s until %(date)s.",
                order=order._get_html_link(),
                date=self.date_end,
            )
        )
        return True
