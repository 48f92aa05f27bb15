# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .service_contract import ACTIVE_STATES
from .service_contract_price_change import ITEM_FIELDS
from .service_contract_priced_mixin import PERIOD_MONTHS

#: Written, these change what a package's or service's price means.
PRICE_FIELDS = ("price", "cost", "price_period")


class ServiceContractPriceChangeMixin(models.AbstractModel):
    """A package or service whose price running contracts bill: when its
    sales price (customer contracts) or its cost (supplier contracts)
    changes, in amount or in price period, each company whose running
    contracts bill it is asked whether to apply the new price to them, as
    for a billing product. The models declare ``price_change_ids``."""

    _name = "service.contract.price.change.mixin"
    _description = "Service Contract Price Change Question"

    #: Fields whose writing may change the price or cost.
    _price_write_fields = PRICE_FIELDS

    pending_price_change_id = fields.Many2one(
        "service.contract.price.change", compute="_compute_pending_price_change_id"
    )

    @api.depends("price_change_ids.state")
    @api.depends_context("company")
    def _compute_pending_price_change_id(self):
        """The question waiting for the current company's decision."""
        for record in self:
            record.pending_price_change_id = record.price_change_ids.filtered(
                lambda change: change.state == "pending" and change.company_id == self.env.company
            )[:1]

    def write(self, vals):
        if not set(self._price_write_fields) & vals.keys():
            return super().write(vals)
        before = self.sudo()._price_snapshot()
        result = super().write(vals)
        self.sudo()._register_price_changes(before)
        return result

    def _price_snapshot(self):
        """``{record: (price, cost, price_period)}``, to compare after a write."""
        return {record: (record.price, record.cost, record.price_period) for record in self}

    def _register_price_changes(self, before):
        """Ask about each price and cost that changed since ``before`` (see
        ``_price_snapshot``): a change of the price period alone changes
        what the price means too. Asked of the running contracts billing
        the record: customer contracts for the price, supplier contracts
        for the cost."""
        Line = self.env["service.contract.line"].sudo()
        Change = self.env["service.contract.price.change"].sudo()
        field = ITEM_FIELDS[self._name]
        for record in self:
            old_price, old_cost, old_period = before[record]
            for direction, old, new in (
                ("customer", old_price, record.price),
                ("supplier", old_cost, record.cost),
            ):
                if not record.currency_id.compare_amounts(
                    old / PERIOD_MONTHS[old_period], new / PERIOD_MONTHS[record.price_period]
                ):
                    continue
                lines = Line.search(
                    [
                        (field, "=", record.id),
                        ("display_type", "=", False),
                        ("contract_id.state", "in", ACTIVE_STATES),
                        ("contract_id.direction", "=", direction),
                    ]
                )
                Change._ask(
                    record,
                    lines,
                    {
                        "direction": direction,
                        "old_price": old,
                        "new_price": new,
                        "old_price_period": old_period,
                        "new_price_period": record.price_period,
                    },
                )

    def action_decide_price_change(self):
        self.ensure_one()
        return self.pending_price_change_id._action_decide()
