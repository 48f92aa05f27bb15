# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import format_amount

from .service_contract_renewal import price_per_period_text


class SaleOrder(models.Model):
    _inherit = "sale.order"

    service_contract_ids = fields.One2many(
        "service.contract", "sale_order_id", string="Service Contracts"
    )
    service_contract_count = fields.Integer(compute="_compute_service_contract_count")
    renewed_contract_id = fields.Many2one(
        "service.contract",
        string="Renews Contract",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Confirming this quotation extends the contract by another term.",
    )
    renewal_term_start = fields.Date(
        string="Next Term From",
        copy=False,
        readonly=True,
        help="The renewal offer's term: the day after the contract's end.",
    )
    renewal_term_end = fields.Date(string="Next Term Until", copy=False, readonly=True)
    renewal_recurring_text = fields.Char(
        string="Recurring Price",
        compute="_compute_renewal_recurring_text",
        help="What the renewed contract bills per period (its lines added up per "
        "period, discounts deducted), e.g. 220.00 per month; the order's total is "
        "that of the whole term.",
    )

    @api.depends("service_contract_ids")
    def _compute_service_contract_count(self):
        for order in self:
            order.service_contract_count = len(order.service_contract_ids)

    @api.depends(
        "order_line.price_subtotal",
        "order_line.service_contract_renewal_periods",
        "order_line.service_contract_renewed_line_id",
        "currency_id",
    )
    @api.depends_context("lang")
    def _compute_renewal_recurring_text(self):
        """The lines' prices per period, for each period the contract lines
        are priced for (salespeople without rights on contracts and portal
        customers see it too)."""
        for order in self:
            per_period = {}
            for line in order.order_line.sudo().filtered("service_contract_renewed_line_id"):
                months = line.service_contract_renewed_line_id._months_per_price()
                periods = line.service_contract_renewal_periods or 1.0
                per_period[months] = per_period.get(months, 0.0) + line.price_subtotal / periods
            order.renewal_recurring_text = " + ".join(
                price_per_period_text(
                    self.env, format_amount(self.env, amount, order.currency_id), months
                )
                for months, amount in sorted(per_period.items(), key=lambda item: item[0] or 0)
            ) or False

    def action_confirm(self):
        result = super().action_confirm()
        for order in self.filtered("renewed_contract_id"):
            order.renewed_contract_id.sudo()._unlocked()._renew_from_order(order)
        self.filtered(lambda order: not order.renewed_contract_id)._create_service_contracts()
        return result

    def _create_service_contracts(self):
        """Create one service contract per confirmed order whose products
        carry service packages, with the sold units as covered devices.

        The contract's template is the first one (by sequence) offered for
        the customer and order whose packages include a sold package, else
        the first one offered. What the contract bills: see
        ``_prepare_service_contract_vals``. The contract starts at once,
        unless the salesperson has to complete it first (see
        ``_get_service_contract_completion_notes``): it then stays a draft
        with an activity saying what to do. An order that already has a
        contract gets no second one.

        The salesperson who confirms need not have rights on contracts and
        templates: the contract is made as superuser, in the order's company
        (the templates are searched in that company explicitly).
        """
        for order in self.sudo().filtered(lambda o: not o.service_contract_ids):
            order = order.with_company(order.company_id)
            device_lines = order.order_line.filtered(
                lambda line: line.product_id.service_contract_package_ids
                and line.product_uom_qty > 0
            )
            if not device_lines:
                continue
            packages = order._get_service_contract_packages(device_lines.product_id)
            template = order._find_service_contract_template(packages)
            vals = order._prepare_service_contract_vals(device_lines, packages, template)
            contract = order.env["service.contract"].create(vals)
            notes = order._get_service_contract_completion_notes(contract, packages)
            if notes:
                contract.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=contract.user_id.id or self.env.uid,
                    summary=self.env._("Complete the service contract"),
                    note=Markup().join(Markup("<p>%s</p>") % note for note in notes),
                )
            else:
                contract.action_start()
            order.message_post(
                body=self.env._(
                    "Service contract %(contract)s created.", contract=contract._get_html_link()
                )
            )

    def _get_service_contract_packages(self, products):
        """The service packages ``products`` carry that this order's company
        uses (as superuser: salespeople and portal customers need them too)."""
        self.ensure_one()
        return products.sudo().service_contract_package_ids.filtered(
            lambda package: not package.company_id or package.company_id == self.company_id
        )

    def _get_service_contract_completion_notes(self, contract, packages):
        """What the salesperson completes before ``contract``, just created
        for this order, can start; empty when it starts at once.

        A contract without a template, or without lines, waits. So does one
        whose sold packages bill by lines of their own while a sold package
        with a price lacks an invoicing product: nothing would bill that
        package. When no sold package bills by a line of its own, the
        contract bills its template's billing product, as it always did.
        """
        self.ensure_one()
        notes = []
        if not contract.template_id:
            notes.append(
                self.env._(
                    "No contract template was offered for %(order)s: check the "
                    "contract's term and start the contract.",
                    order=self.name,
                )
                if contract.line_ids
                else self.env._(
                    "No contract template was offered for %(order)s: add the "
                    "billing lines and start the contract.",
                    order=self.name,
                )
            )
        elif not contract.line_ids:
            notes.append(
                self.env._(
                    "Neither %(order)s nor its contract template %(template)s says what "
                    "the contract bills: add the billing lines and start the contract.",
                    order=self.name,
                    template=contract.template_id.name,
                )
            )
        if contract.line_ids.package_id:
            unbilled = packages._filter_priced() - contract.line_ids.package_id
            notes += [
                self.env._(
                    "The package %(package)s, sold on %(order)s, has a price but no "
                    "invoicing product, so the contract does not bill it: set its "
                    "invoicing product, add a line for it and start the contract.",
                    package=package.display_name,
                    order=self.name,
                )
                for package in unbilled.sorted()
            ]
        return notes

    def _find_service_contract_template(self, packages):
        self.ensure_one()
        templates = self.env["service.contract.template"].search(
            [("company_id", "in", [self.company_id.id, False])]
        )
        offered = templates.filtered(
            lambda template: template.is_valid_for(self.partner_id, self)
        )
        matching = offered.filtered(lambda template: template.package_ids & packages)
        return (matching or offered)[:1]

    def _prepare_service_contract_vals(self, device_lines, packages, template):
        """Values of the contract created for this order; extension hook.

        Each sold package with a price and an invoicing product becomes a
        line of the contract at its catalog price and price period, once per
        contract: a package billed per device bills its price for each
        covered device. Order lines selling one of the template's billing
        products become lines too (with the order's quantity and price) and
        are then billed by the contract only. Without either, the contract
        bills the template's first billing product at the price formula's
        price, as before packages were priced for sale; never both, which
        would bill the contract twice.
        """
        self.ensure_one()
        devices = [
            Command.create(
                {"product_id": line.product_id.id, "note": self.name, "sale_line_id": line.id}
            )
            for line in device_lines
            for _unit in range(int(line.product_uom_qty))
        ]
        recurring_lines = self.order_line.filtered(
            lambda line: not line.display_type
            and line.product_uom_qty > 0
            and line.product_id in template.billing_product_ids
        )
        lines = [
            Command.create(self._prepare_service_contract_package_line_vals(package))
            for package in packages._filter_billed_on_sale(self.company_id).sorted()
        ] + [
            Command.create(self._prepare_service_contract_line_vals(line))
            for line in recurring_lines
        ]
        if not lines and template.billing_product_ids:
            product = template.billing_product_ids[:1]
            price = template.compute_contract_price(
                product, self.partner_id, self, pricelist=self.pricelist_id, currency=self.currency_id
            )
            lines = [Command.create({"product_id": product.id, "price_unit": price})]
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "user_id": self.user_id.id,
            "sale_order_id": self.id,
            "template_id": template.id,
            "package_ids": [Command.set((packages | template.package_ids).ids)],
            "date_start": fields.Date.context_today(self),
            "line_ids": lines,
            "device_ids": devices,
        }

    def _prepare_service_contract_package_line_vals(self, package):
        """Contract line billing a sold ``package``: its catalog price and
        price period, its invoicing product and description come with it."""
        return {"package_id": package.id, "quantity": 1.0}

    def _prepare_service_contract_line_vals(self, order_line):
        """Contract line billing a recurring fee sold on ``order_line``, at
        the order's discounted price (the contract is in the order's
        pricelist and currency)."""
        price = order_line.price_unit * (1 - (order_line.discount or 0.0) / 100.0)
        return {
            "product_id": order_line.product_id.id,
            "name": order_line.name,
            "quantity": order_line.product_uom_qty,
            "price_unit": price,
            "sale_line_id": order_line.id,
        }

    def _find_mail_template(self):
        """A renewal offer is sent with its contract template's email."""
        self.ensure_one()
        if (
            self.renewed_contract_id
            and self.state in ("draft", "sent")
            and not self.env.context.get("proforma")
        ):
            mail_template = self.sudo().renewed_contract_id.template_id.renewal_mail_template_id
            if mail_template:
                return self.env["mail.template"].browse(mail_template.id)
        return super()._find_mail_template()

    def action_view_service_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        if len(self.service_contract_ids) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.service_contract_ids.id)
        return action

    def action_new_service_contract(self):
        self.ensure_one()
        return self.env["service.contract.create.wizard"]._action_open(order=self)
