# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..models.service_contract_line import LINE_PRICE_PERIODS

#: The changes of a started contract, each applied from (or at) a date.
CHANGES = [
    ("price", "Change Price"),
    ("add_line", "Add Line"),
    ("end_line", "End Line"),
    ("add_device", "Add Device"),
    ("end_device", "End Device Coverage"),
    ("date_end", "Change End Date"),
]
#: States in which a contract is changed by this wizard (a draft is edited
#: in place, an ended contract not at all).
CHANGEABLE_STATES = ("running", "paused", "to_renew")


class ServiceContractChangeWizard(models.TransientModel):
    """The explicit changes of a started contract, whose billing fields are
    locked (``service.contract.lock.mixin``): each applies from or at a
    date, unlocks only the records it changes and posts what it did in the
    contract's chatter. The billing addon makes the billing follow."""

    _name = "service.contract.change.wizard"
    _description = "Change Service Contract"

    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="contract_id.company_id")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    change = fields.Selection(CHANGES, required=True)
    date = fields.Date(
        default=fields.Date.context_today,
        help="Change Price and Add: the first day of the change. End: the last day covered.",
    )
    line_id = fields.Many2one(
        "service.contract.line",
        domain="[('contract_id', '=', contract_id), ('display_type', '=', False)]",
    )
    price_unit_current = fields.Monetary(related="line_id.price_unit", string="Current Price")
    package_id = fields.Many2one(
        "service.contract.package", string="Service Package", check_company=True
    )
    service_id = fields.Many2one(
        "service.contract.service", string="Single Service", check_company=True
    )
    product_id = fields.Many2one("product.product", string="Billing Product", check_company=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        string="Price",
        compute="_compute_price",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_period = fields.Selection(
        LINE_PRICE_PERIODS,
        string="Per",
        compute="_compute_price",
        store=True,
        readonly=False,
        precompute=True,
    )
    device_id = fields.Many2one(
        "service.contract.device",
        string="Covered Device",
        domain="[('contract_id', '=', contract_id)]",
    )
    device_product_id = fields.Many2one("product.product", string="Device", check_company=True)
    serial_number = fields.Char()
    location_partner_id = fields.Many2one("res.partner", string="Installation Address")
    date_end_current = fields.Date(related="contract_id.date_end_agreed", string="Current End")
    date_end_agreed = fields.Date(
        string="New End",
        compute="_compute_date_end_agreed",
        store=True,
        readonly=False,
        precompute=True,
        help="Empty: the contract runs until it is terminated.",
    )

    @api.depends("change", "line_id", "package_id", "service_id", "product_id", "quantity")
    def _compute_price(self):
        """Change Price proposes the line's price; Add Line the price a line
        of the contract would take (the catalog's, or the pricelist's)."""
        for wizard in self:
            if wizard.change == "price":
                wizard.price_unit = wizard.line_id.price_unit
                wizard.price_period = wizard.line_id.price_period
            elif wizard.change == "add_line" and wizard.contract_id:
                line = self.env["service.contract.line"].new(wizard._prepare_line_vals())
                wizard.price_unit = line.price_unit
                wizard.price_period = line.price_period

    @api.depends("contract_id")
    def _compute_date_end_agreed(self):
        for wizard in self:
            wizard.date_end_agreed = wizard.contract_id.date_end_agreed

    def _prepare_line_vals(self):
        """The new line of Add Line, without its price."""
        self.ensure_one()
        vals = {
            "contract_id": self.contract_id.id,
            "quantity": self.quantity,
            "date_start": self.date,
        }
        for name in ("package_id", "service_id", "product_id"):
            if self[name]:
                vals[name] = self[name].id
        return vals

    # === Actions === #
    def action_apply(self):
        self.ensure_one()
        self.contract_id._check_state(
            CHANGEABLE_STATES,
            self.env._("Contract %(contract)s cannot be changed: it is %(state)s."),
        )
        if self.change != "date_end":
            self._check_date()
        getattr(self, f"_apply_{self.change}")()
        return {"type": "ir.actions.act_window_close"}

    def _check_date(self):
        """The day of a change lies in the contract's term."""
        contract = self.contract_id
        if not self.date:
            raise UserError(self.env._("Enter the date of the change."))
        if self.date < contract.date_start or (contract.date_end and self.date > contract.date_end):
            raise UserError(
                self.env._(
                    "%(date)s is outside the term of contract %(contract)s.",
                    date=self.date,
                    contract=contract.display_name,
                )
            )

    def _post(self, body):
        self.contract_id.message_post(
            body=body, subtype_xmlid="service_contract.mt_contract_changed"
        )

    def _check_line(self):
        if not self.line_id:
            raise UserError(self.env._("Choose the line to change."))

    def _apply_price(self):
        """The line's new price from the date on (the line posts the message)."""
        self._check_line()
        self.line_id._unlocked()._apply_price_change(self.price_unit, self.date)

    def _apply_add_line(self):
        if not (self.package_id or self.service_id or self.product_id):
            raise UserError(
                self.env._(
                    "Choose what the new line bills: a service package, a single service "
                    "or a billing product."
                )
            )
        vals = {
            **self._prepare_line_vals(),
            "price_unit": self.price_unit,
            "price_period": self.price_period,
        }
        line = self.env["service.contract.line"]._unlocked().create(vals)
        self._post(
            self.env._(
                "Line %(line)s added from %(date)s at %(price)s.",
                line=line.name,
                date=self.date,
                price=self._format_price(line),
            )
        )

    def _apply_end_line(self):
        self._check_line()
        line = self.line_id
        line._unlocked().date_end = self.date
        self._post(
            self.env._("Line %(line)s ends on %(date)s.", line=line.name, date=self.date)
        )

    def _apply_add_device(self):
        if not self.device_product_id:
            raise UserError(self.env._("Choose the device to add."))
        device = (
            self.env["service.contract.device"]
            ._unlocked()
            .create(
                {
                    "contract_id": self.contract_id.id,
                    "product_id": self.device_product_id.id,
                    "serial_number": self.serial_number,
                    "location_partner_id": self.location_partner_id.id,
                    "date_start": self.date,
                }
            )
        )
        self._post(
            self.env._(
                "Device %(device)s covered from %(date)s.",
                device=device.display_name,
                date=self.date,
            )
        )

    def _apply_end_device(self):
        device = self.device_id
        if not device:
            raise UserError(self.env._("Choose the device whose coverage ends."))
        device._unlocked().date_end = self.date
        self._post(
            self.env._(
                "Device %(device)s covered until %(date)s.",
                device=device.display_name,
                date=self.date,
            )
        )

    def _apply_date_end(self):
        contract = self.contract_id
        old_end = contract.date_end_agreed
        contract._unlocked().date_end_agreed = self.date_end_agreed
        until = self.env._("until terminated")
        self._post(
            self.env._(
                "End date changed from %(old)s to %(new)s.",
                old=old_end or until,
                new=self.date_end_agreed or until,
            )
        )

    def _format_price(self, line):
        periods = dict(line._fields["price_period"]._description_selection(self.env))
        return self.env._(
            "%(price)s per %(period)s",
            price=format_amount(self.env, line.price_unit, line.currency_id),
            period=periods[line.price_period],
        )
