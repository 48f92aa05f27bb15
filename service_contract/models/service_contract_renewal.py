# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, models


def price_per_period_text(env, amount, months):
    """``amount`` (already formatted) for a period of ``months`` months as a
    renewal offer states it, e.g. "$ 110.00 per month"; ``months`` None: the
    price of the whole term (a one-time payment)."""
    if months is None:
        return env._("%(price)s for the term", price=amount)
    if months == 1:
        return env._("%(price)s per month", price=amount)
    if months == 3:
        return env._("%(price)s per quarter", price=amount)
    if months == 6:
        return env._("%(price)s per half-year", price=amount)
    if months == 12:
        return env._("%(price)s per year", price=amount)
    return env._("%(price)s per %(months)s months", price=amount, months=months)


class ServiceContractRenewal(models.AbstractModel):
    """Renewal offers: before a contract ends, a quotation offers the
    customer its next term, priced for the whole term (optionally indexed by
    the template's percentage), with an activity for the salesperson to
    follow it up, and emailed to the customer when the template says so;
    confirming it extends the contract and bills its prices from the next
    term's start. Mixed into ``service.contract``, which declares the fields
    (``renewal_offer_date``, ``renewal_order_id``)."""

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

    def _renewal_term(self):
        """First and last day of the next term: from the day after the end
        (no gap, no overlap), as long as a term of the template (without
        one: a year)."""
        self.ensure_one()
        start = self.date_end + relativedelta(days=1)
        if self.template_id:
            return start, self.template_id._term_end(start)
        return start, start + relativedelta(years=1, days=-1)

    def _renewal_decision_date(self):
        """The day by which the customer is to decide on the renewal offer:
        the last day notice can be given before the end (the end less the
        notice period); today when that day has passed."""
        self.ensure_one()
        return max(self._today(), self.date_end - relativedelta(days=self.notice_period_days))

    def _prepare_renewal_order_vals(self):
        """Values of the quotation offering the next term, in the contract's
        pricelist and so its currency (none: the company's), its lines
        described in the customer's language; the lines that end before the
        next term are not offered. Extension hook."""
        self.ensure_one()
        start, end = self._renewal_term()
        lines = self.line_ids.filtered(
            lambda line: line.display_type
            or not (
                (line.date_end and line.date_end < start)
                or (line.date_start and line.date_start > end)
            )
        )
        lines = lines.with_context(lang=self.partner_id.lang or self.env.lang)
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "user_id": self.user_id.id,
            "origin": self.name,
            "renewed_contract_id": self.id,
            "renewal_term_start": start,
            "renewal_term_end": end,
            "payment_term_id": self.payment_term_id.id,
            "order_line": [
                Command.create(line._prepare_renewal_order_line_vals(start, end))
                for line in lines
            ],
        }

    def _create_renewal_offer(self):
        """Create the quotation for the next term, valid at least until the
        customer's day to decide, plan its follow-up for the salesperson
        and, when the template says so, email it."""
        self.ensure_one()
        order = self.env["sale.order"].create(self._prepare_renewal_order_vals())
        self.renewal_order_id = order
        decision_date = self._renewal_decision_date()
        # The customer may accept the offer until the day to decide.
        if order.validity_date and order.validity_date < decision_date:
            order.validity_date = decision_date
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=decision_date,
            user_id=(self.user_id or order.user_id).id or self.env.uid,
            summary=self.env._("Renewal offer to follow up"),
        )
        if self._send_renewal_offer(order):
            body = self.env._(
                "Renewal offer %(order)s created and sent to the customer.",
                order=order._get_html_link(),
            )
        else:
            body = self.env._("Renewal offer %(order)s created.", order=order._get_html_link())
        self.message_post(body=body)

    def _send_renewal_offer(self, order):
        """Email the renewal ``order`` with the template's email, when the
        template sends it automatically and the customer has an address; the
        quotation is then sent, as by its Send button. Whether it was sent."""
        self.ensure_one()
        template = self.template_id
        mail_template = template.renewal_mail_template_id
        if not (template.renewal_auto_send and mail_template and order.partner_id.email):
            return False
        order._portal_ensure_token()
        order.with_context(mark_so_as_sent=True).message_post_with_source(
            mail_template,
            email_layout_xmlid="mail.mail_notification_layout_with_responsible_signature",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        return True

    def _renew_from_order(self, order):
        """The customer accepted the renewal ``order``: the contract runs on
        for another term, from the day after its end (no gap, no overlap),
        at the order's prices from that day on (periods before keep theirs,
        billed or not)."""
        self.ensure_one()
        if self.renewal_order_id != order:
            return False
        start, end = self._renewal_term()
        for order_line in order.order_line.filtered("service_contract_renewed_line_id"):
            contract_line = order_line.service_contract_renewed_line_id
            if contract_line.contract_id == self:
                contract_line._renew_price(order_line._service_contract_renewal_price(), start)
        # Offers made before order lines named their contract line.
        unlinked = order.order_line.filtered(
            lambda line: not line.service_contract_renewed_line_id and not line.display_type
        )
        prices = {line.product_id: line.price_unit for line in unlinked}
        for line in self.line_ids.filtered(
            lambda line: line.line_type == "product" and line.product_id in prices
        ):
            line._renew_price(prices[line.product_id], start)
        pause_extension = self.date_end - self.date_end_agreed
        self.write(
            {
                "date_end_agreed": end - pause_extension,
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
