# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .service_contract_price_change_mixin import PRICE_FIELDS

INCLUDED_PERIODS = [
    ("month", "per Month"),
    ("quarter", "per Quarter"),
    ("year", "per Year"),
    ("term", "per Contract Term"),
]
SCOPES = [
    ("device", "Per Device"),
    ("all_devices", "Across Devices"),
    ("customer", "Per Customer"),
]


class ServiceContractService(models.Model):
    """A single service (Einzelleistung): one right a customer holds, or one
    obligation a supplier holds towards us."""

    _name = "service.contract.service"
    _inherit = [
        "service.contract.priced.mixin",
        "service.contract.price.change.mixin",
        "service.contract.unit.mixin",
        "mail.thread",
    ]
    _description = "Single Service"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    kind_id = fields.Many2one(
        "service.contract.service.kind", required=True, ondelete="restrict", tracking=True
    )
    description = fields.Html(translate=True)
    company_id = fields.Many2one(tracking=True)
    reaction_time = fields.Float(
        string="Guaranteed Reaction Time",
        help="Hours within which we (or the partner) react to a request, "
        "counted in the working time of the calendar. 0 means no guarantee.",
        tracking=True,
    )
    reaction_calendar_id = fields.Many2one(
        "resource.calendar",
        help="Working time in which the reaction time runs, with its time zone "
        "and public holidays (e.g. 4 business hours on-site). Leave empty to "
        "count round the clock (24/7 hotline).",
    )
    coverage_percent = fields.Float(
        string="Coverage (%)",
        default=100.0,
        help="Share of the cost the contract covers, e.g. 100 for parts, "
        "50 for labour.",
        tracking=True,
    )
    included_quantity = fields.Float(
        help="Quantity included per period, e.g. 2 visits or 10 hours a year. "
        "0 means no limit (Unlimited)."
    )
    included_unlimited = fields.Boolean(inverse="_inverse_included_unlimited")
    included_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        default=lambda self: self.env.ref("uom.product_uom_unit", raise_if_not_found=False),
    )
    included_period = fields.Selection(INCLUDED_PERIODS, default="year", required=True)
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="device",
        help="Per device: each covered device has its own entitlement. Across "
        "devices: one entitlement shared by all the customer's covered devices. "
        "Per customer: not tied to devices at all.",
        tracking=True,
    )
    validity_months = fields.Integer(
        string="Validity (Months)",
        help="How long the service is valid within a contract, from the "
        "contract's start, e.g. a 24-month manufacturer warranty in a 5-year "
        "contract. 0: the whole term.",
    )
    validity_display = fields.Char(string="Validity", compute="_compute_validity_display")
    provider = fields.Selection(
        [("company", "Our Company"), ("partner", "External Service Partner")],
        required=True,
        default="company",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Service Partner",
        check_company=True,
        help="The external service partner who delivers the service; the cost "
        "is then what the partner charges us.",
        tracking=True,
    )
    product_id = fields.Many2one(
        compute="_compute_product_id", store=True, readonly=False, precompute=True
    )
    package_line_ids = fields.One2many("service.contract.package.line", "service_id")
    package_count = fields.Integer(compute="_compute_package_count")
    price_change_ids = fields.One2many("service.contract.price.change", "service_id")

    @api.depends("kind_id")
    def _compute_product_id(self):
        for service in self:
            service.product_id = service.kind_id.product_id or service.product_id

    @api.depends("validity_months")
    @api.depends_context("lang")
    def _compute_validity_display(self):
        for service in self:
            service.validity_display = (
                self.env._("%(months)s months", months=service.validity_months)
                if service.validity_months
                else self.env._("Contract term")
            )

    def _inverse_included_unlimited(self):
        """Unlimited clears the quantity; a limited service needs one."""
        for service in self:
            if service.included_unlimited:
                service.included_quantity = 0.0
            elif not service.included_quantity:
                raise ValidationError(
                    self.env._(
                        "%(service)s: enter the quantity included, or mark it unlimited.",
                        service=service.name,
                    )
                )

    @api.depends("package_line_ids")
    def _compute_package_count(self):
        for service in self:
            service.package_count = len(service.package_line_ids.package_id)

    @api.constrains(
        "reaction_time", "coverage_percent", "included_quantity", "validity_months"
    )
    def _check_quantities(self):
        for service in self:
            if service.reaction_time < 0:
                raise ValidationError(
                    self.env._(
                        "The reaction time of %(service)s cannot be negative.",
                        service=service.name,
                    )
                )
            if not 0 <= service.coverage_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The coverage of %(service)s must be between 0 and 100 %%.",
                        service=service.name,
                    )
                )
            if service.included_quantity < 0:
                raise ValidationError(
                    self.env._(
                        "The included quantity of %(service)s cannot be negative.",
                        service=service.name,
                    )
                )
            if not 0 <= service.validity_months <= 1000:
                raise ValidationError(
                    self.env._(
                        "The validity of %(service)s must be between 0 and 1000 months.",
                        service=service.name,
                    )
                )

    @api.constrains("provider", "partner_id")
    def _check_partner(self):
        for service in self:
            if service.provider == "partner" and not service.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(service)s is delivered by an external service partner: "
                        "choose the partner.",
                        service=service.name,
                    )
                )

    def write(self, vals):
        """A new price or cost of the service reaches the packages that
        carry it at the service's own figures (``_pass_price_on``); a
        package priced by its services then changes its price by
        recomputation, and its running contracts are asked about it too."""
        if not set(PRICE_FIELDS) & vals.keys():
            return super().write(vals)
        packages = self.sudo().package_line_ids.package_id
        packages_before = packages._price_snapshot()
        monthly_before = {
            service: (service.price_per_month, service.cost_per_month) for service in self.sudo()
        }
        result = super().write(vals)
        self.sudo()._pass_price_on(monthly_before)
        packages._register_price_changes(packages_before)
        return result

    def _pass_price_on(self, monthly_before):
        """Package lines holding a service's old monthly price or cost
        (``monthly_before``: ``{service: (price, cost)}``) take its new one;
        a figure of the package's own for the service stays."""
        for service in self:
            old_price, old_cost = monthly_before[service]
            for line in service.package_line_ids:
                compare = line.currency_id.compare_amounts
                values = {}
                if compare(service.price_per_month, old_price) and not compare(
                    line.price_per_month, old_price
                ):
                    values["price_per_month"] = service.price_per_month
                if compare(service.cost_per_month, old_cost) and not compare(
                    line.cost_per_month, old_cost
                ):
                    values["cost_per_month"] = service.cost_per_month
                if values:
                    line.write(values)

    def action_view_packages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_package_action"
        )
        action["domain"] = [("id", "in", self.package_line_ids.package_id.ids)]
        return action

    def get_reaction_deadline(self, received_at):
        """Return when the guaranteed reaction is due for a request received
        at ``received_at`` (naive UTC datetime), as a naive UTC datetime.

        The hours run only in the reaction calendar's working time, in the
        calendar's time zone, skipping its public holidays (global leaves).
        Without a calendar the hours run round the clock. Returns False when
        the service guarantees no reaction time.
        """
        self.ensure_one()
        if not self.reaction_time:
            return False
        if not self.reaction_calendar_id:
            return received_at + timedelta(hours=self.reaction_time)
        return self.reaction_calendar_id.plan_hours(
            self.reaction_time, received_at, compute_leaves=True
        )
