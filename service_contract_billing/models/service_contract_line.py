# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from typing import Any, NamedTuple

from odoo import Command, api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from ..tools import periods

#: Changes of a line that change what it bills.
SCHEDULE_FIELDS = {
    "quantity",
    "price_unit",
    "price_period",
    "discount",
    "billing_interval",
    "billing_timing",
    "date_start",
    "date_end",
    "active",
    "package_id",
    "service_id",
    "product_id",
    "display_type",
}


class BillingUnit(NamedTuple):
    """What one contract line bills on its own billing dates: the line for a
    device (per-device packages and services) or for the whole contract
    (``device`` empty), within ``start``–``end`` (end None: open). A unit
    that no longer bills (``active`` False: removed line or device no
    longer covered) still has its billed periods, which corrections then
    refund."""

    line: Any
    device: Any
    start: Any
    end: Any
    active: bool

    @property
    def quantity(self):
        return self.line.quantity

    def dates(self):
        """The unit's billing dates."""
        return self.line.billing_date_ids.filtered(lambda d: d.device_id == self.device)


class ServiceContractLine(models.Model):
    _inherit = "service.contract.line"

    active = fields.Boolean(
        default=True,
        help="A removed line that was billed is archived instead of deleted: "
        "its billed periods are refunded by corrections.",
    )
    billing_date_ids = fields.One2many("service.contract.billing.date", "line_id")
    price_ids = fields.One2many(
        "service.contract.line.price", "line_id", string="Price History"
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._sync_billing_dates()
        return lines

    def write(self, vals):
        # Before the price history is written, so that a locked line says why.
        self._check_lock(set(vals))
        if "price_unit" in vals and not self.env.context.get("service_contract_price_change"):
            self._price_after_billed_periods(vals["price_unit"])
        result = super().write(vals)
        if SCHEDULE_FIELDS & vals.keys():
            self.contract_id._sync_billing_dates()
        return result

    def unlink(self):
        """A line with billed periods is archived, not deleted, so that its
        billing history stays; its billed periods are refunded. So is a line
        whose dates an invoice line points at (a cancelled invoice)."""
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            # Before archiving, so that a locked line says why.
            self._check_lock()
        contracts = self.contract_id
        referenced = self.billing_date_ids._referenced_by_invoice_lines()
        billed = self.filtered(
            lambda line: any(
                d.state != "to_bill" or d in referenced for d in line.billing_date_ids
            )
        )
        billed.write({"active": False})
        result = super(ServiceContractLine, self - billed).unlink()
        contracts._sync_billing_dates()
        return result

    def _price_after_billed_periods(self, new_price):
        """A price typed on the line applies to every period after the last
        billed one. The price history keeps the price billed before, so
        that the billed periods are not corrected; a price change with an
        effective date (``_apply_price_change``) does correct them."""
        for line in self:
            billed = line.billing_date_ids.filtered(
                lambda d: d.kind == "regular" and d.state == "billed"
            )
            if not billed:
                line.price_ids.unlink()
                continue
            start, _end = line._billing_term()
            cut = max(billed.mapped("period_end")) + timedelta(days=1)
            if not line.price_ids:
                line.price_ids = [Command.create({"date_from": start, "price": line.price_unit})]
            line.price_ids.filtered(lambda p, cut=cut: p.date_from >= cut).unlink()
            line.price_ids = [Command.create({"date_from": cut, "price": new_price})]

    def _apply_price_change(self, new_price, date_effective):
        """Keep the old price until ``date_effective`` and the new one from
        then on: only billing dates not yet billed are recomputed, and a
        period that straddles the date is prorated by days. An explicit
        change: it unlocks the lines of started contracts."""
        for line in self._unlocked():
            start, _end = line._billing_term()
            if not line.price_ids:
                line.price_ids = [Command.create({"date_from": start, "price": line.price_unit})]
            line.price_ids.filtered(lambda p, d=date_effective: p.date_from >= d).unlink()
            line.price_ids = [Command.create({"date_from": date_effective, "price": new_price})]
        return super(
            ServiceContractLine, self.with_context(service_contract_price_change=True)
        )._apply_price_change(new_price, date_effective)

    def _price_schedule(self, start, end=None):
        """``[(effective_from, price)]`` of this line for the period maths,
        each price converted from the line's price period into one full
        billing period of its interval; for a one-time payment priced per
        month, quarter or year, the price of the whole term ``start``–``end``."""
        self.ensure_one()
        if self.price_ids:
            schedule = [(price.date_from, price.price) for price in self.price_ids]
        else:
            schedule = [(start, self.price_unit)]
        months = self._months_per_price()
        if months is None:
            return schedule
        if self.billing_interval == "one_time":
            monthly = [(day, price / months) for day, price in schedule]
            return [(start, periods.one_time_amount(monthly, start, end))]
        return [
            (day, periods.interval_price(price, months, self.billing_interval))
            for day, price in schedule
        ]

    def _billing_interval_and_timing(self):
        self.ensure_one()
        return self.billing_interval or "monthly", self.billing_timing or "advance"

    def _billing_units(self):
        """The units this line bills (see ``BillingUnit``): one per covered
        device for a per-device line, else one for the contract; plus, as
        inactive units, those its billing dates name that it no longer
        bills (a device removed, a line no longer per device)."""
        self.ensure_one()
        Device = self.env["service.contract.device"]
        start, end = self._billing_term()
        billing = self.active and not self.display_type
        units = []
        if self.is_per_device:
            for device in self.contract_id.device_ids.sorted("id"):
                term = device._coverage_term(start, end)
                if term is None:
                    units.append(BillingUnit(self, device, start, end, False))
                else:
                    units.append(BillingUnit(self, device, *term, billing))
        else:
            units.append(BillingUnit(self, Device, start, end, billing))
        named = {unit.device for unit in units}
        held = {billing_date.device_id for billing_date in self.billing_date_ids}
        for device in sorted(held - named, key=lambda device: device.id or 0):
            units.append(BillingUnit(self, device, start, end, False))
        return units
