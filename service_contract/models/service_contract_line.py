# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from .service_contract_priced_mixin import PERIOD_MONTHS
from .service_contract_template import BILLING_INTERVALS, BILLING_TIMINGS, INTERVAL_MONTHS


#: The periods a contract line's price can be given for.
LINE_PRICE_PERIODS = [
    ("period", "Billing Period"),
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("year", "Year"),
]
#: What a contract line bills.
LINE_TYPES = [
    ("package", "Service Package"),
    ("service", "Single Service"),
    ("product", "Billing Product"),
]


class ServiceContractLine(models.Model):
    """What a contract bills: a service package, a single service or a
    billing product, at a price for a price period, billed in the line's own
    interval and timing (default: the template's), valid from start to end
    (default: the contract's term). A package or service whose scope is per
    device bills its price for each covered device.

    Lines with a ``display_type`` are sections and notes: they structure the
    contract and bill nothing."""

    _name = "service.contract.line"
    _inherit = [
        "service.contract.lock.mixin",
        "service.contract.line.calculation",
        "service.contract.line.renewal",
    ]
    _description = "Service Contract Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    direction = fields.Selection(related="contract_id.direction")
    sequence = fields.Integer(default=10)
    display_type = fields.Selection(
        [("line_section", "Section"), ("line_note", "Note")],
        help="Sections and notes structure the contract; they bill nothing.",
    )
    line_type = fields.Selection(
        LINE_TYPES,
        string="Bills",
        compute="_compute_line_type",
        store=True,
    )
    package_id = fields.Many2one(
        "service.contract.package",
        string="Service Package",
        check_company=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    service_id = fields.Many2one(
        "service.contract.service",
        string="Single Service",
        check_company=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    product_id = fields.Many2one(
        "product.product",
        check_company=True,
        index=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The product the invoice lines use: a billing product, or the "
        "invoicing product of the package or service.",
    )
    name = fields.Text(
        string="Description", compute="_compute_name", store=True, readonly=False, precompute=True
    )
    is_per_device = fields.Boolean(
        compute="_compute_is_per_device",
        help="The price is billed for each covered device.",
    )
    device_count = fields.Integer(
        string="Devices",
        compute="_compute_is_per_device",
        help="Covered devices the price is billed for (per-device lines).",
    )
    quantity = fields.Float(
        default=1.0,
        digits="Product Unit of Measure",
        help="Per device, for a package or service billed per device.",
    )
    price_unit = fields.Monetary(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        help="The price for one price period (see Per).",
    )
    price_period = fields.Selection(
        LINE_PRICE_PERIODS,
        string="Per",
        compute="_compute_price_period",
        store=True,
        readonly=False,
        precompute=True,
        help="The period the unit price is for; it is converted exactly into the "
        "billing interval (1,200.00 per year billed quarterly: 300.00 a "
        "quarter). Billing Period: the price is for one billing interval.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    billing_interval = fields.Selection(
        BILLING_INTERVALS,
        compute="_compute_billing_rhythm",
        store=True,
        readonly=False,
        precompute=True,
        help="Proposed by the contract's template. One-time payment bills the "
        "line's whole term at once.",
    )
    billing_timing = fields.Selection(
        BILLING_TIMINGS,
        string="Invoicing",
        compute="_compute_billing_rhythm",
        store=True,
        readonly=False,
        precompute=True,
        help="In advance: each period is billed at its start. In arrears: at its end.",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal",
        compute="_compute_price_subtotal",
        store=True,
        help="Quantity (times the devices, per device) times the unit price less "
        "the discount, for one price period.",
    )
    date_start = fields.Date(string="From", help="Empty: from the contract's start.")
    date_end = fields.Date(string="Until", help="Empty: until the contract's end.")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The order line this contract line bills; the sale does not invoice it.",
    )

    # === Compute methods === #
    @api.depends("display_type", "package_id", "service_id")
    def _compute_line_type(self):
        for line in self:
            if line.display_type:
                line.line_type = False
            elif line.package_id:
                line.line_type = "package"
            elif line.service_id:
                line.line_type = "service"
            else:
                line.line_type = "product"

    @api.depends("package_id", "service_id")
    def _compute_product_id(self):
        for line in self:
            catalog = line._catalog_item()
            if catalog:
                line.product_id = catalog.product_id or line.product_id

    @api.depends("product_id", "package_id", "service_id")
    def _compute_name(self):
        for line in self:
            catalog = line._catalog_item()
            if catalog:
                line.name = catalog.display_name
            elif line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale() or line.name

    @api.depends("package_id.billing_scope", "service_id.scope", "contract_id.device_ids")
    def _compute_is_per_device(self):
        for line in self:
            per_device = (
                line.package_id.billing_scope == "device"
                if line.package_id
                else line.service_id.scope == "device"
            )
            line.is_per_device = per_device and not line.display_type
            line.device_count = len(line.contract_id.device_ids) if line.is_per_device else 0

    @api.depends(
        "product_id", "package_id", "service_id", "contract_id.pricelist_id", "contract_id.currency_id"
    )
    def _compute_price_unit(self):
        """A package or service takes the catalog's price (a supplier
        contract: the cost, what the partner charges us), converted into the
        contract's currency at today's rate; a billing product its price
        from the contract's pricelist (without one: its sales price), in the
        contract's currency."""
        today = fields.Date.context_today(self)
        for line in self:
            contract = line.contract_id
            catalog = line._catalog_item()
            if catalog:
                supplier = contract.direction == "supplier"
                line.price_unit = catalog.currency_id._convert(
                    catalog.cost if supplier else catalog.price,
                    contract.currency_id,
                    contract.company_id,
                    today,
                )
            else:
                pricelist = contract.pricelist_id.with_company(contract.company_id)
                line.price_unit = (
                    pricelist._get_product_price(
                        line.product_id, line.quantity or 1.0, currency=contract.currency_id, date=today
                    )
                    if line.product_id
                    else 0.0
                )

    @api.depends("package_id", "service_id")
    def _compute_price_period(self):
        """The catalog's price period; a billing product's price is for one
        billing period. (Apart from the price: a database upgraded to this
        field keeps its lines' prices.)"""
        for line in self:
            catalog = line._catalog_item()
            line.price_period = catalog.price_period if catalog else "period"

    @api.depends("contract_id.template_id")
    def _compute_billing_rhythm(self):
        for line in self:
            template = line.contract_id.template_id
            line.billing_interval = template.billing_interval or line.billing_interval or "monthly"
            line.billing_timing = template.billing_timing or line.billing_timing or "advance"

    @api.depends("quantity", "price_unit", "discount", "is_per_device", "device_count")
    def _compute_price_subtotal(self):
        for line in self:
            units = line.device_count if line.is_per_device else 1
            line.price_subtotal = (
                units * line.quantity * line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            )

    def _billing_term(self):
        """The part of the contract's term this line bills, as (start, end):
        from the later start to the earlier end; end is None for a contract
        without end, start False when neither has a start yet."""
        self.ensure_one()
        contract = self.contract_id
        start = max(filter(None, [contract.date_start, self.date_start]), default=False)
        ends = [day for day in (contract.date_end, self.date_end) if day]
        return start, (min(ends) if ends else None)

    def _months_per_price(self):
        """How many months one unit price pays for: the price period's, or,
        for a price per billing period, the billing interval's. None for a
        one-time payment priced per billing period: that price pays for the
        line's whole term."""
        self.ensure_one()
        if self.price_period != "period":
            return PERIOD_MONTHS[self.price_period]
        return INTERVAL_MONTHS.get(self.billing_interval or "monthly")

    def _catalog_item(self):
        """The package or single service the line bills (empty for a billing
        product)."""
        self.ensure_one()
        return self.package_id or self.service_id

    @api.constrains("display_type", "package_id", "service_id", "product_id")
    def _check_what_is_billed(self):
        for line in self:
            if line.display_type:
                continue
            if line.package_id and line.service_id:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: a line bills a package or a single service, not both.",
                        contract=line.contract_id.display_name,
                    )
                )
            if not line.product_id:
                catalog = line._catalog_item()
                raise ValidationError(
                    self.env._(
                        "%(contract)s: %(item)s names no invoicing product; set one on it "
                        "(or on the kind of its services) so that its invoice lines can be "
                        "posted.",
                        contract=line.contract_id.display_name,
                        item=catalog.display_name,
                    )
                    if catalog
                    else self.env._(
                        "%(contract)s: choose what the line bills: a service package, a "
                        "single service or a billing product.",
                        contract=line.contract_id.display_name,
                    )
                )

    @api.constrains("quantity", "price_unit", "discount", "date_start", "date_end")
    def _check_values(self):
        for line in self:
            if not 0 <= line.discount <= 100:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: the discount of %(item)s must be between 0 and 100 %%.",
                        contract=line.contract_id.display_name,
                        item=line.name,
                    )
                )
            if line.quantity < 0 or line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: quantity and price of %(product)s cannot be negative.",
                        contract=line.contract_id.display_name,
                        product=line.name,
                    )
                )
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: the line %(product)s cannot end before it starts.",
                        contract=line.contract_id.display_name,
                        product=line.name,
                    )
                )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._grant_billed_packages()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "package_id" in vals:
            self._grant_billed_packages()
        return result

    def _grant_billed_packages(self):
        """A contract that bills a package grants its services: the package
        joins the contract's packages (and so its entitlements)."""
        for contract, lines in self.filtered("package_id").grouped("contract_id").items():
            missing = lines.package_id - contract.package_ids
            if missing:
                contract.package_ids = [Command.link(package.id) for package in missing]

    def _apply_price_change(self, new_price, date_effective):
        """Apply a billing product's new price from ``date_effective`` on.

        Here the lines simply take the new price; the billing addon extends
        this so that only billing dates not yet invoiced change.
        """
        for line in self._unlocked():
            old_price = line.price_unit
            line.price_unit = new_price
            line.contract_id.message_post(
                body=self.env._(
                    "Price of %(product)s changed from %(old)s to %(new)s as of %(date)s.",
                    product=line.name,
                    old=old_price,
                    new=new_price,
                    date=date_effective,
                ),
                subtype_xmlid="service_contract.mt_contract_changed",
            )
