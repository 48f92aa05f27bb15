# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.tools import format_amount

from .service_contract_priced_mixin import PERIOD_MONTHS, PRICE_PERIODS

#: The field of a price change (and of a contract line) naming what changed.
ITEM_FIELDS = {
    "product.template": "product_tmpl_id",
    "service.contract.package": "package_id",
    "service.contract.service": "service_id",
}


class ServiceContractPriceChange(models.Model):
    """A price change of a billing product, a service package or a single
    service, and the user's answer to it: apply the new price to the running
    contracts that bill it, or not. One per company whose contracts bill it:
    each company decides for its own contracts. For a package or service,
    one per side as well: customer contracts bill its sales price, supplier
    contracts its cost. A billing product's sales price is what all its
    lines bill."""

    _name = "service.contract.price.change"
    _description = "Contract Price Change"
    _order = "create_date desc, id desc"

    product_tmpl_id = fields.Many2one(
        "product.template", string="Billing Product", ondelete="cascade", index=True
    )
    package_id = fields.Many2one(
        "service.contract.package",
        string="Service Package",
        ondelete="cascade",
        index="btree_not_null",
    )
    service_id = fields.Many2one(
        "service.contract.service",
        string="Single Service",
        ondelete="cascade",
        index="btree_not_null",
    )
    direction = fields.Selection(
        [("customer", "Customer Contracts"), ("supplier", "Supplier Contracts")],
        string="Contracts",
        help="Whose lines the change concerns: a package's or service's sales "
        "price is what customer contracts bill, its cost what supplier "
        "contracts bill. Empty for a billing product: all its lines.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The currency of the product, package or service whose price changed.",
    )
    old_price = fields.Monetary(required=True)
    new_price = fields.Monetary(required=True)
    old_price_period = fields.Selection(
        PRICE_PERIODS,
        string="Old Price per",
        help="The period a package's or service's old price was for.",
    )
    new_price_period = fields.Selection(
        PRICE_PERIODS,
        string="New Price per",
        help="The period a package's or service's new price is for; each line "
        "takes the new price converted into its own price period.",
    )
    summary = fields.Char(string="Change", compute="_compute_summary")
    line_ids = fields.Many2many(
        "service.contract.line",
        string="Contract Lines",
        help="The lines of running contracts that billed it at the time.",
    )
    line_count = fields.Integer(compute="_compute_line_count")
    state = fields.Selection(
        [
            ("pending", "Waiting for Decision"),
            ("applied", "Applied to Contracts"),
            ("kept", "Contracts Kept Their Price"),
        ],
        required=True,
        default="pending",
    )
    date_effective = fields.Date(string="Effective from")
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decided_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "one_item",
            "CHECK(num_nonnulls(product_tmpl_id, package_id, service_id) = 1)",
            "A price change concerns one billing product, service package or single service.",
        ),
    ]

    # === Compute methods === #
    @api.depends("product_tmpl_id.currency_id", "package_id.currency_id", "service_id.currency_id")
    def _compute_currency_id(self):
        for change in self:
            change.currency_id = change._item().currency_id or change.company_id.currency_id

    @api.depends(
        "product_tmpl_id",
        "package_id",
        "service_id",
        "direction",
        "old_price",
        "new_price",
        "old_price_period",
        "new_price_period",
    )
    def _compute_summary(self):
        for change in self:
            item = change._item()
            change.summary = self.env._(
                "%(kind)s %(item)s, %(price)s: %(old)s → %(new)s",
                kind=self._fields[ITEM_FIELDS[item._name]]._description_string(self.env),
                item=item.display_name,
                price=self.env._("cost") if change.direction == "supplier" else self.env._("sales price"),
                old=change._format_price(change.old_price, change.old_price_period),
                new=change._format_price(change.new_price, change.new_price_period),
            )

    def _compute_display_name(self):
        for change in self:
            change.display_name = change.summary

    def _compute_line_count(self):
        for change in self:
            change.line_count = len(change.line_ids)

    # === Business methods === #
    def _item(self):
        """The billing product, package or service whose price changed."""
        self.ensure_one()
        return self.product_tmpl_id or self.package_id or self.service_id

    def _format_price(self, price, period):
        amount = format_amount(self.env, price, self.currency_id)
        if not period:
            return amount
        return self.env._(
            "%(amount)s per %(period)s",
            amount=amount,
            period=dict(self._fields["new_price_period"]._description_selection(self.env))[period],
        )

    @api.model
    def _ask(self, item, lines, values):
        """Record a pending change of ``item``'s price (``values``: old and
        new price, their price periods and the direction) for each company
        whose ``lines`` bill it, so that each company is asked whether to
        apply it to its contracts. A second change before the first was
        decided updates the question instead of asking twice."""
        field = ITEM_FIELDS[item._name]
        for company, company_lines in lines.grouped("company_id").items():
            update = {
                "new_price": values["new_price"],
                "new_price_period": values.get("new_price_period", False),
                "line_ids": [Command.set(company_lines.ids)],
            }
            pending = self.search(
                [
                    (field, "=", item.id),
                    ("company_id", "=", company.id),
                    ("direction", "=", values.get("direction", False)),
                    ("state", "=", "pending"),
                ],
                limit=1,
            )
            if pending:
                pending.write(update)
            else:
                self.create({**values, **update, field: item.id, "company_id": company.id})

    def _line_price(self, line, date):
        """The new price as ``line`` bills it. A package's or service's new
        price is converted from its price period into the line's own (lines
        keep their price period), by months; then, like any new price, into
        the line's currency at ``date``.

        A line that pays its whole term at once for a price per billing
        period has no months to convert by: its price changes in the
        proportion of the catalog's monthly prices (and stays, when the old
        one was zero)."""
        self.ensure_one()
        price = self.new_price
        if self.new_price_period:
            new_months = PERIOD_MONTHS[self.new_price_period]
            months = line._months_per_price()
            if months is None:
                old_monthly = self.old_price / PERIOD_MONTHS[self.old_price_period]
                if not old_monthly:
                    return line.price_unit
                return line.price_unit * self.new_price / new_months / old_monthly
            price = self.new_price * months / new_months
        return self.currency_id._convert(price, line.currency_id, line.company_id, date)

    def _action_decide(self):
        """The wizard that asks whether to apply this change."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply the New Price to Contracts?"),
            "res_model": "service.contract.price.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_price_change_id": self.id},
        }

    def _decide(self, state, date_effective=False):
        self.write(
            {
                "state": state,
                "date_effective": date_effective,
                "decided_by_id": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
