# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import format_amount, format_date

from .service_contract_line_calculation import term_months
from .service_contract_renewal import price_per_period_text


class ServiceContractLineRenewal(models.AbstractModel):
    """A contract line in its contract's renewal offer (see
    ``service.contract.renewal``): its order line prices the line's part of
    the next term, at the line's price raised by the template's renewal
    index; confirming the offer gives the line its new price from the next
    term's start. Mixed into ``service.contract.line``."""

    _name = "service.contract.line.renewal"
    _description = "Service Contract Line Renewal"

    def _prepare_renewal_order_line_vals(self, term_start, term_end):
        """The renewal offer's line for this contract line, for the next
        term ``term_start``–``term_end``: a section or note as such; a billed
        line with its quantity (times the devices, per device) and, as unit
        price, the price of its part of the term (the indexed price per
        price period times the periods), described in the environment's
        language ("Gold, 07/01/2027 – 06/30/2028, $ 110.00 per month"),
        linked back so that confirming the offer prices this very line."""
        self.ensure_one()
        if self.display_type:
            return {"display_type": self.display_type, "name": self.name}
        start = max(term_start, self.date_start or term_start)
        end = min(term_end, self.date_end or term_end)
        months = self._months_per_price()
        periods = term_months(start, end) / months if months else 1.0
        price = self._renewal_price()
        units = self.device_count if self.is_per_device else 1
        return {
            "product_id": self.product_id.id,
            "name": self._renewal_description(start, end, price),
            "product_uom_qty": self.quantity * units,
            "price_unit": self.currency_id.round(price * periods),
            "discount": self.discount,
            "service_contract_renewed_line_id": self.id,
            "service_contract_renewal_periods": periods,
        }

    def _renewal_price(self):
        """The unit price for the next term: the price per price period,
        raised by the template's renewal index."""
        self.ensure_one()
        index = self.contract_id.template_id.renewal_index_percent
        return self.currency_id.round(self.price_unit * (1 + index / 100))

    def _renewal_description(self, start, end, price):
        self.ensure_one()
        env = self.env
        per_period = price_per_period_text(
            env, format_amount(env, price, self.currency_id), self._months_per_price()
        )
        if self.is_per_device:
            per_period = env._("%(price)s per device", price=per_period)
        return env._(
            "%(item)s, %(start)s – %(end)s, %(price)s",
            item=self._renewal_item_name(),
            start=format_date(env, start),
            end=format_date(env, end),
            price=per_period,
        )

    def _renewal_billing_text(self):
        """How the contract bills the renewed line, as its renewal offer
        states it under the line, e.g. "Billed monthly by service contract
        SC/2026/00008"."""
        self.ensure_one()
        values = {"contract": self.contract_id.name}
        interval = self.billing_interval or "monthly"
        if interval == "one_time":
            return self.env._("Billed at once by service contract %(contract)s", **values)
        if interval == "yearly":
            return self.env._("Billed yearly by service contract %(contract)s", **values)
        if interval == "half_yearly":
            return self.env._("Billed half-yearly by service contract %(contract)s", **values)
        if interval == "quarterly":
            return self.env._("Billed quarterly by service contract %(contract)s", **values)
        return self.env._("Billed monthly by service contract %(contract)s", **values)

    def _renewal_item_name(self):
        """The line's description in the environment's language: one the
        line took from its package, service or product (in any installed
        language) is given in this language; one written by hand is kept."""
        self.ensure_one()
        item = self._catalog_item()

        def default_name(lang):
            if item:
                return item.with_context(lang=lang).display_name
            return self.product_id.with_context(lang=lang).get_product_multiline_description_sale()

        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        if self.name in {default_name(code) for code in languages}:
            return default_name(self.env.lang)
        return self.name

    def _renew_price(self, price, date_from):
        """Bill ``price`` per price period from ``date_from`` (the next
        term's start) on, as a price change from that date: the periods
        before keep their price, billed or not."""
        self.ensure_one()
        if self.currency_id.compare_amounts(price, self.price_unit):
            self._apply_price_change(price, date_from)
