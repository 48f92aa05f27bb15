# Copyright 2026 Service Contract Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models


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

    @api.depends("service_contract_ids")
    def _compute_service_contract_count(self):
        for order in self:
            order.service_contract_count = len(order.service_contract_ids)

    def action_confirm(self):
        result = super().action_confirm()
        for order in self.filtered("renewed_contract_id"):
            order.renewed_contract_id.sudo()._renew_from_order(order)
        self.filtered(lambda order: not order.renewed_contract_id)._create_service_contracts()
        return result

    def _create_service_contracts(self):
        """Create one service contract per confirmed order whose products
        carry service packages, with the sold units as covered devices.

        The contract's template is the first one (by sequence) offered for
        the customer and order whose packages include a sold package, else
        the first one offered; its first billing product bills the contract.
        With a template the contract starts at once; without one it stays a
        draft for the salesperson to complete. An order that already has a
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
            packages = device_lines.product_id.service_contract_package_ids
            template = order._find_service_contract_template(packages)
            vals = order._prepare_service_contract_vals(device_lines, packages, template)
            contract = order.env["service.contract"].create(vals)
            if contract.line_ids:
                contract.action_start()
            else:
                contract.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=contract.user_id.id or self.env.uid,
                    summary=self.env._("Complete the service contract"),
                    note=self.env._(
                        "No contract template was offered for %(order)s: add the "
                        "billing lines and start the contract.",
                        order=order.name,
                    ),
                )
            order.message_post(
                body=self.env._(
                    "Service contract %(contract)s created.", contract=contract._get_html_link()
                )
            )

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

        Order lines selling one of the template's billing products become
        the contract's lines (with the order's quantity and price) and are
        then billed by the contract only; without such lines the contract
        bills the template's first billing product at the price formula's
        price.
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
        if recurring_lines:
            lines = [
                Command.create(self._prepare_service_contract_line_vals(line))
                for line in recurring_lines
            ]
        elif template.billing_product_ids:
            product = template.billing_product_ids[:1]
            lines = [
                Command.create(
                    {
                        "product_id": product.id,
                        "price_unit": template.compute_contract_price(
                            product, self.partner_id, self
                        ),
                    }
                )
            ]
        else:
            lines = []
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "sale_order_id": self.id,
            "template_id": template.id,
            "package_ids": [Command.set((packages | template.package_ids).ids)],
            "date_start": fields.Date.context_today(self),
            "line_ids": lines,
            "device_ids": devices,
        }

    def _prepare_service_contract_line_vals(self, order_line):
        """Contract line billing a recurring fee sold on ``order_line``, at
        the order's discounted price in the company's currency."""
        price = order_line.price_unit * (1 - (order_line.discount or 0.0) / 100.0)
        price = order_line.currency_id._convert(
            price, self.company_id.currency_id, self.company_id, self.date_order.date()
        )
        return {
            "product_id": order_line.product_id.id,
            "name": order_line.name,
            "quantity": order_line.product_uom_qty,
            "price_unit": price,
            "sale_line_id": order_line.id,
        }

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
