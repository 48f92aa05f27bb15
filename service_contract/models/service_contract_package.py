# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .service_contract_price_change_mixin import PRICE_FIELDS
from .service_contract_priced_mixin import PERIOD_MONTHS


class ServiceContractPackage(models.Model):
    """A service package (Leistungspaket): a bundle of single services that is
    sold on its own or carried by a product."""

    _name = "service.contract.package"
    _inherit = [
        "service.contract.priced.mixin",
        "service.contract.price.change.mixin",
        "mail.thread",
    ]
    _description = "Service Package"
    _order = "sequence, name, id"
    _check_company_auto = True
    # Priced by its services, the package's price follows its lines.
    _price_write_fields = (*PRICE_FIELDS, "price_source", "line_ids")

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(help="Short reference shown on documents.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Html(translate=True)
    company_id = fields.Many2one(tracking=True)
    line_ids = fields.One2many(
        "service.contract.package.line", "package_id", string="Services", copy=True
    )
    service_ids = fields.Many2many(
        "service.contract.service",
        compute="_compute_service_ids",
        search="_search_service_ids",
        string="Single Services",
    )
    price_source = fields.Selection(
        [("services", "Sum of Services"), ("fixed", "Fixed Price")],
        required=True,
        default="services",
        help="Sum of services: price and cost add up the services' monthly "
        "figures, converted to the package's period. Fixed: set them here.",
    )
    price = fields.Monetary(
        compute="_compute_price_cost", store=True, readonly=False, precompute=True, tracking=True
    )
    cost = fields.Monetary(
        compute="_compute_price_cost", store=True, readonly=False, precompute=True
    )
    product_id = fields.Many2one(
        compute="_compute_product_id", store=True, readonly=False, precompute=True
    )
    billing_scope = fields.Selection(
        [("device", "Per Device"), ("contract", "Once per Contract")],
        string="Billed",
        compute="_compute_billing_scope",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Per device: a contract bills the package's price for each covered "
        "device. Once per contract: whatever the number of devices. Proposed "
        "from the services: per device when one of them is.",
    )
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "product_template_service_contract_package_rel",
        "package_id",
        "product_tmpl_id",
        string="Products",
        help="Products that carry this package: selling one of them brings the "
        "package into a contract.",
    )
    price_change_ids = fields.One2many("service.contract.price.change", "package_id")

    @api.depends("line_ids.service_id")
    def _compute_service_ids(self):
        for package in self:
            package.service_ids = package.line_ids.service_id

    @api.depends("line_ids.service_id.product_id")
    def _compute_product_id(self):
        for package in self:
            if not package.product_id:
                package.product_id = package.line_ids.service_id.product_id[:1]

    @api.depends("line_ids.service_id.scope")
    def _compute_billing_scope(self):
        for package in self:
            scopes = package.line_ids.service_id.mapped("scope")
            package.billing_scope = "device" if "device" in scopes else "contract"

    def _search_service_ids(self, operator, value):
        return [("line_ids.service_id", operator, value)]

    @api.depends(
        "price_source",
        "price_period",
        "line_ids.price_per_month",
        "line_ids.cost_per_month",
    )
    def _compute_price_cost(self):
        for package in self:
            if package.price_source != "services":
                continue
            months = PERIOD_MONTHS[package.price_period or "month"]
            package.price = sum(package.line_ids.mapped("price_per_month")) * months
            package.cost = sum(package.line_ids.mapped("cost_per_month")) * months

    def _filter_priced(self):
        """The packages with a price of their own; one without is included in
        what is sold and bills nothing."""
        return self.filtered(lambda package: not package.currency_id.is_zero(package.price))

    def _filter_billed_on_sale(self, company):
        """The packages whose price a sale in ``company`` brings into its
        service contract as a line of their own: priced packages with an
        invoicing product usable in ``company``. A priced package without one
        cannot be billed by a line of its own (see
        ``sale.order._get_service_contract_completion_notes``)."""
        return self._filter_priced().filtered(
            lambda package: package.product_id
            and (not package.product_id.company_id or package.product_id.company_id == company)
        )

    def _get_recurring_price_text(self, amount):
        """The package's recurring price as a quotation states it, e.g.
        "Gold: $ 89.00 per month per device", with ``amount`` already
        formatted in the order's currency."""
        self.ensure_one()
        values = {"package": self.display_name, "price": amount}
        if self.billing_scope == "device":
            if self.price_period == "year":
                return self.env._("%(package)s: %(price)s per year per device", **values)
            if self.price_period == "quarter":
                return self.env._("%(package)s: %(price)s per quarter per device", **values)
            return self.env._("%(package)s: %(price)s per month per device", **values)
        if self.price_period == "year":
            return self.env._("%(package)s: %(price)s per year", **values)
        if self.price_period == "quarter":
            return self.env._("%(package)s: %(price)s per quarter", **values)
        return self.env._("%(package)s: %(price)s per month", **values)

    def _sync_contract_entitlements(self):
        """Bring the entitlements of contracts with these packages in step
        after services were added to or removed from the packages."""
        contracts = self.env["service.contract"].sudo().search(
            [("package_ids", "in", self.ids), ("state", "!=", "expired")]
        )
        contracts._sync_entitlements()
