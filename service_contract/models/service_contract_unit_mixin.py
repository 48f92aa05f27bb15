# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_is_zero, formatLang


class ServiceContractUnitMixin(models.AbstractModel):
    """What a service grants, written with its units for lists, forms and
    the portal: "4 h", "50 %", "10 Hours per Year" or "Unlimited".

    The models using it have ``reaction_time`` (hours), ``coverage_percent``
    (0-100), ``included_quantity`` (0: no limit), ``included_uom_id`` and
    ``included_period``."""

    _name = "service.contract.unit.mixin"
    _description = "Service Contract Units"

    included_unlimited = fields.Boolean(
        string="Unlimited",
        compute="_compute_included_unlimited",
        help="No limit on the quantity: the service is used as often as needed.",
    )
    reaction_time_display = fields.Char(
        string="Reaction", compute="_compute_unit_display"
    )
    coverage_display = fields.Char(string="Coverage", compute="_compute_unit_display")
    included_display = fields.Char(string="Included", compute="_compute_unit_display")

    @api.depends("included_quantity")
    def _compute_included_unlimited(self):
        for record in self:
            record.included_unlimited = float_is_zero(record.included_quantity, precision_digits=6)

    @api.depends(
        "reaction_time",
        "coverage_percent",
        "included_quantity",
        "included_uom_id",
        "included_period",
    )
    @api.depends_context("lang")
    def _compute_unit_display(self):
        periods = dict(self._fields["included_period"]._description_selection(self.env))
        for record in self:
            record.reaction_time_display = (
                self.env._("%(hours)s h", hours=record._format_unit_number(record.reaction_time))
                if record.reaction_time
                else ""
            )
            record.coverage_display = self.env._(
                "%(percent)s %%", percent=record._format_unit_number(record.coverage_percent)
            )
            if float_is_zero(record.included_quantity, precision_digits=6):
                record.included_display = self.env._("Unlimited")
            else:
                record.included_display = self.env._(
                    "%(quantity)s %(unit)s %(period)s",
                    quantity=record._format_unit_number(record.included_quantity),
                    unit=record.included_uom_id.name or "",
                    period=periods.get(record.included_period, ""),
                ).replace("  ", " ")

    def _format_unit_number(self, value):
        """``value`` in the user's language, without decimals when it is
        whole: 4 -> "4", 1.5 -> "1.5" (German "1,5")."""
        if float_is_zero(value - round(value), precision_digits=2):
            return formatLang(self.env, value, digits=0)
        return formatLang(self.env, value, digits=2).rstrip("0")
