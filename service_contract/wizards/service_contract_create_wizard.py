# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ServiceContractCreateWizard(models.TransientModel):
    """The "New service contract" wizard: offers the templates whose validity
    formula holds for the partner (and originating sales order), lets the
    user pick the billing product, computes the price and takes the covered
    devices. Opened from the supplier contracts it makes a supplier contract."""

    _name = "service.contract.create.wizard"
    _description = "New Service Contract"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    direction = fields.Selection(
        [("customer", "Customer Contract"), ("supplier", "Supplier Contract")],
        required=True,
        default="customer",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    sale_order_id = fields.Many2one("sale.order", string="Sales Order")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The contract's pricelist: the sales order's, else the customer's.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    available_template_ids = fields.Many2many(
        "service.contract.template", compute="_compute_available_template_ids"
    )
    template_id = fields.Many2one(
        "service.contract.template",
        domain="[('id', 'in', available_template_ids)]",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    billing_product_ids = fields.Many2many(related="template_id.billing_product_ids")
    has_billing_product_choice = fields.Boolean(compute="_compute_has_billing_product_choice")
    billing_product_id = fields.Many2one(
        "product.product",
        domain="[('id', 'in', billing_product_ids)]",
        compute="_compute_billing_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        string="Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_period = fields.Char(
        compute="_compute_price_period",
        help="The period the price is for: the template's billing interval.",
    )
    device_ids = fields.One2many(
        "service.contract.create.wizard.device", "wizard_id", string="Covered Devices"
    )
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End", compute="_compute_date_end")
    contract_report_id = fields.Many2one(related="template_id.contract_report_id")
    print_document = fields.Boolean(
        string="Print Contract Document",
        compute="_compute_print_document",
        store=True,
        readonly=False,
        help="When the new contract opens, offer the template's contract document "
        "for printing.",
    )

    @api.depends("partner_id", "sale_order_id", "company_id")
    def _compute_available_template_ids(self):
        Template = self.env["service.contract.template"]
        for wizard in self:
            templates = Template.search(
                [("company_id", "in", [wizard.company_id.id, False])]
            )
            wizard.available_template_ids = (
                templates.filtered(
                    lambda t, w=wizard: t.is_valid_for(w.partner_id, w.sale_order_id)
                )
                if wizard.partner_id
                else Template
            )

    @api.depends("partner_id", "sale_order_id", "company_id", "direction")
    def _compute_pricelist_id(self):
        """The contract's pricelist; supplier contracts have none."""
        for wizard in self:
            if wizard.direction == "supplier":
                wizard.pricelist_id = False
                continue
            partner = wizard.partner_id.with_company(wizard.company_id)
            wizard.pricelist_id = (
                wizard.sale_order_id.pricelist_id
                if wizard.sale_order_id
                else partner.property_product_pricelist
            )

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard.pricelist_id.currency_id or wizard.company_id.currency_id

    @api.depends("available_template_ids")
    def _compute_template_id(self):
        for wizard in self:
            if wizard.template_id._origin not in wizard.available_template_ids._origin:
                wizard.template_id = wizard.available_template_ids[:1]._origin

    @api.depends("billing_product_ids")
    def _compute_has_billing_product_choice(self):
        for wizard in self:
            wizard.has_billing_product_choice = len(wizard.billing_product_ids) > 1

    @api.depends("template_id")
    def _compute_billing_product_id(self):
        for wizard in self:
            if (
                wizard.billing_product_id._origin
                not in wizard.template_id.billing_product_ids._origin
            ):
                wizard.billing_product_id = wizard.template_id.billing_product_ids[:1]._origin

    @api.depends("template_id", "billing_product_id", "partner_id", "sale_order_id", "pricelist_id")
    def _compute_price_unit(self):
        for wizard in self:
            if wizard.template_id and wizard.billing_product_id and wizard.partner_id:
                template = wizard.template_id.with_company(wizard.company_id)
                wizard.price_unit = template.compute_contract_price(
                    wizard.billing_product_id,
                    wizard.partner_id,
                    wizard.sale_order_id,
                    pricelist=wizard.pricelist_id,
                    currency=wizard.currency_id,
                )
            else:
                wizard.price_unit = wizard.billing_product_id.lst_price

    @api.depends("template_id.billing_interval")
    def _compute_price_period(self):
        periods = {
            "monthly": self.env._("per Month"),
            "quarterly": self.env._("per Quarter"),
            "half_yearly": self.env._("per Half-year"),
            "yearly": self.env._("per Year"),
            "one_time": self.env._("for the whole term"),
        }
        for wizard in self:
            wizard.price_period = periods.get(wizard.template_id.billing_interval, "")

    @api.depends("template_id")
    def _compute_print_document(self):
        for wizard in self:
            wizard.print_document = bool(wizard.template_id.contract_report_id)

    @api.depends("template_id", "date_start")
    def _compute_date_end(self):
        for wizard in self:
            template = wizard.template_id
            if not template or template.is_open_ended or not wizard.date_start:
                wizard.date_end = False
                continue
            wizard.date_end = template._term_end(wizard.date_start)

    @api.model
    def _action_open(self, partner=None, order=None):
        """The window action opening the wizard for a customer or an order."""
        context = {}
        if partner:
            context["default_partner_id"] = partner.id
        if order:
            context.update(
                default_partner_id=order.partner_id.id,
                default_sale_order_id=order.id,
                default_company_id=order.company_id.id,
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Service Contract"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def _prepare_contract_vals(self):
        """The values of the new contract; extension hook."""
        self.ensure_one()
        return {
            "direction": self.direction,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "template_id": self.template_id.id,
            "date_start": self.date_start,
            "user_id": (self.sale_order_id.user_id or self.env.user).id,
            "sale_order_id": self.sale_order_id.id,
            "line_ids": [
                Command.create(
                    {
                        "product_id": self.billing_product_id.id,
                        "quantity": self.quantity,
                        "price_unit": self.price_unit,
                    }
                )
            ],
            "device_ids": [
                Command.create(device._prepare_device_vals()) for device in self.device_ids
            ],
        }

    def action_create(self):
        self.ensure_one()
        if not self.template_id:
            raise UserError(
                self.env._(
                    "No contract template is offered for %(customer)s.",
                    customer=self.partner_id.display_name,
                )
            )
        if self.template_id.id not in self.available_template_ids.ids:
            raise UserError(
                self.env._(
                    "Template %(template)s is not offered for %(customer)s.",
                    template=self.template_id.name,
                    customer=self.partner_id.display_name,
                )
            )
        if not self.billing_product_id:
            raise UserError(self.env._("Choose the billing product of the contract."))
        contract = self.env["service.contract"].create(self._prepare_contract_vals())
        action = {
            "type": "ir.actions.act_window",
            "res_model": "service.contract",
            "res_id": contract.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        if self.print_document and self.contract_report_id:
            return self._action_offer_document(contract, action)
        return action

    def _action_offer_document(self, contract, next_action):
        """A notification offering the contract document as a link, then
        ``next_action`` (opening the contract)."""
        report = self.contract_report_id
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": True,
                # %s: where the notification puts the link
                "message": self.env._("Contract %(contract)s was created.", contract=contract.name)
                + " %s",
                "links": [
                    {
                        "label": self.env._("Print the contract document"),
                        "url": f"/report/pdf/{report.report_name}/{contract.id}",
                    }
                ],
                "next": next_action,
            },
        }
