# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ServiceContractPackageLine(models.Model):
    """A single service inside a package, with the package's own included
    quantity, coverage and monthly price (defaulting to the service's)."""

    _name = "service.contract.package.line"
    _inherit = ["service.contract.unit.mixin"]
    _description = "Service Package Line"
    _order = "package_id, sequence, id"

    package_id = fields.Many2one(
        "service.contract.package", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="package_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    service_id = fields.Many2one(
        "service.contract.service", required=True, ondelete="restrict"
    )
    kind_id = fields.Many2one(related="service_id.kind_id")
    scope = fields.Selection(related="service_id.scope")
    reaction_time = fields.Float(related="service_id.reaction_time")
    currency_id = fields.Many2one(related="package_id.currency_id")
    included_quantity = fields.Float(
        compute="_compute_from_service", store=True, readonly=False, precompute=True
    )
    included_unlimited = fields.Boolean(inverse="_inverse_included_unlimited")
    included_uom_id = fields.Many2one(related="service_id.included_uom_id")
    included_period = fields.Selection(related="service_id.included_period")
    coverage_percent = fields.Float(
        string="Coverage (%)",
        compute="_compute_from_service",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_per_month = fields.Monetary(
        compute="_compute_from_service", store=True, readonly=False, precompute=True
    )
    cost_per_month = fields.Monetary(
        compute="_compute_from_service", store=True, readonly=False, precompute=True
    )

    _sql_constraints = [
        (
            "service_uniq",
            "unique(package_id, service_id)",
            "A service can be in a package only once.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.package_id._sync_contract_entitlements()
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["service.contract.usage"].sudo().search_count(
            [("entitlement_id.package_line_id", "in", self.ids)], limit=1
        )
        if used:
            raise UserError(
                self.env._(
                    "Contracts recorded usage of these services: keep them in the "
                    "package, or archive the package."
                )
            )

    def unlink(self):
        packages = self.package_id
        result = super().unlink()
        packages._sync_contract_entitlements()
        return result

    @api.depends("service_id")
    def _compute_from_service(self):
        for line in self:
            service = line.service_id
            line.included_quantity = service.included_quantity
            line.coverage_percent = service.coverage_percent
            line.price_per_month = service.price_per_month
            line.cost_per_month = service.cost_per_month

    def _inverse_included_unlimited(self):
        """Unlimited clears the quantity; a limited line needs one."""
        for line in self:
            if line.included_unlimited:
                line.included_quantity = 0.0
            elif not line.included_quantity:
                raise ValidationError(
                    self.env._(
                        "%(service)s in %(package)s: enter the quantity included, or "
                        "mark it unlimited.",
                        service=line.service_id.name,
                        package=line.package_id.name,
                    )
                )

    @api.constrains(
        "included_quantity", "coverage_percent", "price_per_month", "cost_per_month"
    )
    def _check_values(self):
        for line in self:
            if (
                line.included_quantity < 0
                or line.price_per_month < 0
                or line.cost_per_month < 0
                or not 0 <= line.coverage_percent <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "%(service)s in %(package)s: quantity, price and cost cannot "
                        "be negative and the coverage must be between 0 and 100 %%.",
                        service=line.service_id.name,
                        package=line.package_id.name,
                    )
                )
